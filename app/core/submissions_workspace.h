#pragma once
// The Submissions workspace: a loaded results tree as rounds / organisations / systems /
// benchmarks, the selected submissions side by side, and for the current one where each run's
// time goes, how it converged, its findings and, on double-click, a run's events.

#include "sciperf/analysis/mlperf/results.h"

#include <QWidget>
#include <memory>
#include <vector>

class QLabel;
class QSortFilterProxyModel;
class QSplitter;
class QStandardItemModel;
class QTabWidget;
class QTableView;
class QTreeWidget;

namespace sciperf {

class ConvergenceChart;
class TimeBreakdownChart;

class SubmissionsWorkspace : public QWidget {
    Q_OBJECT
public:
    explicit SubmissionsWorkspace(QWidget* parent = nullptr);

    void setTree(std::shared_ptr<const mlperf::ResultsTree> tree);
    const mlperf::ResultsTree* resultsTree() const { return m_data.get(); }
    // Selects these submissions (indices into the tree's list) in the tree, as a user would.
    void selectSubmissions(const std::vector<std::size_t>& indices);
    std::vector<const mlperf::Submission*> selectedSubmissions() const;
    // The one whose runs are shown below the table: the table's current row.
    const mlperf::Submission* currentSubmission() const;
    // The drill-down of a double-clicked run: its events, parsed again with every event kept.
    void showRunEvents(const QString& resultFile);

    QTreeWidget* tree() const { return m_tree; }
    QTableView* comparisonTable() const { return m_comparison; }
    QTableView* runTable() const { return m_runs; }
    QTableView* eventTable() const { return m_events; }
    QTableView* findingTable() const { return m_findings; }
    TimeBreakdownChart* breakdownChart() const { return m_breakdown; }
    ConvergenceChart* convergenceChart() const { return m_convergence; }
    QTabWidget* detailTabs() const { return m_details; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    void fillTree();
    void onTreeSelectionChanged();
    void showCurrent(const mlperf::Submission* submission);

    std::shared_ptr<const mlperf::ResultsTree> m_data;
    std::vector<const mlperf::Submission*> m_selected; // in tree order; rows of m_comparisonModel
    QTreeWidget* m_tree;
    QStandardItemModel* m_comparisonModel;
    QSortFilterProxyModel* m_comparisonProxy;
    QTableView* m_comparison;
    QLabel* m_currentLabel;
    QTabWidget* m_details;
    QSplitter* m_charts = nullptr;
    bool m_chartsBalanced = false;
    TimeBreakdownChart* m_breakdown;
    ConvergenceChart* m_convergence;
    QStandardItemModel* m_runModel;
    QTableView* m_runs;
    QStandardItemModel* m_eventModel;
    QLabel* m_eventLabel;
    QTableView* m_events;
    QStandardItemModel* m_findingModel;
    QTableView* m_findings;
};

} // namespace sciperf
