#pragma once

#include <QColor>
#include <QVector>
#include <QWidget>

#include "timeseries.h"

#include <functional>
#include <optional>

namespace herd {


// A small line plot of a TimeSeries over its last minutes: one line per chosen series, the
// y axis from 0 to a round maximum, and a legend with each line's latest value. Painted,
// no chart library; it repaints only when update() is called (the owner's display tick).
class HistoryPlot final : public QWidget
{
    Q_OBJECT

public:
    struct Line {
        QString label;
        QColor color;
        int series = 0;
    };
    using Formatter = std::function<QString(double)>;

    explicit HistoryPlot(QWidget *parent = nullptr);

    // What to draw of the samples, and how values read.
    void setLines(const QVector<Line> &lines, Formatter format);
    // The samples (copied: a few hundred of them), then repaints.
    void setSamples(const TimeSeries &samples);
    void clearSamples();
    void setTitle(const QString &title);
    void setWindowMs(qint64 ms) { m_windowMs = ms; }
    qint64 windowMs() const { return m_windowMs; }

    // The round maximum of the y axis for the samples shown (for tests and tooltips).
    double axisMax() const;
    // The legend as text: "depth 12 · running 4".
    QString legendText() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    std::optional<TimeSeries> m_samples;
    const TimeSeries *m_data = nullptr; // &*m_samples, or nullptr
    QVector<Line> m_lines;
    Formatter m_format;
    QString m_title;
    qint64 m_windowMs = 120000;
};

// The smallest of 1, 2, 2.5, 5 × 10^n at or above value (1 for anything below it).
double niceCeiling(double value);

} // namespace herd
