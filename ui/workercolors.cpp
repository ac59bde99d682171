#include "workercolors.h"

#include <QHash>

namespace herd {

QColor workerColor(const QString &workerName)
{
    // Tableau 10: a palette made for telling categories apart.
    static const QColor palette[] = {
        QColor(0x4e, 0x79, 0xa7), QColor(0xf2, 0x8e, 0x2b), QColor(0x59, 0xa1, 0x4f), QColor(0xe1, 0x57, 0x59),
        QColor(0x76, 0xb7, 0xb2), QColor(0xed, 0xc9, 0x48), QColor(0xb0, 0x7a, 0xa1), QColor(0xff, 0x9d, 0xa7),
        QColor(0x9c, 0x75, 0x5f), QColor(0xba, 0xb0, 0xac),
    };
    constexpr int count = int(sizeof palette / sizeof palette[0]);
    if (workerName.isEmpty())
        return QColor(Qt::gray);
    // "Name-N": the N-th colour. Read by hand, not by a regular expression: every painted
    // cell of a worker asks, many times a second.
    int digits = 0;
    for (qsizetype i = workerName.size() - 1; i >= 0 && workerName.at(i).isDigit() && workerName.at(i).unicode() < 128; --i)
        ++digits;
    const qsizetype dash = workerName.size() - digits - 1;
    if (digits > 0 && dash >= 0 && workerName.at(dash) == QLatin1Char('-')) {
        bool ok = false;
        const int n = QStringView(workerName).right(digits).toInt(&ok);
        if (ok && n > 0)
            return palette[(n - 1) % count];
    }
    return palette[qHash(workerName) % count];
}

} // namespace herd
