#include "enqueuedialog.h"

#include "numberfield.h"
#include "session.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace herd {

EnqueueDialog::EnqueueDialog(Session *session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_countButton(new QRadioButton(tr("&Number of tasks:"), this))
    , m_fileButton(new QRadioButton(tr("One task per line of a &file:"), this))
    , m_linesButton(new QRadioButton(tr("One task per &line below:"), this))
    , m_count(new QSpinBox(this))
    , m_file(new QLineEdit(this))
    , m_lines(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Enqueue tasks"));
    setObjectName(QStringLiteral("enqueueDialog"));
    m_count->setRange(1, 1000000000);
    m_count->setValue(10);
    m_count->setGroupSeparatorShown(true);
    m_count->setToolTip(tr("Tasks get the next free ids; each task's payload is its id"));
    m_count->setObjectName(QStringLiteral("countSpin"));
    connect(NumberFieldGuard::install(m_count), &NumberFieldGuard::shownTextChanged, this, [this] {
        if (m_countButton)
            updateEnabled();
    });
    m_file->setPlaceholderText(tr("tasks.txt"));
    auto *browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Tasks, one per line"), m_file->text());
        if (!path.isEmpty()) {
            m_file->setText(path);
            m_fileButton->setChecked(true);
        }
    });
    m_lines->setPlaceholderText(tr("resize photo-1.jpg\nresize photo-2.jpg"));
    m_lines->setTabChangesFocus(true);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    {
        QSizePolicy keep = m_error->sizePolicy();
        keep.setRetainSizeWhenHidden(true); // the rows above do not move when it shows
        m_error->setSizePolicy(keep);
    }
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Enqueue"));

    auto *fileRow = new QHBoxLayout;
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    auto *layout = new QVBoxLayout(this);
    auto *countRow = new QHBoxLayout;
    countRow->addWidget(m_countButton);
    countRow->addWidget(m_count, 1);
    layout->addLayout(countRow);
    layout->addWidget(m_fileButton);
    layout->addLayout(fileRow);
    layout->addWidget(m_linesButton);
    layout->addWidget(m_lines, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    m_countButton->setChecked(true);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &EnqueueDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &EnqueueDialog::reject);
    for (QRadioButton *b : {m_countButton, m_fileButton, m_linesButton})
        connect(b, &QRadioButton::toggled, this, &EnqueueDialog::updateEnabled);
    connect(m_file, &QLineEdit::textEdited, this, [this] { m_fileButton->setChecked(true); });
    connect(m_lines, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_lines->toPlainText().isEmpty())
            m_linesButton->setChecked(true);
    });
    // What the count shows is what is enqueued, or nothing is ("0" or an empty field is
    // refused where the user looks, never replaced by the last valid number).
    updateEnabled();
    resize(460, 360);
}

QString EnqueueDialog::countProblem() const
{
    if (!m_countButton->isChecked() || NumberFieldGuard::showsValidValue(m_count))
        return QString();
    return tr("Number of tasks: type a whole number from %1 to %2.")
        .arg(QLocale().toString(m_count->minimum()), QLocale().toString(m_count->maximum()));
}

void EnqueueDialog::updateEnabled()
{
    m_count->setEnabled(m_countButton->isChecked());
    const QString problem = countProblem();
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void EnqueueDialog::setSource(Source source)
{
    (source == Source::Count ? m_countButton : source == Source::File ? m_fileButton : m_linesButton)->setChecked(true);
}

void EnqueueDialog::setCount(int count)
{
    m_count->setValue(count);
}

void EnqueueDialog::setFile(const QString &path)
{
    m_file->setText(path);
}

void EnqueueDialog::setLines(const QString &text)
{
    m_lines->setPlainText(text);
}

QString EnqueueDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString EnqueueDialog::enqueue()
{
    if (!m_session->queue())
        return tr("This session has no task queue, so tasks cannot be enqueued.");
    if (m_countButton->isChecked()) {
        const QString problem = countProblem();
        return problem.isEmpty() ? m_session->enqueueCount(m_count->value()).error : problem;
    }
    if (m_fileButton->isChecked()) {
        const QString path = m_file->text().trimmed();
        if (path.isEmpty())
            return tr("Choose a file with one task per line.");
        if (path == QLatin1String("-"))
            return tr("Standard input cannot be read from the window; choose a file.");
        return m_session->enqueueFile(path).error;
    }
    QStringList lines = m_lines->toPlainText().split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return tr("Type at least one task, one per line.");
    QList<QByteArray> payloads;
    for (const QString &line : lines)
        payloads << line.toUtf8();
    return m_session->enqueuePayloads(payloads).error;
}

void EnqueueDialog::accept()
{
    const QString error = enqueue();
    if (!error.isEmpty()) {
        QString text = error;
        if (!text.isEmpty())
            text[0] = text[0].toUpper();
        m_error->setText(text);
        m_error->show();
        return;
    }
    QDialog::accept();
}

} // namespace herd
