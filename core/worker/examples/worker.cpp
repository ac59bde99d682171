// A Herd worker in C++, built with CMake against an installed Herd (see CMakeLists.txt).
#include <herd_worker.hpp>

#include <iostream>

int main()
{
    herd::RemoteWorker worker; // attaches as Herd's workers do
    while (auto task = worker.take()) {
        worker.done(*task, std::to_string(task->payload.size()) + " bytes");
        std::cout << worker.name() << " handled task " << task->id << std::endl;
    }
}
