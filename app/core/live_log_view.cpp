#include "live_log_view.h"

#include "sciperf/views/convergence_chart.h"

#include <QFileInfo>
#include <QLabel>
#include <QTimer>
#include <QVBoxLayout>
#include <cmath>

namespace sciperf {

mlperf::Benchmark benchmarkFromPath(const QString& path) {
    for (const QString& part :
         QFileInfo(path).absoluteFilePath().split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        const auto benchmark = mlperf::benchmarkFromName(part.toStdString());
        if (benchmark != mlperf::Benchmark::Unknown)
            return benchmark;
    }
    return mlperf::Benchmark::Unknown;
}

LiveLogView::LiveLogView(const QString& file, mlperf::Benchmark benchmark, QWidget* parent)
    : QWidget(parent, Qt::Window)
    , m_follower(file.toStdString(), benchmark)
    , m_benchmark(benchmark)
    , m_chart(new ConvergenceChart(this))
    , m_status(new QLabel(this))
    , m_timer(new QTimer(this)) {
    setWindowTitle(tr("Following %1 — SciPerf Studio").arg(QFileInfo(file).fileName()));
    setAttribute(Qt::WA_DeleteOnClose);
    m_status->setObjectName(QStringLiteral("liveStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_chart, 1);
    resize(900, 560);
    connect(m_timer, &QTimer::timeout, this, &LiveLogView::poll);
    m_timer->start(1000);
    poll();
}

void LiveLogView::poll() {
    // Catch up in bounded steps, so a large existing log never blocks the GUI for long.
    const auto read = m_follower.poll();
    if (!read) {
        m_status->setText(QStringLiteral("<span style=\"color:#b02020\">%1</span>")
                              .arg(QString::fromStdString(read.error().message).toHtmlEscaped()));
        return;
    }
    const mlperf::RunSummary& run = m_follower.summary();
    QString state;
    if (run.hasRunStop)
        state = run.converged ? tr("finished, converged") : tr("finished, did not converge");
    else if (std::isnan(run.run.startMs))
        state = tr("initialising");
    else
        state = tr("running");
    const double lastTime = run.evals.empty() ? run.run.startMs : run.evals.back().timeMs;
    const double elapsedMinutes =
        run.hasRunStop ? run.timeToTrainMinutes : (lastTime - run.run.startMs) / 60000.0;
    m_status->setText(
        tr("<b>%1</b> — %2; %3 evaluations, last %4; %5 min since run_start; %6 lines read%7")
            .arg(QString::fromStdString(run.file).toHtmlEscaped(), state)
            .arg(run.evals.size())
            .arg(std::isnan(run.lastEval) ? tr("none") : QString::number(run.lastEval, 'g', 5))
            .arg(std::isnan(elapsedMinutes) ? QStringLiteral("—") : QString::number(elapsedMinutes, 'f', 2))
            .arg(run.mllogLines + run.otherLines)
            .arg(m_follower.restarts() > 0
                     ? tr("; the log was rewritten %1 time(s)").arg(m_follower.restarts())
                     : QString()));
    // Redraw only when the curve changed (new evaluations, or the log started over).
    if (run.evals.size() != m_drawnEvals || m_follower.restarts() != m_drawnRestarts) {
        m_drawnEvals = run.evals.size();
        m_drawnRestarts = m_follower.restarts();
        // Without a benchmark given, the one the log names (submission_benchmark).
        m_chart->setRuns({run}, m_benchmark != mlperf::Benchmark::Unknown ? m_benchmark : run.benchmark,
                         tr("Live: %1").arg(QFileInfo(QString::fromStdString(run.file)).fileName()));
    }
}

QString LiveLogView::statusText() const {
    return m_status->text();
}

} // namespace sciperf
