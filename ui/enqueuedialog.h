#pragma once

#include <QDialog>

class QButtonGroup;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

namespace herd {

class Session;

// Enqueue tasks: N tasks (payloads 1..N as ids), one task per line of a file, or lines typed
// here. The session does the enqueueing; anything it refuses (no queue, a payload too
// large, an empty file) is explained here and the dialog stays open.
class EnqueueDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit EnqueueDialog(Session *session, QWidget *parent = nullptr);

    enum class Source {
        Count,
        File,
        Lines,
    };
    void setSource(Source source);
    void setCount(int count);
    void setFile(const QString &path);
    void setLines(const QString &text);
    QString errorText() const;

    // Enqueues what the dialog describes; returns "" or why nothing was enqueued.
    QString enqueue();

    void accept() override;

private:
    void updateEnabled();
    QString countProblem() const; // "" when the count field shows a valid number

    Session *m_session;
    QRadioButton *m_countButton;
    QRadioButton *m_fileButton;
    QRadioButton *m_linesButton;
    QSpinBox *m_count;
    QLineEdit *m_file;
    QPlainTextEdit *m_lines;
    QLabel *m_error;
    QDialogButtonBox *m_buttons;
};

} // namespace herd
