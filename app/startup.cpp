#include "startup.h"

#include "process/orphanreaper.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QSettings>
#include <QTranslator>

#include <cstdio>
#include <cstring>

#include <malloc.h>

namespace herd {

QStringList argumentsOf(int argc, char **argv)
{
    QStringList list;
    for (int i = 0; i < argc; ++i)
        list << QString::fromLocal8Bit(argv[i]);
    return list;
}

Result<void> installTranslations(QCoreApplication *app, const QString &requested)
{
    static QPointer<QTranslator> installedHerd;
    static QPointer<QTranslator> installedQt;
    for (QPointer<QTranslator> *installed : {&installedHerd, &installedQt}) {
        if (*installed) {
            QCoreApplication::removeTranslator(*installed);
            delete installed->data();
        }
    }
    QString lang = requested;
    if (lang.isEmpty())
        lang = QSettings().value(QStringLiteral("ui/language")).toString();
    const QLocale locale = lang.isEmpty() ? QLocale::system() : QLocale(lang);
    // QLocale("xx") is the C locale: an unknown name must be said, not taken for English.
    if (!requested.isEmpty() && locale.language() == QLocale::C && requested != QLatin1String("C"))
        return Result<void>::failure(QStringLiteral("no language called \"%1\"; using English").arg(requested));
    if (locale.language() == QLocale::English || locale.language() == QLocale::C)
        return Result<void>::success();
    auto *catalogue = new QTranslator(app);
    if (!catalogue->load(locale, QStringLiteral("herd"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete catalogue;
        if (requested.isEmpty())
            return Result<void>::success(); // the system's language, which Herd does not speak
        return Result<void>::failure(QStringLiteral("no translation for \"%1\"; using English").arg(requested));
    }
    auto *qt = new QTranslator(app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt);
        installedQt = qt;
    } else {
        delete qt;
    }
    // Herd's last: it is looked up first.
    QCoreApplication::installTranslator(catalogue);
    installedHerd = catalogue;
    return Result<void>::success();
}

QString requestedLanguage(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--lang") == 0 && i + 1 < argc)
            return QString::fromLocal8Bit(argv[i + 1]);
        if (std::strncmp(argv[i], "--lang=", 7) == 0)
            return QString::fromLocal8Bit(argv[i] + 7);
    }
    return {};
}

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("herd"));
    QCoreApplication::setOrganizationName(QStringLiteral("herd"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HERD_VERSION));
}

namespace {

// Herd's thread makes and frees blocks of up to half a megabyte many times a second: the
// output read from a worker's pipe in one turn, the echo of its lines. By default glibc gives
// a block above its threshold (128 KiB, raised to the largest such block freed) back to the
// kernel when it is freed, and trims the heap when more than twice that is free at its top,
// so the next block is fresh memory again: a page fault for each of its pages, which on a
// virtual machine costs the host's work as well (about 10 µs a page on the one Herd is
// measured on). A fixed threshold of 4 MiB keeps such blocks in the heap, and the heap keeps
// up to 32 MiB free for them. Larger blocks (a task file read whole) still come and go as
// mappings of their own, and so do the ledger's chunks, which are mapped directly.
void keepFreedBlocksForReuse()
{
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 32 * 1024 * 1024);
}

// What the sweep for leftovers did, for the user, or an empty string.
QString killLeftovers()
{
    const OrphanReaper::Leftovers left = OrphanReaper::killLeftovers();
    if (left.processes.isEmpty())
        return {};
    return QCoreApplication::translate("herd", "reaped %n orphan(s) left running by a Herd that was killed: %1",
                                       nullptr, int(left.processes.size()))
        .arg(left.processes.join(QStringLiteral(", ")));
}

} // namespace

QString beginRun(QCoreApplication *app, const QString &language)
{
    keepFreedBlocksForReuse();
    setIdentity();
    const Result<void> installed = installTranslations(app, language);
    if (!installed.ok())
        std::fprintf(stderr, "herd: %s\n", qPrintable(installed.error));
    const QString reaped = killLeftovers();
    if (!reaped.isEmpty())
        std::fprintf(stderr, "herd: %s\n", qPrintable(reaped));
    return reaped;
}

} // namespace herd
