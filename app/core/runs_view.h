#pragma once
// RunsView: the runs of the session as a table; the selected run as a readable summary (status,
// devices, CUDA, what was profiled) above its whole run.json as a tree and, where the run wrote
// kernel records (kernels.jsonl, sciperf-run --profile), its kernel timeline and summary table.

#include "sciperf/store/session_store.h"

#include <QSplitter>
#include <vector>

class QLabel;
class QTableView;
class QTableWidget;
class QTabWidget;
class QTreeWidget;

namespace sciperf {

class KernelSummaryModel;
class KernelTimeline;

class RunsView : public QSplitter {
    Q_OBJECT
public:
    explicit RunsView(QWidget* parent = nullptr);
    void setRuns(const std::vector<RunRecord>& runs); // selects the newest run
    QTableWidget* table() const { return m_table; }
    QTreeWidget* details() const { return m_details; }
    QLabel* summary() const { return m_summary; }
    QTabWidget* tabs() const { return m_tabs; }
    KernelTimeline* kernelTimeline() const { return m_timeline; }
    KernelSummaryModel* kernelSummary() const { return m_kernelModel; }
    QLabel* kernelsMessage() const { return m_kernelsMessage; }

private:
    void showDetails(int row);
    void showKernels(const RunRecord& run);

    QTableWidget* m_table;
    QLabel* m_summary;
    QTreeWidget* m_details;
    QTabWidget* m_tabs;
    KernelTimeline* m_timeline;
    KernelSummaryModel* m_kernelModel;
    QTableView* m_kernelTable;
    QLabel* m_kernelsMessage;
    std::vector<RunRecord> m_runs;
};

} // namespace sciperf
