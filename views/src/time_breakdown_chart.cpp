#include "sciperf/views/time_breakdown_chart.h"

#include "chart_frame.h"
#include "sciperf/views/palette.h"

#include <QFileInfo>
#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace sciperf {

namespace {

double orZero(double seconds) {
    return std::isfinite(seconds) ? seconds : 0.0;
}

bool inside(const mlperf::Interval& inner, const mlperf::Interval& outer) {
    return inner.complete() && outer.complete() && inner.startMs >= outer.startMs &&
           inner.stopMs <= outer.stopMs;
}

constexpr double kMinutesAbove = 600.0; // seconds: longer bars are read more easily in minutes

QString componentName(int component) {
    switch (component) {
    case TimeBreakdownChart::Initialisation:
        return QObject::tr("Initialisation (untimed)");
    case TimeBreakdownChart::Staging:
        return QObject::tr("Data staging");
    case TimeBreakdownChart::Training:
        return QObject::tr("Training");
    case TimeBreakdownChart::Evaluation:
        return QObject::tr("Evaluation");
    default:
        return QObject::tr("Other (run time outside epochs)");
    }
}

} // namespace

TimeBreakdown timeBreakdown(const mlperf::RunSummary& run) {
    TimeBreakdown result;
    const double staging = orZero(run.staging.seconds());
    const bool stagingInInit = inside(run.staging, run.init);
    result.staging = staging;
    result.initialisation = std::max(0.0, orZero(run.init.seconds()) - (stagingInInit ? staging : 0.0));
    const double epoch = orZero(run.epochSeconds);
    result.evaluation = orZero(run.evalSeconds);
    result.training =
        std::isfinite(run.trainSeconds) ? run.trainSeconds : std::max(0.0, epoch - result.evaluation);
    const double stagingInRun = run.stagingInsideRun || inside(run.staging, run.run) ? staging : 0.0;
    result.other = std::max(0.0, orZero(run.run.seconds()) - stagingInRun - epoch);
    return result;
}

QString runLabel(const mlperf::RunSummary& run) {
    return QFileInfo(QString::fromStdString(run.file)).completeBaseName();
}

TimeBreakdownChart::TimeBreakdownChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_title = detail::frameChart(*m_plot, QStringLiteral("time-breakdown")).title;

    QCPBars* below = nullptr;
    for (int component = 0; component < ComponentCount; ++component) {
        auto* bars = new QCPBars(m_plot->xAxis, m_plot->yAxis);
        bars->setName(componentName(component));
        const QColor color = categoricalColor(component);
        bars->setBrush(color);
        bars->setPen(QPen(color.darker(130)));
        bars->setWidth(0.7);
        if (below != nullptr)
            bars->moveAbove(below);
        below = bars;
        m_stacks[component] = bars;
    }
    m_plot->xAxis->setLabel(tr("Run"));
    m_plot->xAxis->grid()->setVisible(false);
    m_plot->xAxis->setTickLabelRotation(-35);

    // Hovering a segment says which run and component it is, with its exact duration.
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        int index = -1;
        auto* bars = qobject_cast<QCPBars*>(m_plot->plottableAt(event->position(), false, &index));
        if (bars == nullptr || index < 0) {
            QToolTip::hideText();
            return;
        }
        const double value = (bars->data()->begin() + index)->value;
        const QString run = m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerText>()->ticks().value(
            (bars->data()->begin() + index)->key);
        QToolTip::showText(
            event->globalPosition().toPoint(),
            tr("%1 — %2: %3 s").arg(run, bars->name()).arg(value * m_secondsPerUnit, 0, 'f', 1), m_plot);
    });
    clear();
}

void TimeBreakdownChart::clear() {
    setRuns({});
}

void TimeBreakdownChart::setRuns(const std::vector<mlperf::RunSummary>& runs, const QString& title) {
    std::vector<TimeBreakdown> parts;
    double longest = 0;
    for (const auto& run : runs) {
        parts.push_back(timeBreakdown(run));
        longest = std::max(longest, parts.back().total());
    }
    m_secondsPerUnit = longest > kMinutesAbove ? 60.0 : 1.0;
    m_plot->yAxis->setLabel(m_secondsPerUnit > 1 ? tr("Time (minutes)") : tr("Time (seconds)"));

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    QVector<double> keys;
    QVector<double> values[ComponentCount];
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const double key = static_cast<double>(i + 1);
        keys << key;
        ticker->addTick(key, runLabel(runs[i]));
        const TimeBreakdown& p = parts[i];
        const double seconds[ComponentCount] = {p.initialisation, p.staging, p.training, p.evaluation,
                                                p.other};
        for (int component = 0; component < ComponentCount; ++component)
            values[component] << seconds[component] / m_secondsPerUnit;
    }
    for (int component = 0; component < ComponentCount; ++component)
        m_stacks[component]->setData(keys, values[component], true);
    m_plot->xAxis->setTicker(ticker);
    m_plot->xAxis->setRange(0.3, static_cast<double>(runs.size()) + 0.7);
    m_plot->yAxis->setRange(0, longest > 0 ? longest / m_secondsPerUnit * 1.08 : 1.0);
    m_title->setText(title);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace sciperf
