#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace herd {

// Asks for a new watchdog timeout for running processes. The duration is checked while it
// is typed: negative values and values past kMaxTimeoutMs are refused with a message and
// OK stays disabled; 0 (or empty) removes the watchdog.
class TimeoutDialog final : public QDialog
{
    Q_OBJECT

public:
    // target: what the timeout applies to ("Process-3", "3 processes").
    TimeoutDialog(const QString &target, qint64 currentMs, QWidget *parent = nullptr);

    qint64 timeoutMs() const { return m_ms; }
    QString errorText() const;
    QLineEdit *lineEdit() const { return m_edit; }

    void accept() override;

private:
    void validate();

    QLineEdit *m_edit = nullptr;
    QLabel *m_error = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    qint64 m_ms = 0;
    bool m_valid = true;
};

} // namespace herd
