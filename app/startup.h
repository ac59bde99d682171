#pragma once

// What both of Herd's modes do as they start: the window (herd-window, loaded by herd when
// a window is asked for) and --headless (herd itself).

#include "result.h"

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace herd {

QStringList argumentsOf(int argc, char **argv);

// The interface language: --lang, else the one chosen in the window's Language menu, else
// the system's. English is built in; other languages load Herd's and Qt's own catalogues.
// Called again when the Language menu changes it: the catalogues installed before are
// removed first, and Qt tells every widget (QEvent::LanguageChange), which retranslates.
// Fails (Herd then speaks English) when the asked language is not available.
Result<void> installTranslations(QCoreApplication *app, const QString &requested);

// --lang's value straight from argv, for messages printed before the options are known.
QString requestedLanguage(int argc, char **argv);

// The application's name, organisation and version, for QSettings and --version.
void setIdentity();

// What both modes do first, once the application object exists: how freed memory is kept
// for reuse (see keepFreedBlocksForReuse in startup.cpp), the identity, the
// language (a language not available is said on standard error) and the sweep of the
// processes a Herd killed outright left behind (its direct children die with it, their
// descendants do not), ended before this Herd starts anything and said on standard error
// too. Returns what the sweep did, "" if nothing, for the window to show as well.
QString beginRun(QCoreApplication *app, const QString &language);

} // namespace herd
