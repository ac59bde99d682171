#pragma once

#include <QColor>
#include <QVector>
#include <QWidget>

namespace herd {

// Counts in one line, each a coloured dot, a name and the count in bold:
// "● queued 12   ● running 4   ● done 1,024". Painted, not a rich-text label: the counts
// change at every display tick, and a rich-text label parses its HTML and lays out a text
// document for each change (and once more to say how wide it is).
class CountChips final : public QWidget
{
    Q_OBJECT

public:
    struct Chip {
        QString label;
        QString count; // already formatted in the user's locale
        QColor color;
        bool operator==(const Chip &other) const
        {
            return label == other.label && count == other.count && color == other.color;
        }
    };

    explicit CountChips(QWidget *parent = nullptr);

    void setChips(const QVector<Chip> &chips);
    const QVector<Chip> &chips() const { return m_chips; }
    // What it says, as plain text: "queued 12 · running 4" (also its accessible name).
    QString text() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    int contentWidth() const;

    QVector<Chip> m_chips;
    int m_width = 0;
};

} // namespace herd
