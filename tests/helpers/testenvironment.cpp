// Linked into every test: the helper programs' paths, compiled in, so a test runs alone
// (under a debugger, or straight from the build folder) as it does under CTest. A path
// already in the environment wins, so CTest or a person can point a test elsewhere. Set
// before main() runs, so every child a test starts inherits them too.

#include <QByteArray>
#include <QtGlobal>

namespace {

struct TestEnvironment {
    TestEnvironment()
    {
        const struct {
            const char *name;
            const char *path;
        } defaults[] = {
            {"HERD_TESTCHILD", HERD_TESTCHILD_DEFAULT},
            {"HERD_VANDAL", HERD_VANDAL_DEFAULT},
            {"HERD_WORKER_BIN", HERD_WORKER_BIN_DEFAULT},
            {"HERD_BIN", HERD_BIN_DEFAULT},
            {"HERD_SOURCE_DIR", HERD_SOURCE_DIR_DEFAULT},
        };
        for (const auto &d : defaults) {
            if (qEnvironmentVariableIsEmpty(d.name))
                qputenv(d.name, QByteArray(d.path));
        }
    }
};

const TestEnvironment testEnvironment;

} // namespace
