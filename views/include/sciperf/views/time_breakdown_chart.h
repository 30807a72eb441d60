#pragma once
// Where the time of each run goes, as stacked bars: initialisation, data staging, training,
// evaluation and the rest of the timed run (MLPerf HPC paper method, reference/mlperf-hpc.md §8).

#include "sciperf/analysis/mlperf/log.h"

#include <QList>
#include <QString>
#include <QWidget>
#include <vector>

class QCPBars;
class QCPTextElement;
class QCustomPlot;

namespace sciperf {

// Seconds per component; the components do not overlap, so their sum is the run's wall time from
// init_start to run_stop (less any gap between init_stop and run_start). Missing intervals count 0.
struct TimeBreakdown {
    double initialisation = 0; // init_start..init_stop, less staging done inside it (v3.0 may stage there)
    double staging = 0;        // staging_start..staging_stop
    double training = 0;       // epoch time less evaluation
    double evaluation = 0;
    double other = 0; // run time less staging inside the run and epoch time; never negative
    double total() const { return initialisation + staging + training + evaluation + other; }
};

TimeBreakdown timeBreakdown(const mlperf::RunSummary& run);
// "result_3" from ".../result_3.txt": how runs are named on axes and in legends.
QString runLabel(const mlperf::RunSummary& run);

class TimeBreakdownChart : public QWidget {
    Q_OBJECT
public:
    enum Component { Initialisation, Staging, Training, Evaluation, Other, ComponentCount };

    explicit TimeBreakdownChart(QWidget* parent = nullptr);

    // One bar per run, in the given order. Minutes when the longest bar exceeds 10 minutes,
    // else seconds; the axis says which.
    void setRuns(const std::vector<mlperf::RunSummary>& runs, const QString& title = {});
    void clear();

    QCustomPlot* plot() const { return m_plot; }
    // The stacked bars, bottom (initialisation) to top (other); data in the axis unit.
    QCPBars* stack(Component component) const { return m_stacks[component]; }
    // Seconds per unit of the value axis: 1 or 60.
    double secondsPerUnit() const { return m_secondsPerUnit; }

private:
    QCustomPlot* m_plot;
    QCPBars* m_stacks[ComponentCount];
    double m_secondsPerUnit = 1.0;
    QCPTextElement* m_title;
};

} // namespace sciperf
