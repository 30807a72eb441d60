#pragma once
// RunsView: the runs of the session as a table, and the selected run's run.json as a tree.

#include "sciperf/store/session_store.h"

#include <QSplitter>
#include <vector>

class QTableWidget;
class QTreeWidget;

namespace sciperf {

class RunsView : public QSplitter {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);
    void setRuns(const std::vector<RunRecord>& runs); // selects the newest run
    QTableWidget* table() const { return m_table; }
    QTreeWidget* details() const { return m_details; }

private:
    void showDetails(int row);

    QTableWidget* m_table;
    QTreeWidget* m_details;
    std::vector<RunRecord> m_runs;
};

} // namespace sciperf
