#include "tasktablemodel.h"

#include "processtablemodel.h"
#include "processtext.h"
#include "session.h"
#include "units.h"
#include "workercolors.h"

#include <QBrush>
#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <climits>

namespace herd {

namespace {

BadgeTone toneOf(TaskLedger::State state)
{
    switch (state) {
    case TaskLedger::State::Queued:
        return BadgeTone::Neutral;
    case TaskLedger::State::Taken:
        return BadgeTone::Info;
    case TaskLedger::State::Done:
        return BadgeTone::Success;
    case TaskLedger::State::Failed:
        return BadgeTone::Danger;
    case TaskLedger::State::DeadLettered:
        return BadgeTone::Signal;
    }
    return BadgeTone::Neutral;
}

QString msText(double ms)
{
    if (ms < 0)
        return {};
    if (ms < 1)
        return QStringLiteral("%1 ms").arg(ms, 0, 'f', 2);
    return humanDuration(qint64(ms + 0.5));
}

} // namespace

TaskTableModel::TaskTableModel(Session *session, QObject *parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    static_assert(int(BadgeToneRole) == int(ProcessTableModel::BadgeToneRole), "one badge delegate for both tables");
    connect(session, &Session::taskEvents, this, &TaskTableModel::onTaskEvents);
    refresh();
}

int TaskTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int TaskTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

void TaskTableModel::retranslate()
{
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (m_rows > 0)
        emit dataChanged(index(0, 0), index(m_rows - 1, ColumnCount - 1));
}

TaskLedger::Task TaskTableModel::taskAt(int row) const
{
    return m_session->ledger()->task(row);
}

TaskLedger::Brief TaskTableModel::briefAt(int row) const
{
    return m_session->ledger()->brief(row);
}

QString TaskTableModel::stateText(TaskLedger::State state)
{
    switch (state) {
    case TaskLedger::State::Queued:
        return tr("queued");
    case TaskLedger::State::Taken:
        return tr("running");
    case TaskLedger::State::Done:
        return tr("done");
    case TaskLedger::State::Failed:
        return tr("failed");
    case TaskLedger::State::DeadLettered:
        return tr("dead-lettered");
    }
    return {};
}

QString TaskTableModel::payloadText(const QByteArray &payload)
{
    // Shown as text when it is text; any other byte is escaped, so nothing is hidden.
    const QString text = QString::fromUtf8(payload);
    if (text.toUtf8() == payload) {
        bool printable = true;
        for (const QChar c : text) {
            if (!c.isPrint() && c != QLatin1Char(' ')) {
                printable = false;
                break;
            }
        }
        if (printable)
            return text;
    }
    QString out;
    for (const char ch : payload) {
        const uchar c = uchar(ch);
        if (c >= 0x20 && c < 0x7f && c != '\\')
            out += QLatin1Char(char(c));
        else
            out += QStringLiteral("\\x%1").arg(c, 2, 16, QLatin1Char('0'));
    }
    return out;
}

QVariant TaskTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows)
        return {};
    const int column = index.column();
    // A view asks a painted cell for a dozen roles; most have nothing here. Those return
    // before the ledger is read, and the rest read only what they show: the whole record
    // (payload and result copied) only for the columns that show them.
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
    case UnderlyingDataRole:
        break;
    case TaskStateRole:
    case BadgeToneRole: {
        const TaskLedger::State state = m_session->ledger()->brief(index.row()).state;
        return role == TaskStateRole ? int(state) : int(toneOf(state));
    }
    case WorkerNameRole:
        return m_session->ledger()->brief(index.row()).workerName;
    case Qt::ForegroundRole: {
        if (column != Worker)
            return {};
        const QString name = m_session->ledger()->brief(index.row()).workerName;
        if (name.isEmpty())
            return {};
        return QBrush(workerColor(name).darker(qGuiApp->palette().color(QPalette::Base).lightness() > 128 ? 130 : 80));
    }
    case Qt::FontRole: {
        if (column != Worker || m_session->ledger()->brief(index.row()).workerName.isEmpty())
            return {};
        QFont f;
        f.setWeight(QFont::DemiBold);
        return f;
    }
    case Qt::TextAlignmentRole:
        if (column == Id || column == Attempt || column == Wait || column == Run)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }

    const TaskLedger *ledger = m_session->ledger();
    if (column != Payload && column != Result) {
        // Everything but the payload and the result is in the brief record.
        const TaskLedger::Brief b = ledger->brief(index.row());
        if (role == Qt::DisplayRole) {
            switch (column) {
            case Id:
                return QString::number(b.id);
            case State:
                return stateText(b.state);
            case Worker:
                return b.workerName;
            case Attempt:
                return b.attempts == 0 ? QString() : QString::number(b.attempts);
            case Wait:
                return msText(b.waitMs);
            case Run:
                return msText(b.runMs);
            }
            return {};
        }
        if (role == UnderlyingDataRole) {
            switch (column) {
            case Id:
                return b.id;
            case State:
                return int(b.state);
            case Worker:
                return b.workerName;
            case Attempt:
                return b.attempts;
            case Wait:
                return b.waitMs;
            case Run:
                return b.runMs;
            }
            return {};
        }
        if (column == Worker) // the whole name, where the column elides it
            return b.workerName;
        if (column != State && column != Attempt)
            return {};
    }

    const TaskLedger::Task t = ledger->task(index.row());
    switch (role) {
    case Qt::DisplayRole:
        if (column == Payload)
            return payloadText(t.payload.left(200));
        if (t.state == TaskLedger::State::Done || t.state == TaskLedger::State::Failed)
            return t.result.isEmpty() ? tr("exit %1").arg(t.resultCode) : t.result;
        if (t.state == TaskLedger::State::DeadLettered)
            return t.result; // "gave up after 3 attempts: killed by SIGKILL ×3"
        return {};
    case UnderlyingDataRole:
        return column == Payload ? QVariant(t.payload) : QVariant(t.resultCode);
    case Qt::ToolTipRole: {
        if (column == Payload)
            return payloadText(t.payload.left(4096));
        const QVector<TaskLedger::Attempt> history = ledger->history(index.row());
        if (history.size() < 2)
            return column == Result ? QVariant(t.result) : QVariant();
        QStringList lines{tr("Task %1, %n attempt(s):", nullptr, int(history.size())).arg(t.id)};
        for (int i = 0; i < history.size(); ++i) {
            const TaskLedger::Attempt &a = history.at(i);
            lines << tr("%1. %2 — %3").arg(i + 1).arg(a.workerName, a.reason.isEmpty() ? TaskLedger::outcomeName(a.outcome) : a.reason);
        }
        return lines.join(QLatin1Char('\n'));
    }
    }
    return {};
}

QVariant TaskTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Id:
        return tr("Task");
    case Payload:
        return tr("Payload");
    case State:
        return tr("State");
    case Worker:
        return tr("Worker");
    case Attempt:
        return tr("Attempt");
    case Wait:
        return tr("Wait");
    case Run:
        return tr("Run");
    case Result:
        return tr("Result");
    }
    return {};
}

void TaskTableModel::onTaskEvents(const QVector<TaskEvent> &batch)
{
    const TaskLedger *ledger = m_session->ledger();
    for (const TaskEvent &e : batch) {
        if (e.kind == TaskEventKind::Enqueued)
            continue; // new rows are announced by their insertion
        const qint64 row = ledger->rowOfTicket(e.ticket);
        if (row >= 0 && row < m_rows)
            m_dirty << int(row);
    }
}

void TaskTableModel::refresh()
{
    const qint64 size = qMin<qint64>(m_session->ledger()->size(), INT_MAX - 1);
    const quint64 names = m_session->ledger()->namesRevision();
    if (names != m_namesRevision) {
        // A worker got its name late: any row may show it, in the Worker column and in the
        // attempt histories' tooltips. Rare (once per late name), so one range for all.
        m_namesRevision = names;
        m_dirty.clear();
        if (m_rows > 0)
            emit dataChanged(index(0, State), index(m_rows - 1, ColumnCount - 1));
    }
    if (!m_dirty.isEmpty()) {
        // One dataChanged per run of changed rows (short gaps bridged), not one span from the
        // first to the last: a single long-running or requeued task would otherwise make
        // every row since it "changed", and a sorting or filtering proxy re-examine them all.
        // Id and payload never change.
        constexpr int kBridgedGap = 32;
        std::sort(m_dirty.begin(), m_dirty.end());
        int first = m_dirty.first();
        int last = first;
        auto announce = [&] { emit dataChanged(index(first, State), index(last, ColumnCount - 1)); };
        for (const int row : std::as_const(m_dirty)) {
            if (row > last + kBridgedGap) {
                announce();
                first = row;
            }
            last = qMax(last, row);
        }
        announce();
        m_dirty.clear();
    }
    if (size > m_rows) {
        beginInsertRows(QModelIndex(), m_rows, int(size) - 1);
        m_rows = int(size);
        endInsertRows();
    }
}

} // namespace herd
