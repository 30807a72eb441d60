#include "sciperf/views/log_log_chart.h"

#include "chart_frame.h"
#include "sciperf/views/palette.h"
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

// Text that fills the space its layout gives it and wraps there; QCPTextElement alone keeps to the
// size of its text on one line, as a title does.
class WrappedText : public QCPTextElement {
public:
    using QCPTextElement::QCPTextElement;
    QSize minimumOuterSizeHint() const override { return {1, 1}; }
    QSize maximumOuterSizeHint() const override { return {QWIDGETSIZE_MAX, QWIDGETSIZE_MAX}; }
};

} // namespace

LogLogChart::LogLogChart(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_noDataMessage(new WrappedText(m_plot, tr("Nothing to plot yet."),
                                      QFont(font().family(), font().pointSize() + 1))) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);

    makeLogarithmic(m_plot->xAxis);
    makeLogarithmic(m_plot->yAxis);
    // Rooflines rise from the bottom left, so the top left is the emptiest corner.
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignLeft);
    // Centred in the plot area, wrapped to its width.
    m_noDataMessage->setTextColor(mutedColor().darker(130));
    m_plot->axisRect()->insetLayout()->addElement(m_noDataMessage, QRectF(0.05, 0.05, 0.9, 0.9));
    showMessageWhenEmpty();
    // Again before each redraw: users of plot() add graphs and legend entries of their own.
    connect(m_plot, &QCustomPlot::beforeReplot, this, &LogLogChart::showMessageWhenEmpty);
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

void LogLogChart::placeLegendBelowAxes() {
    detail::placeLegendBelow(*m_plot);
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
    if (points && series.hollowMarkers) {
        // Filled white so that grid lines do not cross the ring.
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(series.color, 2.0),
                                               QBrush(Qt::white), kChartMarkerPixels + 1));
    } else if (points) {
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, series.color, kChartMarkerPixels));
    }
    graph->setData(x, y);
    showMessageWhenEmpty();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return static_cast<int>(std::max(series.x.size(), series.y.size()) - x.size());
}

void LogLogChart::clearSeries() {
    m_plot->clearGraphs();
    m_tips.clear();
    showMessageWhenEmpty();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void LogLogChart::setNoDataMessage(const QString& message) {
    m_noDataMessage->setText(message);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

QString LogLogChart::shownMessage() const {
    return m_noDataMessage->visible() ? m_noDataMessage->text() : QString();
}

void LogLogChart::showMessageWhenEmpty() {
    bool empty = true;
    for (int i = 0; i < m_plot->graphCount() && empty; ++i)
        empty = m_plot->graph(i)->data()->isEmpty();
    m_noDataMessage->setVisible(empty);
    m_plot->xAxis->setVisible(!empty);
    m_plot->yAxis->setVisible(!empty);
    m_plot->legend->setVisible(!empty && m_plot->legend->itemCount() > 0);
}

void LogLogChart::rescaleToData() {
    // Fitted here rather than by QCustomPlot's rescaleAxes, which widens a lone value by the ratio
    // of whatever range the axis had: one point would get made-up decades around it.
    QCPRange keys, values;
    bool found = false;
    for (int i = 0; i < m_plot->graphCount(); ++i) {
        bool hasKeys = false, hasValues = false;
        const QCPRange graphKeys = m_plot->graph(i)->getKeyRange(hasKeys, QCP::sdPositive);
        const QCPRange graphValues = m_plot->graph(i)->getValueRange(hasValues, QCP::sdPositive);
        if (!hasKeys || !hasValues)
            continue;
        if (found) {
            keys.expand(graphKeys);
            values.expand(graphValues);
        } else {
            keys = graphKeys;
            values = graphValues;
            found = true;
        }
    }
    if (found) {
        m_plot->xAxis->setRange(decadeRange(keys.lower, keys.upper));
        m_plot->yAxis->setRange(decadeRange(values.lower, values.upper));
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
