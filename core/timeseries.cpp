#include "timeseries.h"

#include <algorithm>

namespace herd {

TimeSeries::TimeSeries(int series, int capacity)
    : m_series(qMax(1, series))
    , m_capacity(qMax(1, capacity))
    , m_times(size_t(m_capacity))
    , m_values(size_t(m_capacity) * size_t(m_series))
{
}

int TimeSeries::index(int i) const
{
    Q_ASSERT(i >= 0 && i < m_size);
    return (m_first + i) % m_capacity;
}

void TimeSeries::add(qint64 timeMs, std::initializer_list<double> values)
{
    Q_ASSERT(int(values.size()) == m_series);
    int slot;
    if (m_size < m_capacity) {
        slot = (m_first + m_size) % m_capacity;
        ++m_size;
    } else {
        slot = m_first; // the oldest goes
        m_first = (m_first + 1) % m_capacity;
    }
    m_times[size_t(slot)] = timeMs;
    double *row = &m_values[size_t(slot) * size_t(m_series)];
    int s = 0;
    for (double v : values) {
        if (s < m_series)
            row[s++] = v;
    }
}

void TimeSeries::clear()
{
    m_size = 0;
    m_first = 0;
}

qint64 TimeSeries::time(int i) const
{
    return m_times[size_t(index(i))];
}

double TimeSeries::value(int i, int series) const
{
    Q_ASSERT(series >= 0 && series < m_series);
    return m_values[size_t(index(i)) * size_t(m_series) + size_t(series)];
}

double TimeSeries::max(int series, qint64 sinceMs) const
{
    double best = 0;
    for (int i = m_size - 1; i >= 0 && time(i) >= sinceMs; --i)
        best = std::max(best, value(i, series));
    return best;
}

} // namespace herd
