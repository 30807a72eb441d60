#include "sciperf/views/convergence_chart.h"

#include "chart_frame.h"
#include "sciperf/analysis/mlperf/rules.h"
#include "sciperf/views/palette.h"
#include "sciperf/views/time_breakdown_chart.h"

#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>

namespace sciperf {

namespace {

const QColor kTargetColor(200, 30, 30);

QString metricUnit(mlperf::Benchmark benchmark) {
    switch (benchmark) {
    case mlperf::Benchmark::CosmoFlow:
        return QStringLiteral("MAE");
    case mlperf::Benchmark::DeepCam:
        return QStringLiteral("IoU");
    case mlperf::Benchmark::Oc20:
        return QStringLiteral("forces MAE");
    case mlperf::Benchmark::OpenFold:
        return QStringLiteral("lDDT-Cα");
    case mlperf::Benchmark::SciperfGnn:
        return QStringLiteral("edge F1");
    case mlperf::Benchmark::Unknown:
        break;
    }
    return {};
}

} // namespace

QString metricDescription(mlperf::Benchmark benchmark) {
    const auto& rules = mlperf::rulesFor(benchmark);
    const QString key =
        QString::fromUtf8(rules.metricKey.data(), static_cast<qsizetype>(rules.metricKey.size()));
    const QString unit = metricUnit(benchmark);
    if (unit.isEmpty())
        return key.isEmpty() ? QObject::tr("Quality metric") : key;
    return QObject::tr("Validation %1 (%2)").arg(unit, key);
}

QString targetDescription(mlperf::Benchmark benchmark) {
    const auto& rules = mlperf::rulesFor(benchmark);
    if (rules.name.empty())
        return {};
    return QStringLiteral("%1 %2 %3")
        .arg(rules.higherIsBetter ? QStringLiteral("≥") : QStringLiteral("≤"))
        .arg(rules.target)
        .arg(metricUnit(benchmark));
}

ConvergenceChart::ConvergenceChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_title = detail::frameChart(*m_plot, QStringLiteral("convergence")).title;

    m_targetLine = new QCPItemStraightLine(m_plot);
    m_targetLine->setPen(QPen(kTargetColor, 1.5, Qt::DashLine));
    m_targetLabel = new QCPItemText(m_plot);
    m_targetLabel->setColor(kTargetColor);
    m_targetLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    // Anchored to the left edge of the axes in x, to the target value in y: curves start far
    // from the target and end on it, so on the left the label hides none of them.
    m_targetLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_targetLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
    m_targetLabel->setPadding(QMargins(4, 0, 2, 2));
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    clear();
}

void ConvergenceChart::clear() {
    setRuns({}, mlperf::Benchmark::Unknown);
}

void ConvergenceChart::setRuns(const std::vector<mlperf::RunSummary>& runs, mlperf::Benchmark benchmark,
                               const QString& title) {
    m_plot->clearGraphs();
    int colorIndex = 0;
    for (const auto& run : runs) {
        QVector<double> epochs, values;
        for (const auto& eval : run.evals) {
            if (std::isfinite(eval.epoch) && std::isfinite(eval.value)) {
                epochs << eval.epoch;
                values << eval.value;
            }
        }
        QCPGraph* graph = m_plot->addGraph();
        graph->setData(epochs, values);
        if (run.converged) {
            const QColor color = categoricalColor(colorIndex++);
            graph->setName(runLabel(run));
            graph->setPen(QPen(color, 1.8));
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, 4));
        } else {
            graph->setName(tr("%1 (not converged)").arg(runLabel(run)));
            graph->setPen(QPen(mutedColor(), 1.5, Qt::DashLine));
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, mutedColor(), 4));
        }
    }

    const auto& rules = mlperf::rulesFor(benchmark);
    const bool hasTarget = !rules.name.empty();
    m_targetLine->setVisible(hasTarget);
    m_targetLabel->setVisible(hasTarget);
    if (hasTarget) {
        m_targetLine->point1->setCoords(0, rules.target);
        m_targetLine->point2->setCoords(1, rules.target);
        m_targetLabel->position->setCoords(0.0, rules.target);
        m_targetLabel->setText(tr("target %1").arg(targetDescription(benchmark)));
    }
    const bool samples = benchmark == mlperf::Benchmark::OpenFold;
    m_plot->xAxis->setLabel(samples ? tr("Training samples (logged as epoch_num)") : tr("Epoch"));
    m_plot->yAxis->setLabel(metricDescription(benchmark));

    m_plot->rescaleAxes();
    if (hasTarget) { // the target is always in view, with some room around the curves
        QCPRange y = m_plot->yAxis->range();
        y.expand(rules.target);
        const double margin = std::max(y.size(), std::abs(rules.target) * 0.1) * 0.06;
        m_plot->yAxis->setRange(y.lower - margin, y.upper + margin);
    }
    m_title->setText(title);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

} // namespace sciperf
