#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace herd {

// Asking before an action that ends more than one process (Kill all; Terminate or Kill on a
// selection of several). The question has a "Don't ask again" box; Settings → "Ask before
// ending several processes" turns the question back on. The choice is kept in QSettings.
namespace Confirmation {

// Whether the question is asked (default: yes).
bool isEnabled();
void setEnabled(bool ask);

// Calls proceed() at once when the question is off, else opens a window-modal question
// (object name "confirmation") and calls proceed() only if the user confirms. Never blocks.
void ask(QWidget *parent, const QString &title, const QString &text, const QString &confirmText,
         const std::function<void()> &proceed);

} // namespace Confirmation

} // namespace herd
