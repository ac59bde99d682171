#include "workercolors.h"

#include <QHash>
#include <QRegularExpression>

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
    static const QRegularExpression numbered(QStringLiteral("-(\\d+)$"));
    const QRegularExpressionMatch m = numbered.match(workerName);
    if (m.hasMatch()) {
        const int n = m.captured(1).toInt();
        if (n > 0)
            return palette[(n - 1) % count];
    }
    return palette[qHash(workerName) % count];
}

} // namespace herd
