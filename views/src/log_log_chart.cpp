#include "sciperf/views/log_log_chart.h"

#include "sciperf/views/plot_export.h"

#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace sciperf {

namespace {

// Space kept between the data and the frame, in decades, before rounding out to whole decades.
constexpr double kMarginDecades = 0.1;
constexpr double kMarkerSize = 7.0;

void makeLogarithmic(QCPAxis* axis) {
    axis->setScaleType(QCPAxis::stLogarithmic);
    QSharedPointer<QCPAxisTickerLog> ticker(new QCPAxisTickerLog);
    axis->setTicker(ticker);
    // "eb" with precision 0 writes powers of ten as 10 with a superscript exponent.
    axis->setNumberFormat("eb");
    axis->setNumberPrecision(0);
    axis->grid()->setSubGridVisible(true);
}

// The whole-decade range around [low, high] with a margin on both sides.
QCPRange decadeRange(double low, double high) {
    return {std::pow(10.0, std::floor(std::log10(low) - kMarginDecades)),
            std::pow(10.0, std::ceil(std::log10(high) + kMarginDecades))};
}

bool showable(double value) {
    return std::isfinite(value) && value > 0.0;
}

} // namespace

LogLogChart::LogLogChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    makeLogarithmic(m_plot->xAxis);
    makeLogarithmic(m_plot->yAxis);
    // Rooflines rise from the bottom left, so the top left is the emptiest corner.
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    addPlotExportMenu(*m_plot, QStringLiteral("chart"));
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent* event) {
        showToolTipNear(event->position(), event->globalPosition().toPoint());
    });
}

void LogLogChart::showToolTipNear(const QPointF& position, const QPoint& globalPosition) {
    constexpr double kReachPixels = 8.0;
    const PointTip* nearest = nullptr;
    double best = kReachPixels * kReachPixels;
    for (const PointTip& tip : m_tips) {
        const double dx = m_plot->xAxis->coordToPixel(tip.x) - position.x();
        const double dy = m_plot->yAxis->coordToPixel(tip.y) - position.y();
        if (dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            nearest = &tip;
        }
    }
    if (nearest != nullptr)
        QToolTip::showText(globalPosition, nearest->text, m_plot);
    else
        QToolTip::hideText();
}

void LogLogChart::setAxisLabels(const QString& x, const QString& y) {
    m_plot->xAxis->setLabel(x);
    m_plot->yAxis->setLabel(y);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void LogLogChart::setTitle(const QString& title) {
    if (m_title == nullptr) {
        m_plot->plotLayout()->insertRow(0);
        m_title =
            new QCPTextElement(m_plot, title, QFont(font().family(), font().pointSize() + 2, QFont::Bold));
        m_plot->plotLayout()->addElement(0, 0, m_title);
    } else {
        m_title->setText(title);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int LogLogChart::addSeries(const ChartSeries& series) {
    const qsizetype pairs = std::min(series.x.size(), series.y.size());
    QVector<double> x, y;
    x.reserve(pairs);
    y.reserve(pairs);
    for (qsizetype i = 0; i < pairs; ++i) {
        if (showable(series.x[i]) && showable(series.y[i])) {
            x.append(series.x[i]);
            y.append(series.y[i]);
            if (i < series.pointToolTips.size())
                m_tips.append({series.x[i], series.y[i], series.pointToolTips[i]});
        }
    }

    QCPGraph* graph = m_plot->addGraph();
    graph->setName(series.name);
    graph->setPen(QPen(series.color, series.lineWidth));
    const bool line = series.style != ChartSeries::Style::Points;
    const bool points = series.style != ChartSeries::Style::Line;
    graph->setLineStyle(line ? QCPGraph::lsLine : QCPGraph::lsNone);
    if (points) {
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, series.color, kMarkerSize));
    }
    graph->setData(x, y);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return static_cast<int>(std::max(series.x.size(), series.y.size()) - x.size());
}

void LogLogChart::clearSeries() {
    m_plot->clearGraphs();
    m_tips.clear();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void LogLogChart::rescaleToData() {
    // QCustomPlot fits the data (and leaves the axes alone without any); round out from there.
    m_plot->rescaleAxes();
    for (QCPAxis* axis : {m_plot->xAxis, m_plot->yAxis}) {
        axis->setRange(decadeRange(axis->range().lower, axis->range().upper));
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QCustomPlot* LogLogChart::plot() const {
    return m_plot;
}

bool LogLogChart::savePng(const QString& file, int width, int height) {
    return savePlotPng(*m_plot, file, width, height);
}

bool LogLogChart::saveSvg(const QString& file, int width, int height) {
    return savePlotSvg(*m_plot, file, width, height);
}

bool LogLogChart::savePdf(const QString& file, int width, int height) {
    return m_plot->savePdf(file, width, height);
}

QString qcustomplotVersionString() {
    return QStringLiteral(QCUSTOMPLOT_VERSION_STR);
}

} // namespace sciperf
