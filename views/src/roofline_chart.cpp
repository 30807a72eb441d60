#include "sciperf/views/roofline_chart.h"

#include "roofline_detail.h"
#include "sciperf/views/log_log_chart.h"
#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/palette.h"
#include "sciperf/views/point_labels.h"

#include <QFontMetrics>
#include <QVBoxLayout>
#include <QtMath>
#include <algorithm>
#include <array>
#include <cmath>
#include <memory>
#include <numeric>
#include <optional>
#include <qcustomplot.h>
#include <string_view>

namespace sciperf {

namespace {

using detail::kGiga;
using detail::kLabelBackground;
using detail::kLineReach;
using detail::kSelectedColor;
// Marker diameters in pixels: a kernel with all of the time gets the largest.
constexpr double kMinMarkerPixels = 6.0;
constexpr double kMaxMarkerPixels = 30.0;
// A click this close to a point (in pixels, beyond a small marker's radius) still hits it.
constexpr double kClickReachPixels = 5.0;
constexpr int kClickSlopPixels = 3;
// Bandwidth labels stand this far above their lines (so the line does not strike through the
// text) and keep this far from kernel markers, searching along their line in steps for a free place.
constexpr double kCeilingLinePixels = 2.0;
constexpr int kLabelGapPixels = 3;
constexpr double kLabelClearancePixels = 2.0;
constexpr double kLabelSpacingPixels = 12.0; // between labels on neighbouring lines
constexpr double kLabelStepPixels = 8.0;
constexpr int kLabelSearchSteps = 200;
// The compute ceilings' labels end here, as a fraction of the axis rectangle's width.
constexpr double kComputeTextRight = 0.99;
const QString kCeilingLabelLayer = QStringLiteral("ceilingLabels");

const QColor kAboveRoofColor(220, 0, 0);
const QColor kArrowColor(70, 70, 70);
const QColor kFasterColor(0, 130, 60);

// Levels and precisions keep their colour whichever ceilings or kernels are shown.
constexpr std::array<std::string_view, 5> kLevels{"L1", "L2", "L3", "DRAM", "HBM"};
constexpr std::array<int, 5> kLevelPalette{0, 1, 2, 3, 3}; // DRAM and HBM are both main memory
constexpr std::array<std::string_view, 8> kPrecisions{"FP64",    "FP32", "FP16", "BF16",
                                                      "TC FP16", "TF32", "FP8",  "INT8"};
constexpr std::array<int, 8> kPrecisionPalette{4, 8, 9, 11, 12, 10, 13, 5};

// ERT names its only compute ceiling "GFLOPs", which would read "GFLOPs 356 GFLOP/s".
QString computeName(const std::string& name) {
    return name == "GFLOPs" ? QObject::tr("Peak") : text(name);
}

} // namespace

namespace detail {

double decadeBelow(double value) {
    return std::pow(10.0, std::floor(std::log10(value)));
}

double decadeAbove(double value) {
    return std::pow(10.0, std::ceil(std::log10(value)));
}

void onPlotClicked(QCustomPlot& plot, std::function<void(const QPointF&)> clicked) {
    auto pressedAt = std::make_shared<QPointF>();
    QObject::connect(&plot, &QCustomPlot::mousePress, &plot,
                     [pressedAt](QMouseEvent* event) { *pressedAt = event->position(); });
    QObject::connect(&plot, &QCustomPlot::mouseRelease, &plot,
                     [pressedAt, clicked = std::move(clicked)](QMouseEvent* event) {
                         if (event->button() == Qt::LeftButton &&
                             (event->position() - *pressedAt).manhattanLength() <= kClickSlopPixels)
                             clicked(event->position());
                     });
}

} // namespace detail

QColor rooflineLevelColor(const std::string& level) {
    const auto found = std::find(kLevels.begin(), kLevels.end(), level);
    if (found != kLevels.end())
        return categoricalColor(kLevelPalette[static_cast<std::size_t>(found - kLevels.begin())]);
    return mutedColor();
}

QColor rooflinePrecisionColor(const std::string& precision) {
    const auto found = std::find(kPrecisions.begin(), kPrecisions.end(), precision);
    if (found != kPrecisions.end())
        return categoricalColor(kPrecisionPalette[static_cast<std::size_t>(found - kPrecisions.begin())]);
    return mutedColor();
}

QString formatSignificant(double value, int digits) {
    if (!std::isfinite(value))
        return QStringLiteral("—");
    if (value == 0.0)
        return QStringLiteral("0");
    const int magnitude = static_cast<int>(std::floor(std::log10(std::abs(value))));
    if (magnitude >= 6 || magnitude < -3)
        return QString::number(value, 'g', digits);
    return QString::number(value, 'f', std::max(0, digits - 1 - magnitude));
}

QString bandwidthLabel(const roofline::BandwidthCeiling& ceiling) {
    return QStringLiteral("%1 %2 GB/s")
        .arg(text(ceiling.level), formatSignificant(ceiling.bytesPerSecond / kGiga));
}

QString computeLabel(const roofline::ComputeCeiling& ceiling) {
    return QStringLiteral("%1 %2 GFLOP/s")
        .arg(computeName(ceiling.name), formatSignificant(ceiling.flopsPerSecond / kGiga));
}

RooflineChart::RooflineChart(QWidget* parent)
    : QWidget(parent)
    , m_chart(new LogLogChart(this))
    , m_plot(m_chart->plot())
    , m_names(new PointLabels(m_plot)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_chart);
    m_chart->setAxisLabels(tr("Arithmetic intensity (FLOP/byte)"), tr("Performance (GFLOP/s)"));
    m_plot->legend->setBrush(QColor(255, 255, 255, 220));
    // The bandwidth labels follow their lines' slope and the visible range, which pans and zooms.
    connect(m_plot, &QCustomPlot::beforeReplot, this, &RooflineChart::placeBandwidthTexts);
    connect(m_plot, &QCustomPlot::beforeReplot, this, &RooflineChart::placeComputeTexts);
    detail::onPlotClicked(*m_plot, [this](const QPointF& at) {
        const int kernel = kernelAt(at);
        selectKernel(kernel);
        emit kernelSelected(kernel);
    });
    rebuild();
    fitAxes();
}

void RooflineChart::setTitle(const QString& title) {
    m_chart->setTitle(title);
}

QCustomPlot* RooflineChart::plot() const {
    return m_plot;
}

void RooflineChart::setData(const roofline::Ceilings& ceilings,
                            const std::vector<roofline::KernelPoint>& kernels) {
    m_ceilings = ceilings;
    m_kernels = kernels;
    m_comparison = {};
    m_selected = -1;
    rebuild();
    fitAxes();
}

void RooflineChart::setComparison(const roofline::RunComparison& comparison, const std::string& level) {
    m_comparison = comparison;
    m_comparisonLevel = level;
    rebuild();
}

void RooflineChart::setColoring(Coloring coloring) {
    m_coloring = coloring;
    rebuild();
}

void RooflineChart::setLevelVisible(const std::string& level, bool visible) {
    setHidden(m_hiddenLevels, level, !visible);
}

void RooflineChart::setPrecisionVisible(const std::string& precision, bool visible) {
    setHidden(m_hiddenPrecisions, precision, !visible);
}

void RooflineChart::setHidden(std::set<std::string>& hidden, const std::string& name, bool isHidden) {
    if (isHidden)
        hidden.insert(name);
    else
        hidden.erase(name);
    rebuild();
}

void RooflineChart::selectKernel(int index) {
    m_selected = index >= 0 && index < static_cast<int>(m_kernels.size()) ? index : -1;
    rebuild();
}

double RooflineChart::topPeak(bool visibleOnly) const {
    double peak = 0;
    for (const auto& compute : m_ceilings.compute)
        if (!visibleOnly || !m_hiddenPrecisions.contains(compute.name))
            peak = std::max(peak, compute.flopsPerSecond);
    return peak;
}

double RooflineChart::roofAt(const std::string& level, double intensity, const std::string& precision) const {
    const auto bandwidth = std::find_if(m_ceilings.bandwidth.begin(), m_ceilings.bandwidth.end(),
                                        [&level](const auto& b) { return b.level == level; });
    if (bandwidth == m_ceilings.bandwidth.end() || m_ceilings.compute.empty())
        return 0;
    // As boundOf: the precision's own ceiling, else the highest one.
    const auto compute = std::find_if(m_ceilings.compute.begin(), m_ceilings.compute.end(),
                                      [&precision](const auto& c) { return c.name == precision; });
    const double peak = compute != m_ceilings.compute.end() ? compute->flopsPerSecond : topPeak(false);
    return roofline::attainableFlopsPerSecond(intensity, bandwidth->bytesPerSecond, peak);
}

bool RooflineChart::isShown(const roofline::KernelPoint& kernel, const std::string& level) const {
    return !m_hiddenLevels.contains(level) && !m_hiddenPrecisions.contains(kernel.precision);
}

void RooflineChart::rebuild() {
    m_chart->clearSeries();
    m_plot->clearItems();
    m_markers.clear();
    m_bandwidthGraphs.clear();
    m_computeGraphs.clear();
    m_bandwidthTexts.clear();
    m_computeTexts.clear();
    drawCeilings();
    drawKernels();
    drawComparison();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RooflineChart::drawCeilings() {
    auto addLine = [this](const QString& name, QVector<double> x, QVector<double> y, const QColor& color) {
        m_chart->addSeries(
            {name, std::move(x), std::move(y), color, ChartSeries::Style::Line, kCeilingLinePixels, {}});
        QCPGraph* graph = m_plot->graph(m_plot->graphCount() - 1);
        graph->removeFromLegend(); // labelled on the line itself
        return graph;
    };
    auto addText = [this](const QString& content, const QColor& color) {
        auto* item = new QCPItemText(m_plot);
        item->setText(content);
        item->setColor(color.darker(130));
        QFont font = m_plot->font();
        font.setBold(true);
        item->setFont(font);
        // Close levels' and roofs' lines run through each other's labels: the labels go over every
        // line, on a layer of their own, with a background.
        if (m_plot->layer(kCeilingLabelLayer) == nullptr)
            m_plot->addLayer(kCeilingLabelLayer, m_plot->layer(QStringLiteral("main")),
                             QCustomPlot::limAbove);
        item->setLayer(kCeilingLabelLayer);
        item->setBrush(kLabelBackground);
        return item;
    };

    // Bandwidth lines end where they meet the top visible compute roof (its ridge point).
    const double peak = topPeak(true);
    double fastest = 0;
    for (const auto& bandwidth : m_ceilings.bandwidth) {
        const double w = bandwidth.bytesPerSecond;
        if (w <= 0)
            continue;
        fastest = std::max(fastest, w);
        const double ridge = peak > 0 ? peak / w : kLineReach;
        const double start = ridge / (kLineReach * kLineReach);
        const QColor color = rooflineLevelColor(bandwidth.level);
        QCPGraph* graph =
            addLine(bandwidthLabel(bandwidth), {start, ridge}, {start * w / kGiga, ridge * w / kGiga}, color);
        QCPItemText* label = addText(bandwidthLabel(bandwidth), color);
        label->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
        label->setPadding(QMargins(0, 0, 0, kLabelGapPixels));
        const bool visible = !m_hiddenLevels.contains(bandwidth.level);
        graph->setVisible(visible);
        label->setVisible(visible);
        m_bandwidthGraphs[bandwidth.level] = graph;
        m_bandwidthTexts[bandwidth.level] = {label, w, ridge};
    }
    // Compute roofs start where they meet the fastest bandwidth line.
    for (const auto& compute : m_ceilings.compute) {
        const double p = compute.flopsPerSecond;
        if (p <= 0)
            continue;
        const double start = fastest > 0 ? p / fastest : 1.0 / (kLineReach * kLineReach);
        const QColor color = rooflinePrecisionColor(compute.name);
        QCPGraph* graph = addLine(computeLabel(compute), {start, start * kLineReach * kLineReach},
                                  {p / kGiga, p / kGiga}, color);
        QCPItemText* label = addText(computeLabel(compute), color);
        // At the right edge, where no bandwidth line runs, just above the roof (placeComputeTexts).
        label->position->setType(QCPItemPosition::ptAbsolute);
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
        const bool visible = !m_hiddenPrecisions.contains(compute.name);
        graph->setVisible(visible);
        label->setVisible(visible);
        m_computeGraphs[compute.name] = graph;
        m_computeTexts[compute.name] = {label, p / kGiga};
    }
}

void RooflineChart::drawKernels() {
    const double totalSeconds = std::accumulate(m_kernels.begin(), m_kernels.end(), 0.0,
                                                [](double sum, const auto& k) { return sum + k.seconds; });
    // Large markers first, so that small ones stay visible on top of them.
    std::vector<int> order(m_kernels.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [this](int a, int b) { return m_kernels[a].seconds > m_kernels[b].seconds; });

    // What the marker colours mean, for the legend, in the levels' or precisions' own order.
    auto rank = [this](const std::string& category) {
        const auto level = std::find(kLevels.begin(), kLevels.end(), category);
        const auto precision = std::find(kPrecisions.begin(), kPrecisions.end(), category);
        return m_coloring == Coloring::ByLevel ? level - kLevels.begin() : precision - kPrecisions.begin();
    };
    std::map<std::pair<std::ptrdiff_t, std::string>, QColor> categories;
    bool anyAboveRoof = false;
    for (const int index : order) {
        const roofline::KernelPoint& kernel = m_kernels[static_cast<std::size_t>(index)];
        const double gflops = roofline::flopsPerSecond(kernel) / kGiga;
        if (!(gflops > 0))
            continue;
        const double share = totalSeconds > 0 ? kernel.seconds / totalSeconds : 0.0;
        const double pixels =
            std::clamp(kMaxMarkerPixels * std::sqrt(share), kMinMarkerPixels, kMaxMarkerPixels);
        const bool selected = index == m_selected;

        std::vector<Marker> markers;
        for (const auto& levelBytes : kernel.bytes) {
            const auto intensity = roofline::arithmeticIntensity(kernel, levelBytes.level);
            if (!intensity || !isShown(kernel, levelBytes.level))
                continue;
            const double roof = roofAt(levelBytes.level, *intensity, kernel.precision);
            // A tiny tolerance: a point exactly on its roof is not above it.
            const bool above = roof > 0 && gflops * kGiga > roof * (1 + 1e-9);
            markers.push_back({index, levelBytes.level, *intensity, gflops, pixels, above, nullptr});
        }
        if (markers.empty())
            continue;

        ChartSeries link;
        link.name = text(kernel.name);
        link.color = selected ? kSelectedColor : mutedColor();
        link.lineWidth = selected ? 2.0 : 1.0;
        for (const Marker& marker : markers) {
            link.x << marker.intensity;
            link.y << marker.gflops;
        }
        m_chart->addSeries(link);
        m_plot->graph(m_plot->graphCount() - 1)->removeFromLegend();

        for (Marker& marker : markers) {
            const std::string& category = m_coloring == Coloring::ByLevel ? marker.level : kernel.precision;
            const QColor color = m_coloring == Coloring::ByLevel ? rooflineLevelColor(marker.level)
                                                                 : rooflinePrecisionColor(kernel.precision);
            categories.emplace(std::pair{rank(category), category}, color);
            anyAboveRoof = anyAboveRoof || marker.aboveRoof;
            ChartSeries point;
            point.name = text(kernel.name);
            point.x = {marker.intensity};
            point.y = {marker.gflops};
            point.color = color;
            point.style = ChartSeries::Style::Points;
            point.pointToolTips = {markerToolTip(index, marker.level)};
            m_chart->addSeries(point);
            marker.graph = m_plot->graph(m_plot->graphCount() - 1);
            marker.graph->removeFromLegend();
            QPen outline(color.darker(150), 1.0);
            if (marker.aboveRoof)
                outline = QPen(kAboveRoofColor, 2.5);
            if (selected)
                outline = QPen(kSelectedColor, 3.0);
            QColor fill = color;
            fill.setAlpha(200);
            marker.graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, outline, fill, pixels));
            m_markers.push_back(marker);
        }
        if (selected) { // named beside its rightmost marker
            const Marker& right =
                *std::max_element(markers.begin(), markers.end(),
                                  [](const auto& a, const auto& b) { return a.intensity < b.intensity; });
            m_names->add(right.intensity, right.gflops, text(kernel.name), pixels)
                ->setBrush(kLabelBackground);
        }
    }

    // The legend says what the marker colours mean: data-less graphs carry its entries.
    auto addLegendEntry = [this](const QString& name, const QCPScatterStyle& style) {
        QCPGraph* entry = m_plot->addGraph();
        entry->setName(name);
        entry->setLineStyle(QCPGraph::lsNone);
        entry->setScatterStyle(style);
    };
    for (const auto& [ranked, color] : categories) {
        const std::string& category = ranked.second;
        const QString name = m_coloring == Coloring::ByLevel ? tr("AI at %1").arg(text(category))
                                                             : tr("%1 kernels").arg(text(category));
        QColor fill = color;
        fill.setAlpha(200);
        addLegendEntry(name, QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(color.darker(150)), fill, 9));
    }
    if (anyAboveRoof)
        addLegendEntry(
            tr("above its roof: check counts and ceilings"),
            QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kAboveRoofColor, 2.5), Qt::NoBrush, 9));
}

void RooflineChart::drawComparison() {
    m_arrowCount = 0;
    for (const roofline::KernelChange& change : m_comparison.matched) {
        const auto before = roofline::arithmeticIntensity(change.before, m_comparisonLevel);
        const auto after = roofline::arithmeticIntensity(change.after, m_comparisonLevel);
        const double beforeGflops = roofline::flopsPerSecond(change.before) / kGiga;
        const double afterGflops = roofline::flopsPerSecond(change.after) / kGiga;
        if (!before || !after || !(beforeGflops > 0) || !(afterGflops > 0) ||
            !isShown(change.before, m_comparisonLevel))
            continue;
        auto* arrow = new QCPItemLine(m_plot);
        arrow->start->setCoords(*before, beforeGflops);
        arrow->end->setCoords(*after, afterGflops);
        arrow->setPen(QPen(kArrowColor, 1.5, Qt::DashLine));
        arrow->setHead(QCPLineEnding(QCPLineEnding::esSpikeArrow, 10, 12));
        // The speedup beside the arrow's middle (geometric, as the axes are logarithmic).
        auto* label = new QCPItemText(m_plot);
        label->position->setCoords(std::sqrt(*before * *after), std::sqrt(beforeGflops * afterGflops));
        label->setText(QStringLiteral("%1×").arg(formatSignificant(change.speedup, 2)));
        label->setColor(change.speedup >= 1.0 ? kFasterColor : kAboveRoofColor);
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->setPadding(QMargins(4, 0, 0, 2));
        ++m_arrowCount;
    }
    if (m_arrowCount > 0) { // a legend entry for the arrows: a data-less graph with their pen
        QCPGraph* entry = m_plot->addGraph();
        entry->setName(tr("change in the compared run (speedup)"));
        entry->setPen(QPen(kArrowColor, 1.5, Qt::DashLine));
    }
}

void RooflineChart::fitAxes() {
    std::vector<double> intensities, gflops;
    for (const Marker& marker : m_markers) {
        intensities.push_back(marker.intensity);
        gflops.push_back(marker.gflops);
    }
    const double peak = topPeak(false);
    double slowest = 0;
    for (const auto& bandwidth : m_ceilings.bandwidth) {
        if (bandwidth.bytesPerSecond <= 0)
            continue;
        slowest = slowest > 0 ? std::min(slowest, bandwidth.bytesPerSecond) : bandwidth.bytesPerSecond;
        if (peak > 0)
            intensities.push_back(peak / bandwidth.bytesPerSecond);
    }
    for (const auto& compute : m_ceilings.compute)
        if (compute.flopsPerSecond > 0)
            gflops.push_back(compute.flopsPerSecond / kGiga);
    if (intensities.empty())
        intensities = {0.1, 10.0};
    // A decade of slope before the first ridge and of roof after the last one.
    const double low = detail::decadeBelow(*std::min_element(intensities.begin(), intensities.end()) / 10);
    const double high = detail::decadeAbove(*std::max_element(intensities.begin(), intensities.end()) * 10);
    m_plot->xAxis->setRange(low, high);
    if (slowest > 0)
        gflops.push_back(slowest * low / kGiga); // where the slowest line enters the view
    if (gflops.empty())
        gflops = {1.0, 100.0};
    // Room above the highest roof for its label.
    m_plot->yAxis->setRange(detail::decadeBelow(*std::min_element(gflops.begin(), gflops.end())),
                            *std::max_element(gflops.begin(), gflops.end()) * 4);
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void RooflineChart::placeBandwidthTexts() {
    const QCPRange range = m_plot->xAxis->range();
    // The markers' discs on screen, which no label may cover.
    std::vector<std::pair<QPointF, double>> discs;
    for (const Marker& marker : m_markers)
        discs.emplace_back(QPointF(m_plot->xAxis->coordToPixel(marker.intensity),
                                   m_plot->yAxis->coordToPixel(marker.gflops)),
                           marker.pixels / 2 + kLabelClearancePixels);
    // Fastest first: each label sits on its line, turned to the slope on screen, as near the middle
    // (in log terms) of the line's visible part as it can without covering a marker or a label
    // placed before it, so that close levels (L1, L2 on a modern core) stay legible.
    std::vector<BandwidthText*> labels;
    for (auto& [level, label] : m_bandwidthTexts)
        if (label.item->visible())
            labels.push_back(&label);
    std::sort(labels.begin(), labels.end(), [](const BandwidthText* a, const BandwidthText* b) {
        return a->bytesPerSecond > b->bytesPerSecond;
    });
    struct PlacedLabel {
        QPointF anchor; // pixels, the middle of the box's bottom edge
        double halfWidth;
        double height;
    };
    std::vector<PlacedLabel> placed;
    for (BandwidthText* label : labels) {
        const double end = std::min(label->ridge, range.upper);
        const double middle = std::sqrt(range.lower * end);
        const auto linePixel = [&](double intensity) {
            return QPointF(m_plot->xAxis->coordToPixel(intensity),
                           m_plot->yAxis->coordToPixel(intensity * label->bytesPerSecond / kGiga));
        };
        const QPointF step = linePixel(middle * 10) - linePixel(middle);
        const double angle = std::atan2(step.y(), step.x());
        const QPointF along(std::cos(angle), std::sin(angle));
        const QPointF up(std::sin(angle), -std::cos(angle));
        const QFontMetrics metrics(label->item->font());
        const double halfWidth = metrics.horizontalAdvance(label->item->text()) / 2.0;
        const double height = metrics.height() + kLabelGapPixels;
        // The label's box ends beside its line, not over half of it.
        const auto anchorAt = [&](double centreX) {
            return linePixel(m_plot->xAxis->pixelToCoord(centreX)) + up * (kCeilingLinePixels / 2 + 0.5);
        };
        // Every bandwidth line has the same slope on screen, so the labels placed before are turned
        // alike: their boxes compare with this one in its own frame.
        const auto coversLabel = [&](QPointF anchor) {
            return std::any_of(placed.begin(), placed.end(), [&](const PlacedLabel& other) {
                const QPointF d = anchor - other.anchor;
                const double u = std::abs(QPointF::dotProduct(d, along));
                const double v = QPointF::dotProduct(d, up);
                return u < halfWidth + other.halfWidth + kLabelSpacingPixels && v < other.height &&
                       v + height > 0;
            });
        };
        const auto coversMarker = [&](QPointF anchor) {
            return std::any_of(discs.begin(), discs.end(), [&](const auto& disc) {
                const QPointF d = disc.first - anchor;
                const double du = std::max(std::abs(QPointF::dotProduct(d, along)) - halfWidth, 0.0);
                const double v = QPointF::dotProduct(d, up);
                const double dv = std::max({-v, v - height, 0.0});
                return std::hypot(du, dv) < disc.second;
            });
        };
        // The legend box, drawn over the axes' top corner.
        const auto coversLegend = [&](QPointF anchor) {
            if (!m_plot->legend->visible())
                return false;
            const QPolygonF box({anchor - along * halfWidth, anchor + along * halfWidth,
                                 anchor + along * halfWidth + up * height,
                                 anchor - along * halfWidth + up * height});
            return box.boundingRect().intersects(QRectF(m_plot->legend->outerRect()));
        };
        // Places going out from the middle, alternately right and left, within the line's visible
        // part: the first clear of labels, markers and the legend, else the first clear of labels.
        const double preferred = linePixel(middle).x();
        const double lowest = linePixel(range.lower).x() + halfWidth * along.x();
        const double highest = linePixel(end).x() - halfWidth * along.x();
        std::optional<double> clear, legible;
        for (int k = 0; k <= kLabelSearchSteps && !clear; ++k) {
            const double x = preferred + (k % 2 == 1 ? 1 : -1) * ((k + 1) / 2) * kLabelStepPixels;
            if (k > 0 && (x < lowest || x > highest))
                continue;
            if (coversLabel(anchorAt(x)))
                continue;
            if (!legible)
                legible = x;
            if (!coversMarker(anchorAt(x)) && !coversLegend(anchorAt(x)))
                clear = x;
        }
        const double centreX = clear.value_or(legible.value_or(preferred));
        label->item->position->setPixelPosition(anchorAt(centreX));
        label->item->setRotation(qRadiansToDegrees(angle));
        placed.push_back({anchorAt(centreX), halfWidth, height});
    }
}

void RooflineChart::placeComputeTexts() {
    // Highest roof first, each label at the right edge just above its roof; where roofs run closer
    // than a label's height (FP64 at 60 % of FP32 on a 2-core VM), a label moves left of the one
    // above instead of covering it.
    std::vector<const ComputeText*> labels;
    for (const auto& [precision, label] : m_computeTexts)
        if (label.item->visible())
            labels.push_back(&label);
    std::sort(labels.begin(), labels.end(),
              [](const ComputeText* a, const ComputeText* b) { return a->gflops > b->gflops; });
    const QRect rect = m_plot->axisRect()->rect();
    const double rightPixel = rect.left() + kComputeTextRight * rect.width();
    double aboveLeftPixel = rightPixel, aboveRoofPixel = 0;
    bool first = true;
    for (const ComputeText* text : labels) {
        QCPItemText* label = text->item;
        const QFontMetrics metrics(label->font());
        const double roofPixel = m_plot->yAxis->coordToPixel(text->gflops);
        double right = rightPixel;
        if (!first && std::abs(roofPixel - aboveRoofPixel) < 1.3 * metrics.height())
            right = aboveLeftPixel - metrics.horizontalAdvance(QLatin1Char(' ')) * 2;
        // The label's box ends beside its roof, not over half of it.
        label->position->setCoords(right, roofPixel - (kCeilingLinePixels / 2 + 0.5));
        aboveLeftPixel = right - metrics.horizontalAdvance(label->text()) - label->padding().left() -
                         label->padding().right();
        aboveRoofPixel = roofPixel;
        first = false;
    }
}

int RooflineChart::kernelAt(const QPointF& pixel, std::string* level) const {
    const Marker* nearest = nullptr;
    double best = 0;
    for (const Marker& marker : m_markers) {
        const double dx = m_plot->xAxis->coordToPixel(marker.intensity) - pixel.x();
        const double dy = m_plot->yAxis->coordToPixel(marker.gflops) - pixel.y();
        const double distance = std::hypot(dx, dy);
        const double reach = std::max(marker.pixels / 2, kClickReachPixels);
        if (distance <= reach && (nearest == nullptr || distance < best)) {
            nearest = &marker;
            best = distance;
        }
    }
    if (nearest != nullptr && level != nullptr)
        *level = nearest->level;
    return nearest != nullptr ? nearest->kernel : -1;
}

bool RooflineChart::isAboveRoof(int index, const std::string& level) const {
    return std::any_of(m_markers.begin(), m_markers.end(), [&](const Marker& marker) {
        return marker.kernel == index && marker.level == level && marker.aboveRoof;
    });
}

QString RooflineChart::markerToolTip(int index, const std::string& level) const {
    if (index < 0 || index >= static_cast<int>(m_kernels.size()))
        return {};
    const roofline::KernelPoint& kernel = m_kernels[static_cast<std::size_t>(index)];
    const double totalSeconds = std::accumulate(m_kernels.begin(), m_kernels.end(), 0.0,
                                                [](double sum, const auto& k) { return sum + k.seconds; });
    const double flopsPerSecond = roofline::flopsPerSecond(kernel);
    QStringList lines;
    lines << QStringLiteral("<b>%1</b> (%2)").arg(text(kernel.name).toHtmlEscaped(), text(kernel.precision));
    const QString launches = kernel.launches == 1 ? tr("1 launch") : tr("%1 launches").arg(kernel.launches);
    lines << tr("%1, %2 ms in all (%3 % of the time shown)")
                 .arg(launches)
                 .arg(formatSignificant(kernel.seconds * 1e3))
                 .arg(formatSignificant(totalSeconds > 0 ? 100 * kernel.seconds / totalSeconds : 0));
    lines << tr("%1 GFLOP at %2 GFLOP/s")
                 .arg(formatSignificant(kernel.flops / kGiga), formatSignificant(flopsPerSecond / kGiga));
    for (const auto& levelBytes : kernel.bytes) {
        const auto intensity = roofline::arithmeticIntensity(kernel, levelBytes.level);
        QString line = tr("%1: %2 GB, AI %3 FLOP/byte")
                           .arg(text(levelBytes.level), formatSignificant(levelBytes.bytes / kGiga),
                                intensity ? formatSignificant(*intensity) : QStringLiteral("—"));
        if (const double roof = intensity ? roofAt(levelBytes.level, *intensity, kernel.precision) : 0;
            roof > 0)
            line += tr(", roof %1 GFLOP/s (%2 % of roof)")
                        .arg(formatSignificant(roof / kGiga), formatSignificant(100 * flopsPerSecond / roof));
        lines << (levelBytes.level == level ? QStringLiteral("<b>%1</b>").arg(line) : line);
    }
    if (const auto bound = roofline::boundOf(kernel, m_ceilings)) {
        lines << tr("%1 % of roof, limited by %2 (%3)")
                     .arg(formatSignificant(100 * bound->fractionOfAttainable), text(bound->limiter),
                          bound->memoryBound ? tr("memory bound") : tr("compute bound"));
        if (bound->fractionOfAttainable > 1)
            lines << QStringLiteral("<span style=\"color:#dc0000\">%1</span>")
                         .arg(tr("Above its roof: check the FLOP counting, the byte definition and the "
                                 "ceilings."));
    } else {
        lines << tr("No % of roof: %1").arg(text(bound.error().message).toHtmlEscaped());
    }
    lines << tr("Provenance: %1 (%2)")
                 .arg(text(std::string(roofline::provenanceName(kernel.provenance))),
                      text(kernel.origin).toHtmlEscaped());
    return lines.join(QStringLiteral("<br>"));
}

QCPGraph* RooflineChart::bandwidthGraph(const std::string& level) const {
    const auto found = m_bandwidthGraphs.find(level);
    return found == m_bandwidthGraphs.end() ? nullptr : found->second;
}

QCPGraph* RooflineChart::computeGraph(const std::string& precision) const {
    const auto found = m_computeGraphs.find(precision);
    return found == m_computeGraphs.end() ? nullptr : found->second;
}

QCPGraph* RooflineChart::markerGraph(int index, const std::string& level) const {
    const auto found = std::find_if(m_markers.begin(), m_markers.end(), [&](const Marker& marker) {
        return marker.kernel == index && marker.level == level;
    });
    return found == m_markers.end() ? nullptr : found->graph;
}

QCPItemText* RooflineChart::bandwidthText(const std::string& level) const {
    const auto found = m_bandwidthTexts.find(level);
    return found == m_bandwidthTexts.end() ? nullptr : found->second.item;
}

QCPItemText* RooflineChart::computeText(const std::string& precision) const {
    const auto found = m_computeTexts.find(precision);
    return found == m_computeTexts.end() ? nullptr : found->second.item;
}

} // namespace sciperf
