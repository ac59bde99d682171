#pragma once

#include <QtGlobal>

#include <vector>

namespace herd {

// A few figures sampled over time, kept for a bounded number of samples (the oldest go
// first): the history behind the window's plots (queue depth and throughput, a process's
// CPU and memory). Fixed memory, one allocation, O(1) to add.
class TimeSeries final
{
public:
    // `series` values per sample, at most `capacity` samples.
    TimeSeries(int series, int capacity);

    // Adds a sample taken at timeMs (any monotonic clock, in ms); values.size() == series().
    void add(qint64 timeMs, std::initializer_list<double> values);
    void clear();

    int series() const { return m_series; }
    int capacity() const { return m_capacity; }
    int size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    // Sample i, 0 the oldest kept.
    qint64 time(int i) const;
    double value(int i, int series) const;
    qint64 lastTime() const { return m_size ? time(m_size - 1) : 0; }
    // The largest value of one series among the samples at or after sinceMs (0 if none).
    double max(int series, qint64 sinceMs) const;

private:
    int index(int i) const;

    int m_series;
    int m_capacity;
    int m_size = 0;
    int m_first = 0;
    std::vector<qint64> m_times;
    std::vector<double> m_values; // m_capacity rows of m_series values
};

} // namespace herd
