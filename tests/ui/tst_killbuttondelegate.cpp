#include "killbuttondelegate.h"
#include "processtablemodel.h"

#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QTest>
#include <QTreeView>

using namespace herd;

// The delegate on a stand-in model carrying the roles it reads, so clicks and re-sorts can
// be checked without processes.
class tst_KillButtonDelegate : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void clickEmitsThatProcessId();
    void clickBesideTheButtonDoesNothing();
    void endedRowsHaveNoButton();
    void resortBetweenPressAndReleaseKillsNothing();
    void clickAfterResortHitsTheProcessNowThere();
    void releaseElsewhereDisarms();

private:
    QPoint buttonCenter(int row) const
    {
        const QModelIndex index = m_proxy->index(row, kKillColumn);
        return KillButtonDelegate::buttonRect(m_view->visualRect(index)).center();
    }
    quint64 idAt(int row) const { return m_proxy->index(row, 0).data(ProcessTableModel::ProcessIdRole).toULongLong(); }

    static constexpr int kKillColumn = 1;
    QStandardItemModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTreeView *m_view = nullptr;
    KillButtonDelegate *m_delegate = nullptr;
};

void tst_KillButtonDelegate::init()
{
    m_model = new QStandardItemModel(0, 2, this);
    const QList<std::pair<QString, quint64>> rows{{"alpha", 11}, {"beta", 22}, {"gamma", 33}};
    for (const auto &r : rows) {
        QList<QStandardItem *> items{new QStandardItem(r.first), new QStandardItem};
        for (QStandardItem *item : items) {
            item->setData(QVariant::fromValue<quint64>(r.second), ProcessTableModel::ProcessIdRole);
            item->setData(true, ProcessTableModel::AliveRole);
        }
        m_model->appendRow(items);
    }
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_view = new QTreeView;
    m_view->setModel(m_proxy);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(0, Qt::AscendingOrder);
    m_delegate = new KillButtonDelegate(m_view);
    m_view->setItemDelegateForColumn(kKillColumn, m_delegate);
    m_view->resize(400, 200);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void tst_KillButtonDelegate::cleanup()
{
    delete m_view;
    m_view = nullptr;
    delete m_proxy;
    delete m_model;
}

void tst_KillButtonDelegate::clickEmitsThatProcessId()
{
    QSignalSpy kills(m_delegate, &KillButtonDelegate::killRequested);
    QCOMPARE(idAt(1), quint64(22));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, buttonCenter(1));
    QCOMPARE(kills.count(), 1);
    QCOMPARE(kills.first().first().toULongLong(), quint64(22));
    // The button takes the click: the row is not selected by it.
    QVERIFY(!m_view->selectionModel()->hasSelection());
}

void tst_KillButtonDelegate::clickBesideTheButtonDoesNothing()
{
    QSignalSpy kills(m_delegate, &KillButtonDelegate::killRequested);
    const QRect cell = m_view->visualRect(m_proxy->index(0, kKillColumn));
    const QRect button = KillButtonDelegate::buttonRect(cell);
    QVERIFY(cell.right() > button.right() + 2);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, QPoint(cell.right() - 1, cell.center().y()));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, m_view->visualRect(m_proxy->index(0, 0)).center());
    QCOMPARE(kills.count(), 0);
}

void tst_KillButtonDelegate::endedRowsHaveNoButton()
{
    QSignalSpy kills(m_delegate, &KillButtonDelegate::killRequested);
    for (int column = 0; column < 2; ++column)
        m_model->item(2, column)->setData(false, ProcessTableModel::AliveRole);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, buttonCenter(2));
    QCOMPARE(kills.count(), 0);
}

void tst_KillButtonDelegate::resortBetweenPressAndReleaseKillsNothing()
{
    QSignalSpy kills(m_delegate, &KillButtonDelegate::killRequested);
    const QPoint point = buttonCenter(0);
    QCOMPARE(idAt(0), quint64(11));
    QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, point);
    m_view->sortByColumn(0, Qt::DescendingOrder); // gamma moves under the pointer
    QCOMPARE(idAt(0), quint64(33));
    QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, point);
    QCOMPARE(kills.count(), 0);
}

void tst_KillButtonDelegate::clickAfterResortHitsTheProcessNowThere()
{
    QSignalSpy kills(m_delegate, &KillButtonDelegate::killRequested);
    m_view->sortByColumn(0, Qt::DescendingOrder);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, buttonCenter(0));
    QCOMPARE(kills.count(), 1);
    QCOMPARE(kills.first().first().toULongLong(), quint64(33));
}

void tst_KillButtonDelegate::releaseElsewhereDisarms()
{
    QSignalSpy kills(m_delegate, &KillButtonDelegate::killRequested);
    // Press on beta's button, let go over its name: no kill, and the button is not left
    // armed for a later release on it.
    QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, buttonCenter(1));
    QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, m_view->visualRect(m_proxy->index(1, 0)).center());
    QCoreApplication::processEvents();
    QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, m_view->visualRect(m_proxy->index(1, 0)).center());
    QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, buttonCenter(1));
    QCOMPARE(kills.count(), 0);
}

QTEST_MAIN(tst_KillButtonDelegate)
#include "tst_killbuttondelegate.moc"
