#include "shellwords.h"

#include <QCoreApplication>

namespace herd {

Result<QStringList> splitShellWords(const QString &line)
{
    QStringList words;
    QString error;
    QString word;
    bool inWord = false;
    enum class Quote { None, Single, Double } quote = Quote::None;

    for (int i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        switch (quote) {
        case Quote::Single:
            if (c == QLatin1Char('\''))
                quote = Quote::None;
            else
                word += c;
            break;
        case Quote::Double:
            if (c == QLatin1Char('"')) {
                quote = Quote::None;
            } else if (c == QLatin1Char('\\') && i + 1 < line.size()
                       && QStringLiteral("\"\\$`\n").contains(line.at(i + 1))) {
                ++i;
                if (line.at(i) != QLatin1Char('\n'))
                    word += line.at(i);
            } else {
                word += c;
            }
            break;
        case Quote::None:
            if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\n')) {
                if (inWord) {
                    words << word;
                    word.clear();
                    inWord = false;
                }
            } else if (c == QLatin1Char('\'')) {
                quote = Quote::Single;
                inWord = true;
            } else if (c == QLatin1Char('"')) {
                quote = Quote::Double;
                inWord = true;
            } else if (c == QLatin1Char('\\')) {
                inWord = true;
                if (i + 1 < line.size()) {
                    ++i;
                    if (line.at(i) != QLatin1Char('\n'))
                        word += line.at(i);
                } else {
                    error = QCoreApplication::translate("herd", "the command ends with a lone backslash");
                }
            } else {
                word += c;
                inWord = true;
            }
            break;
        }
    }
    if (error.isEmpty() && quote == Quote::Single)
        error = QCoreApplication::translate("herd", "a single quote (') is not closed");
    else if (error.isEmpty() && quote == Quote::Double)
        error = QCoreApplication::translate("herd", "a double quote (\") is not closed");
    if (!error.isEmpty())
        return Result<QStringList>::failure(error);
    if (inWord)
        words << word;
    return Result<QStringList>::success(words);
}

QString joinShellWords(const QStringList &words)
{
    QStringList quoted;
    quoted.reserve(words.size());
    for (const QString &w : words) {
        bool plain = !w.isEmpty();
        for (const QChar c : w) {
            if (!(c.isLetterOrNumber() || QStringLiteral("-_./=:,+@%").contains(c))) {
                plain = false;
                break;
            }
        }
        if (plain) {
            quoted << w;
        } else {
            QString q = w;
            q.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
            quoted << QLatin1Char('\'') + q + QLatin1Char('\'');
        }
    }
    return quoted.join(QLatin1Char(' '));
}

} // namespace herd
