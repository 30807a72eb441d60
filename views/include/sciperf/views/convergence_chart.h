#pragma once
// The quality metric against training progress for every run of a submission, with the target:
// how fast and how consistently runs converge, and which did not.

#include "sciperf/analysis/mlperf/log.h"

#include <QString>
#include <QWidget>
#include <vector>

class QCPItemStraightLine;
class QCPItemText;
class QCPTextElement;
class QCustomPlot;

namespace sciperf {

// "Validation MAE (eval_error)" and the like: what a benchmark's metric measures.
QString metricDescription(mlperf::Benchmark benchmark);
// "≤ 0.124 MAE", "≥ 0.82 IoU": the target as the rules state it.
QString targetDescription(mlperf::Benchmark benchmark);

class ConvergenceChart : public QWidget {
    Q_OBJECT
public:
    explicit ConvergenceChart(QWidget* parent = nullptr);

    // One graph per run (in order), coloured; runs that did not converge dashed grey. x is the
    // logged epoch (OpenFold logs training samples there); evaluations without one are left out.
    void setRuns(const std::vector<mlperf::RunSummary>& runs, mlperf::Benchmark benchmark,
                 const QString& title = {});
    void clear();

    QCustomPlot* plot() const { return m_plot; }
    QCPItemStraightLine* targetLine() const { return m_targetLine; }
    QCPItemText* targetLabel() const { return m_targetLabel; }

private:
    QCustomPlot* m_plot;
    QCPTextElement* m_title;
    QCPItemStraightLine* m_targetLine;
    QCPItemText* m_targetLabel;
};

} // namespace sciperf
