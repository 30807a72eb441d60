#include "sciperf/views/event_projections.h"

#include <QMouseEvent>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numbers>

namespace sciperf {

namespace {

const QColor kDetectorColor(205, 205, 212);
constexpr double kTrackPenPixels = 1.2;
// Segments per barrel circle in x-y.
constexpr int kCircleSegments = 180;
// Room around the outermost detector or hit, as a fraction of it.
constexpr double kMargin = 1.05;
const double kGap = std::numeric_limits<double>::quiet_NaN();

// Polylines separated by NaN points, which QCustomPlot draws as gaps: one plottable for many lines.
struct Polylines {
    QVector<double> t, keys, values;
    void add(double key, double value) {
        t << double(t.size());
        keys << key;
        values << value;
    }
    void gap() {
        add(kGap, kGap);
        ++lines;
    }
    int lines = 0;
};

QCPCurve* newCurve(QCustomPlot& plot, const QString& layer, const QPen& pen) {
    auto* curve = new QCPCurve(plot.xAxis, plot.yAxis);
    curve->setLayer(layer);
    curve->setPen(pen);
    curve->setSelectable(QCP::stNone);
    return curve;
}

void setCurve(QCPCurve& curve, const Polylines& lines) {
    curve.setData(lines.t, lines.keys, lines.values, true);
}

// The colours of `byColor` from the most to the least used (`count` of each): drawn in this order,
// a colour few tracks or hits have stays visible on top of the bulk, whatever its RGB value.
template <class Group, class Count>
std::vector<std::pair<QRgb, const Group*>> mostUsedFirst(const std::map<QRgb, Group>& byColor, Count count) {
    std::vector<std::pair<QRgb, const Group*>> order;
    for (const auto& [rgb, group] : byColor)
        order.emplace_back(rgb, &group);
    std::stable_sort(order.begin(), order.end(),
                     [&count](const auto& a, const auto& b) { return count(*a.second) > count(*b.second); });
    return order;
}

} // namespace

EventProjection::EventProjection(Kind kind, QWidget* parent)
    : QCustomPlot(parent)
    , m_kind(kind) {
    setObjectName(kind == Kind::XY ? QStringLiteral("xyProjection") : QStringLiteral("rzProjection"));
    // Layers from the bottom: detector outlines, tracks, hits, the selection above all.
    addLayer(QStringLiteral("detector"), layer(QStringLiteral("main")), QCustomPlot::limBelow);
    addLayer(QStringLiteral("tracks"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    addLayer(QStringLiteral("hits"), layer(QStringLiteral("tracks")), QCustomPlot::limAbove);
    addLayer(QStringLiteral("selection"), layer(QStringLiteral("hits")), QCustomPlot::limAbove);
    m_detector = newCurve(*this, QStringLiteral("detector"), QPen(kDetectorColor, 1.0));
    m_selectedTrack =
        newCurve(*this, QStringLiteral("selection"), QPen(kEventSelectionColor, kEventSelectedTrackPixels));
    m_selectedHit = new QCPGraph(xAxis, yAxis);
    m_selectedHit->setLayer(QStringLiteral("selection"));
    m_selectedHit->setLineStyle(QCPGraph::lsNone);
    m_selectedHit->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kEventSelectionColor, 2.0),
                                                   Qt::NoBrush, kEventSelectedHitPixels));

    const bool xy = kind == Kind::XY;
    xAxis->setLabel(xy ? tr("x (mm)") : tr("z (mm)"));
    yAxis->setLabel(xy ? tr("y (mm)") : tr("±r (mm)"));
    plotLayout()->insertRow(0);
    plotLayout()->addElement(
        0, 0,
        new QCPTextElement(this, xy ? tr("x-y (transverse plane)") : tr("r-z (side; r < 0 where y < 0)"),
                           QFont(font().family(), font().pointSize() + 1, QFont::Bold)));
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    setToolTip(tr("Click: pick a hit or track · wheel: zoom · drag: pan · double-click: the whole event"));
    setMinimumSize(120, 90);

    connect(this, &QCustomPlot::mousePress, this,
            [this](QMouseEvent* event) { m_pressPosition = event->position(); });
    connect(this, &QCustomPlot::mouseRelease, this, [this](QMouseEvent* event) {
        const QPointF moved = event->position() - m_pressPosition;
        if (event->button() == Qt::LeftButton && std::hypot(moved.x(), moved.y()) <= kEventClickSlopPixels)
            emit picked(pick(event->position()));
    });
}

QPointF EventProjection::coordinates(std::size_t hit) const {
    const EventScene& scene = *m_presentation->scene;
    const std::int32_t track = scene.hitTrack[hit];
    return project({scene.hits.x[hit], scene.hits.y[hit], scene.hits.z[hit]},
                   track >= 0 ? m_trackSide[std::size_t(track)] : 0);
}

QPointF EventProjection::project(const std::array<double, 3>& pointMm, double side) const {
    const auto [x, y, z] = pointMm;
    if (m_kind == Kind::XY)
        return {x, y};
    return {z, std::copysign(std::hypot(x, y), side != 0 ? side : y)};
}

namespace {

// The side of the beam (+1: y > 0) that most of each track's direction lies on: the sign of the
// summed sin φ of its hits.
std::vector<double> trackSides(const EventScene& scene) {
    std::vector<double> sides;
    sides.reserve(scene.tracks.size());
    for (const DisplayTrack& track : scene.tracks) {
        double sinPhi = 0;
        for (const std::size_t hit : track.hits) {
            const double r = std::hypot(double(scene.hits.x[hit]), double(scene.hits.y[hit]));
            if (r > 0)
                sinPhi += scene.hits.y[hit] / r;
        }
        sides.push_back(sinPhi < 0 ? -1.0 : 1.0);
    }
    return sides;
}

} // namespace

void EventProjection::setDetector(const tracking::Detector& detector) {
    m_layers = detector.layers();
    m_rExtentMm = 0;
    m_zExtentMm = 0;
    for (const tracking::LayerSummary& summary : m_layers) {
        const tracking::Extent& e = summary.extent;
        m_rExtentMm = std::max(m_rExtentMm, e.rMaxMm);
        m_zExtentMm = std::max({m_zExtentMm, -e.zMinMm, e.zMaxMm});
    }
    drawDetector();
    fitRanges();
    replot();
}

void EventProjection::setDetectorCuts(const EventCuts& cuts) {
    // The workspace passes every change of the cuts; most leave the outlines as they are.
    const bool sameOutlines = cuts.phiFromRad == m_detectorCuts.phiFromRad &&
                              cuts.phiToRad == m_detectorCuts.phiToRad &&
                              cuts.hiddenVolumes == m_detectorCuts.hiddenVolumes;
    m_detectorCuts = cuts;
    if (sameOutlines)
        return;
    drawDetector();
    replot();
}

void EventProjection::drawDetector() {
    const EventCuts& cuts = m_detectorCuts;
    const std::vector<double> arc = cuts.phiArcRad(kCircleSegments);
    // A side of r-z (+1: y > 0) is shown when the window reaches into it: an end lies in it, or the
    // window holds the side's middle, φ = ±π/2.
    const auto reaches = [&cuts](double side) {
        return side * std::sin(cuts.phiFromRad) > 0 || side * std::sin(cuts.phiToRad) > 0 ||
               cuts.passesPhi(side * std::numbers::pi / 2);
    };
    std::vector<double> sides;
    for (const double side : {1.0, -1.0})
        if (reaches(side))
            sides.push_back(side);
    Polylines outlines;
    for (const tracking::LayerSummary& summary : m_layers) {
        if (cuts.hiddenVolumes.count(summary.volumeId))
            continue;
        const tracking::Extent& e = summary.extent;
        if (m_kind == Kind::XY) {
            if (summary.kind != tracking::VolumeKind::Barrel)
                continue; // disks would cover the barrel layers seen along the beam
            for (const double angle : arc)
                outlines.add(summary.meanRadiusMm * std::cos(angle), summary.meanRadiusMm * std::sin(angle));
        } else if (summary.kind == tracking::VolumeKind::Barrel) {
            for (const double sign : sides) {
                outlines.add(e.zMinMm, sign * summary.meanRadiusMm);
                outlines.add(e.zMaxMm, sign * summary.meanRadiusMm);
                outlines.gap();
            }
        } else {
            for (const double sign : sides) {
                outlines.add(summary.meanZMm, sign * e.rMinMm);
                outlines.add(summary.meanZMm, sign * e.rMaxMm);
                outlines.gap();
            }
        }
        outlines.gap();
    }
    setCurve(*m_detector, outlines);
}

void EventProjection::setPresentation(std::shared_ptr<const EventPresentation> presentation) {
    const bool newEvent = !m_presentation || m_presentation->scene != presentation->scene;
    m_presentation = std::move(presentation);
    for (QCPAbstractPlottable* plottable : m_eventPlottables)
        removePlottable(plottable);
    m_eventPlottables.clear();
    const EventScene& scene = *m_presentation->scene;
    if (newEvent)
        m_trackSide = trackSides(scene);

    // One plottable per colour: a handful, however many hits and tracks.
    std::map<QRgb, Polylines> tracks;
    for (std::size_t t = 0; t < scene.tracks.size(); ++t) {
        if (!m_presentation->trackVisible[t] || scene.tracks[t].hits.size() < 2)
            continue;
        Polylines& lines = tracks[m_presentation->trackColors[t]];
        for (const auto& point : shownTrackPath(*m_presentation, t)) {
            const QPointF at = project(point, m_trackSide[t]);
            lines.add(at.x(), at.y());
        }
        lines.gap();
    }
    for (const auto& [rgb, lines] : mostUsedFirst(tracks, [](const Polylines& p) { return p.lines; })) {
        QCPCurve* curve =
            newCurve(*this, QStringLiteral("tracks"), QPen(QColor::fromRgb(rgb), kTrackPenPixels));
        setCurve(*curve, *lines);
        m_eventPlottables.push_back(curve);
    }
    std::map<QRgb, std::pair<QVector<double>, QVector<double>>> hits;
    for (std::size_t i = 0; i < scene.hits.size(); ++i) {
        if (!m_presentation->hitVisible[i])
            continue;
        auto& [keys, values] = hits[m_presentation->hitColors[i]];
        const QPointF at = coordinates(i);
        keys << at.x();
        values << at.y();
    }
    for (const auto& [rgb, points] : mostUsedFirst(hits, [](const auto& p) { return p.first.size(); })) {
        auto* graph = new QCPGraph(xAxis, yAxis);
        graph->setLayer(QStringLiteral("hits"));
        graph->setLineStyle(QCPGraph::lsNone);
        graph->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssDisc, QColor::fromRgb(rgb), kEventHitPixels));
        graph->setSelectable(QCP::stNone);
        graph->setData(points->first, points->second);
        m_eventPlottables.push_back(graph);
    }
    if (newEvent)
        fitRanges();
    setSelection({});
}

void EventProjection::setSelection(const EventSelection& selection) {
    m_selectedHit->data()->clear();
    Polylines track;
    if (m_presentation && selection.hit >= 0) {
        const QPointF at = coordinates(std::size_t(selection.hit));
        m_selectedHit->addData(at.x(), at.y());
    }
    if (m_presentation && selection.track >= 0)
        for (const auto& point : shownTrackPath(*m_presentation, std::size_t(selection.track))) {
            const QPointF at = project(point, m_trackSide[std::size_t(selection.track)]);
            track.add(at.x(), at.y());
        }
    setCurve(*m_selectedTrack, track);
    replot();
}

bool EventProjection::zoomTo(const EventSelection& selection) {
    if (!m_presentation)
        return false;
    const std::vector<std::array<double, 3>> points = selectionPoints(*m_presentation, selection);
    if (points.empty())
        return false;
    const double side = selection.track >= 0 ? m_trackSide[std::size_t(selection.track)] : 0;
    const QPointF first = project(points.front(), side);
    double left = first.x(), right = first.x(), bottom = first.y(), top = first.y();
    for (const auto& point : points) {
        const QPointF at = project(point, side);
        left = std::min(left, at.x());
        right = std::max(right, at.x());
        bottom = std::min(bottom, at.y());
        top = std::max(top, at.y());
    }
    const QRectF box(QPointF(left, bottom), QPointF(right, top));
    // A margin of a tenth each side, and no less than the minimum extent.
    double halfWidth = std::max(box.width() * 1.2, kZoomMinimumExtentMm) / 2;
    double halfHeight = std::max(box.height() * 1.2, kZoomMinimumExtentMm) / 2;
    if (m_kind == Kind::XY) {
        // The same mm per pixel both ways: the tighter axis widens.
        const QRect pixels = axisRect()->rect();
        const double mmPerPixel = std::max(2 * halfWidth / std::max(1, pixels.width()),
                                           2 * halfHeight / std::max(1, pixels.height()));
        halfWidth = mmPerPixel * pixels.width() / 2;
        halfHeight = mmPerPixel * pixels.height() / 2;
    }
    xAxis->setRange(box.center().x() - halfWidth, box.center().x() + halfWidth);
    yAxis->setRange(box.center().y() - halfHeight, box.center().y() + halfHeight);
    if (m_kind == Kind::XY)
        keepAspect(); // the new ranges' tick labels may have resized the axis rectangle
    replot();
    return true;
}

void EventProjection::showWholeEvent() {
    fitRanges();
    replot();
}

void EventProjection::mouseDoubleClickEvent(QMouseEvent* event) {
    QCustomPlot::mouseDoubleClickEvent(event);
    showWholeEvent();
}

void EventProjection::fitRanges() {
    // Radius and length apart: in r-z the radius fills the height, not a third of it.
    double rExtent = m_rExtentMm;
    double zExtent = m_zExtentMm;
    if (m_presentation) {
        const tracking::Hits& hits = m_presentation->scene->hits;
        for (std::size_t i = 0; i < hits.size(); ++i) {
            rExtent = std::max(rExtent, std::hypot(double(hits.x[i]), double(hits.y[i])));
            zExtent = std::max(zExtent, std::abs(double(hits.z[i])));
        }
    }
    rExtent = std::max(rExtent, 1.0) * kMargin;
    zExtent = std::max(zExtent, 1.0) * kMargin;
    yAxis->setRange(-rExtent, rExtent);
    if (m_kind == Kind::XY) {
        xAxis->setRange(-rExtent, rExtent);
        keepAspect();
    } else {
        xAxis->setRange(-zExtent, zExtent);
    }
}

void EventProjection::keepAspect() {
    // One mm is as long across as up, so that circles stay circles: x follows y's scale at the
    // axis rectangle's current size.
    updateLayout();
    xAxis->setScaleRatio(yAxis, 1.0);
}

void EventProjection::resizeEvent(QResizeEvent* event) {
    QCustomPlot::resizeEvent(event);
    if (m_kind == Kind::XY) {
        keepAspect();
        replot();
    }
}

QPointF EventProjection::screenPosition(std::size_t hit) const {
    const QPointF at = coordinates(hit);
    return {xAxis->coordToPixel(at.x()), yAxis->coordToPixel(at.y())};
}

EventSelection EventProjection::pick(QPointF position) const {
    if (!m_presentation)
        return {};
    return pickOnScreen(
        *m_presentation,
        [this](std::size_t hit, QPointF& at) {
            at = screenPosition(hit);
            return true;
        },
        position);
}

} // namespace sciperf
