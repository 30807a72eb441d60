#include "sciperf/views/time_roofline_chart.h"

#include "roofline_detail.h"
#include "sciperf/views/log_log_chart.h"
#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/palette.h"
#include "sciperf/views/point_labels.h"
#include "sciperf/views/roofline_chart.h"

#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

namespace sciperf {

namespace {

using detail::kGiga;
using detail::kLineReach;
using detail::kSelectedColor;
constexpr double kPointPixels = 9.0;
constexpr double kClickReachPixels = 7.0;
constexpr std::size_t kNamedKernels = 12;
const QColor kBalanceColor(60, 60, 60);
const QColor kLaunchColor(200, 30, 30);

} // namespace

TimeRooflineChart::TimeRooflineChart(QWidget* parent)
    : QWidget(parent)
    , m_chart(new LogLogChart(this))
    , m_plot(m_chart->plot())
    , m_names(new PointLabels(m_plot)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_chart);
    m_plot->legend->setBrush(QColor(255, 255, 255, 220));
    detail::onPlotClicked(*m_plot, [this](const QPointF& at) {
        const int kernel = kernelAt(at);
        selectKernel(kernel);
        emit kernelSelected(kernel);
    });
    clear();
}

void TimeRooflineChart::setTitle(const QString& title) {
    m_chart->setTitle(title);
}

QCustomPlot* TimeRooflineChart::plot() const {
    return m_plot;
}

void TimeRooflineChart::clear() {
    setData({}, {}, "DRAM");
}

void TimeRooflineChart::setData(const std::vector<roofline::KernelPoint>& kernels,
                                const roofline::TimeRooflineMachine& machine, const std::string& level) {
    m_kernels = kernels;
    m_machine = machine;
    m_level = level;
    m_selected = -1;
    m_chart->setAxisLabels(tr("Bytes moved at %1 (GB)").arg(text(level)), tr("Work (GFLOP)"));
    rebuild();
    fitAxes();
}

void TimeRooflineChart::selectKernel(int index) {
    m_selected = index >= 0 && index < static_cast<int>(m_kernels.size()) ? index : -1;
    rebuild();
    // The view grows (never shrinks) to show the selected kernel's launch box.
    if (m_launchVertical != nullptr) {
        const QPointF corner = m_launchVertical->end->coords();
        QCPRange x = m_plot->xAxis->range(), y = m_plot->yAxis->range();
        if (!x.contains(corner.x()) || !y.contains(corner.y())) {
            x.expand(detail::decadeBelow(corner.x() / 2));
            y.expand(detail::decadeBelow(corner.y() / 2));
            m_plot->xAxis->setRange(x);
            m_plot->yAxis->setRange(y);
        }
    }
}

int TimeRooflineChart::launchBoxKernel() const {
    if (m_selected >= 0 && placed(m_selected) != nullptr)
        return m_selected;
    const auto most =
        std::max_element(m_placed.begin(), m_placed.end(), [this](const Placed& a, const Placed& b) {
            return m_kernels[static_cast<std::size_t>(a.kernel)].launches <
                   m_kernels[static_cast<std::size_t>(b.kernel)].launches;
        });
    return most == m_placed.end() ? -1 : most->kernel;
}

const TimeRooflineChart::Placed* TimeRooflineChart::placed(int index) const {
    const auto found = std::find_if(m_placed.begin(), m_placed.end(),
                                    [index](const Placed& p) { return p.kernel == index; });
    return found == m_placed.end() ? nullptr : &*found;
}

QCPGraph* TimeRooflineChart::segmentGraph(int index) const {
    const Placed* found = placed(index);
    return found != nullptr ? found->segment : nullptr;
}

void TimeRooflineChart::rebuild() {
    m_chart->clearSeries();
    m_plot->clearItems();
    m_placed.clear();
    m_balance = nullptr;
    m_launchVertical = m_launchHorizontal = nullptr;
    const double balance =
        m_machine.bytesPerSecond > 0 ? m_machine.peakFlopsPerSecond / m_machine.bytesPerSecond : 0;
    if (balance <= 0) {
        m_plot->replot(QCustomPlot::rpQueuedReplot);
        return;
    }

    for (std::size_t i = 0; i < m_kernels.size(); ++i) {
        const auto point = roofline::timeRoofline(m_kernels[i], m_machine, m_level);
        if (!point || !(point->bytes > 0) || !(point->flops > 0))
            continue;
        const int index = static_cast<int>(i);
        const bool selected = index == m_selected;
        const QColor color = categoricalColor(index);
        // The segment joins the point to its time vertex (hollow); its length is log(T / T_ideal).
        ChartSeries segment;
        segment.name = text(m_kernels[i].name);
        segment.x = {point->bytes / kGiga, point->vertexBytes / kGiga};
        segment.y = {point->flops / kGiga, point->vertexFlops / kGiga};
        segment.color = selected ? kSelectedColor : color;
        segment.lineWidth = selected ? 2.5 : 1.5;
        segment.style = ChartSeries::Style::LineAndPoints;
        segment.pointToolTips = {pointToolTip(index), pointToolTip(index)};
        m_chart->addSeries(segment);
        QCPGraph* graph = m_plot->graph(m_plot->graphCount() - 1);
        graph->removeFromLegend();
        graph->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(segment.color, 1.5), QColor(Qt::white), 7));
        ChartSeries at;
        at.x = {segment.x[0]};
        at.y = {segment.y[0]};
        at.color = color;
        at.style = ChartSeries::Style::Points;
        m_chart->addSeries(at);
        QCPGraph* marker = m_plot->graph(m_plot->graphCount() - 1);
        marker->removeFromLegend();
        marker->setScatterStyle(QCPScatterStyle(
            QCPScatterStyle::ssDisc, selected ? QPen(kSelectedColor, 2.5) : QPen(color.darker(150)), color,
            selected ? kPointPixels + 4 : kPointPixels));
        m_placed.push_back({index, point.value(), graph});
    }
    // Named on the chart while that stays readable, else the selected one only; the selected
    // first, so that it keeps its name where names crowd.
    std::vector<const Placed*> named;
    for (const Placed& each : m_placed)
        if (each.kernel == m_selected || m_kernels.size() <= kNamedKernels)
            named.push_back(&each);
    std::stable_partition(named.begin(), named.end(),
                          [this](const Placed* p) { return p->kernel == m_selected; });
    for (const Placed* each : named) {
        const bool selected = each->kernel == m_selected;
        QCPItemText* name = m_names->add(each->point.bytes / kGiga, each->point.flops / kGiga,
                                         text(m_kernels[std::size_t(each->kernel)].name),
                                         selected ? kPointPixels + 4 : kPointPixels);
        name->setColor(selected ? kSelectedColor : categoricalColor(each->kernel).darker(150));
        name->setBrush(detail::kLabelBackground);
    }

    // The balance line F = (P/W)·B, over every range the axes can be panned to.
    ChartSeries balanceLine;
    balanceLine.name =
        tr("balance F = %1 FLOP/byte × B (P %2 GFLOP/s, W %3 GB/s)")
            .arg(formatSignificant(balance), formatSignificant(m_machine.peakFlopsPerSecond / kGiga),
                 formatSignificant(m_machine.bytesPerSecond / kGiga));
    balanceLine.x = {1.0 / (kLineReach * kLineReach), kLineReach * kLineReach};
    balanceLine.y = {balanceLine.x[0] * balance, balanceLine.x[1] * balance};
    balanceLine.color = kBalanceColor;
    m_chart->addSeries(balanceLine);
    m_balance = m_plot->graph(m_plot->graphCount() - 1);

    const int boxKernel = launchBoxKernel();
    if (const Placed* box = placed(boxKernel)) {
        // Work doable in the launch overhead: [0, W·N·t] × [0, P·N·t], corner on the balance line.
        const double bytes = box->point.launchSeconds * m_machine.bytesPerSecond / kGiga;
        const double flops = box->point.launchSeconds * m_machine.peakFlopsPerSecond / kGiga;
        const QPen dashed(kLaunchColor, 1.5, Qt::DashLine);
        m_launchVertical = new QCPItemLine(m_plot);
        m_launchVertical->start->setTypeY(QCPItemPosition::ptAxisRectRatio);
        m_launchVertical->start->setCoords(bytes, 1.0); // the bottom of the axes
        m_launchVertical->end->setCoords(bytes, flops);
        m_launchHorizontal = new QCPItemLine(m_plot);
        m_launchHorizontal->start->setTypeX(QCPItemPosition::ptAxisRectRatio);
        m_launchHorizontal->start->setCoords(0.0, flops); // the left edge of the axes
        m_launchHorizontal->end->setCoords(bytes, flops);
        for (QCPItemLine* edge : {m_launchVertical, m_launchHorizontal})
            edge->setPen(dashed);
        // A legend entry for the box: a data-less graph with its pen.
        QCPGraph* entry = m_plot->addGraph();
        const auto& kernel = m_kernels[static_cast<std::size_t>(boxKernel)];
        entry->setName(tr("launch box of %1: %2 × %3 µs launch overhead")
                           .arg(text(kernel.name))
                           .arg(kernel.launches)
                           .arg(formatSignificant(m_machine.launchOverheadSeconds * 1e6, 2)));
        entry->setPen(dashed);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void TimeRooflineChart::fitAxes() {
    std::vector<double> bytes, flops;
    for (const Placed& p : m_placed) {
        bytes.insert(bytes.end(), {p.point.bytes / kGiga, p.point.vertexBytes / kGiga});
        flops.insert(flops.end(), {p.point.flops / kGiga, p.point.vertexFlops / kGiga});
    }
    if (m_launchVertical != nullptr) {
        bytes.push_back(m_launchVertical->end->coords().x());
        flops.push_back(m_launchVertical->end->coords().y());
    }
    if (bytes.empty()) {
        bytes = {0.01, 10.0};
        flops = {0.01, 10.0};
    }
    m_plot->xAxis->setRange(detail::decadeBelow(*std::min_element(bytes.begin(), bytes.end()) / 2),
                            detail::decadeAbove(*std::max_element(bytes.begin(), bytes.end()) * 2));
    m_plot->yAxis->setRange(detail::decadeBelow(*std::min_element(flops.begin(), flops.end()) / 2),
                            detail::decadeAbove(*std::max_element(flops.begin(), flops.end()) * 2));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int TimeRooflineChart::kernelAt(const QPointF& pixel) const {
    int nearest = -1;
    double best = kClickReachPixels;
    for (const Placed& p : m_placed) {
        const double distance = std::hypot(m_plot->xAxis->coordToPixel(p.point.bytes / kGiga) - pixel.x(),
                                           m_plot->yAxis->coordToPixel(p.point.flops / kGiga) - pixel.y());
        if (distance <= best) {
            best = distance;
            nearest = p.kernel;
        }
    }
    return nearest;
}

QString TimeRooflineChart::pointToolTip(int index) const {
    if (index < 0 || index >= static_cast<int>(m_kernels.size()))
        return {};
    const auto& kernel = m_kernels[static_cast<std::size_t>(index)];
    const auto point = roofline::timeRoofline(kernel, m_machine, m_level);
    if (!point)
        return text(point.error().message).toHtmlEscaped();
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> (%2)").arg(text(kernel.name).toHtmlEscaped(), text(kernel.precision));
    lines << tr("%1 GB at %2, %3 GFLOP, AI %4 FLOP/byte")
                 .arg(formatSignificant(point->bytes / kGiga), text(m_level),
                      formatSignificant(point->flops / kGiga),
                      formatSignificant(point->flops / point->bytes));
    lines << tr("measured %1 ms; ideal %2 ms; efficiency %3 %")
                 .arg(formatSignificant(kernel.seconds * 1e3), formatSignificant(point->idealSeconds * 1e3),
                      formatSignificant(100 * point->efficiency));
    lines << tr("%1 launches: %2 ms of launch overhead%3")
                 .arg(kernel.launches)
                 .arg(formatSignificant(point->launchSeconds * 1e3))
                 .arg(point->launchBound ? tr(" — launch bound: fuse kernels or use graphs") : QString());
    lines << tr("hollow circle: its time vertex, all of the measured time at peak");
    return lines.join(QStringLiteral("<br>"));
}

} // namespace sciperf
