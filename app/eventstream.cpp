#include "eventstream.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cstdio>

namespace herd {

QString EventStream::open(const QString &path)
{
    if (path == QLatin1String("-")) {
        m_stdout = true;
        if (!m_file.open(stdout, QIODevice::WriteOnly))
            return QCoreApplication::translate("herd::EventStream", "cannot write events to standard output");
        return {};
    }
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QCoreApplication::translate("herd::EventStream", "cannot write events to %1: %2")
            .arg(path, m_file.errorString());
    return {};
}

void EventStream::write(const QJsonObject &event)
{
    if (!m_file.isOpen())
        return;
    QByteArray line = QJsonDocument(event).toJson(QJsonDocument::Compact);
    line += '\n';
    m_file.write(line);
}

void EventStream::flush()
{
    if (m_file.isOpen())
        m_file.flush();
}

} // namespace herd
