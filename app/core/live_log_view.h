#pragma once
// Live mode: a window that follows a growing MLPerf log (a run in progress) and redraws its
// convergence curve and status as lines arrive.

#include "sciperf/analysis/mlperf/rules.h"
#include "sciperf/collectors/log_follower.h"

#include <QWidget>

class QLabel;
class QTimer;

namespace sciperf {

class ConvergenceChart;

// The benchmark named by a path component ("…/strong/cosmoflow/result_0.txt"), else Unknown.
mlperf::Benchmark benchmarkFromPath(const QString& path);

class LiveLogView : public QWidget {
    Q_OBJECT
public:
    // `benchmark` Unknown: the one the log names (submission_benchmark).
    LiveLogView(const QString& file, mlperf::Benchmark benchmark, QWidget* parent = nullptr);

    // Reads what the log gained and redraws; the timer calls it every second.
    void poll();
    QString statusText() const;
    ConvergenceChart* chart() const { return m_chart; }

private:
    LogFollower m_follower;
    mlperf::Benchmark m_benchmark;
    ConvergenceChart* m_chart;
    QLabel* m_status;
    QTimer* m_timer;
    std::size_t m_drawnEvals = static_cast<std::size_t>(-1);
    int m_drawnRestarts = 0;
};

} // namespace sciperf
