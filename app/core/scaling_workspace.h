#pragma once
// The Scaling workspace: strong scaling (time to train against accelerators, log-log, across
// systems and rounds) with speedup and parallel efficiency against a chosen baseline, and weak
// scaling (models per minute against total accelerators). Entries short of the rules' run count
// (one's own runs in progress) show as provisional points, marked in chart and table.

#include "sciperf/analysis/mlperf/results.h"
#include "sciperf/views/mlperf_tables.h"

#include <QWidget>
#include <memory>
#include <vector>

class QComboBox;
class QGroupBox;
class QLabel;
class QSplitter;
class QStandardItemModel;
class QTableView;

namespace sciperf {

class LogLogChart;
class PointLabels;

class ScalingWorkspace : public QWidget {
    Q_OBJECT
public:
    explicit ScalingWorkspace(QWidget* parent = nullptr);

    void setTree(std::shared_ptr<const mlperf::ResultsTree> tree);

    QComboBox* benchmarkBox() const { return m_benchmark; }
    // Entries: the chosen benchmark's valid strong-scaling submissions; their index in the tree as data.
    QComboBox* baselineBox() const { return m_baseline; }
    const std::vector<mlperf::StrongScalingRow>& strongRows() const { return m_rows; }
    QStandardItemModel* strongModel() const { return m_strongModel; }
    QStandardItemModel* weakModel() const { return m_weakModel; }
    LogLogChart* strongChart() const { return m_strongChart; }
    LogLogChart* weakChart() const { return m_weakChart; }
    // Without any weak-scaling submission the section is one line, and strong scaling has the height.
    QGroupBox* weakSection() const { return m_weakSection; }

private:
    void onBenchmarkChanged();
    void updateStrong();
    void updateWeak();
    std::vector<const mlperf::Submission*> submissionsOf(mlperf::Benchmark benchmark) const;
    // Why the strong-scaling chart has no point of `benchmark` (shown when it has none at all).
    QString noStrongEntryMessage(mlperf::Benchmark benchmark) const;

    std::shared_ptr<const mlperf::ResultsTree> m_data;
    std::vector<mlperf::StrongScalingRow> m_rows;
    QComboBox* m_benchmark;
    QComboBox* m_baseline;
    LogLogChart* m_strongChart;
    PointLabels* m_strongLabels;
    QStandardItemModel* m_strongModel;
    QTableView* m_strongTable;
    LogLogChart* m_weakChart;
    QStandardItemModel* m_weakModel;
    QTableView* m_weakTable;
    QWidget* m_weakBody;
    QLabel* m_noWeak;
    QGroupBox* m_weakSection;
    QSplitter* m_sections;
};

} // namespace sciperf
