#pragma once
// RunsView: the runs of the session as a table; the selected run as a readable summary (status,
// devices, CUDA) above its whole run.json as a tree.

#include "sciperf/store/session_store.h"

#include <QSplitter>
#include <vector>

class QLabel;
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
    QLabel* summary() const { return m_summary; }

private:
    void showDetails(int row);

    QTableWidget* m_table;
    QLabel* m_summary;
    QTreeWidget* m_details;
    std::vector<RunRecord> m_runs;
};

} // namespace sciperf
