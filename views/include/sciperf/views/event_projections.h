#pragma once
// The event in two dimensions beside the 3D view: x-y (looking along the beam) and r-z (r signed
// by the side, y > 0 or y < 0, of the track a hit is on, else of the hit itself, against z), as in
// ROOT EVE's RhoPhi / RhoZ projections. They draw the same
// EventPresentation as the 3D view, so colours, cuts and the selection agree. Lengths in mm.

#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/views/event_display.h"

#include <array>
#include <memory>
#include <qcustomplot.h>

namespace sciperf {

class EventProjection : public QCustomPlot {
    Q_OBJECT
public:
    enum class Kind { XY, RZ };

    explicit EventProjection(Kind kind, QWidget* parent = nullptr);

    Kind kind() const { return m_kind; }
    // The detector's layers as outlines: barrel layers (circles in x-y; lines in r-z) and disks (r-z).
    void setDetector(const tracking::Detector& detector);
    // The outlines of the volumes shown and, of the φ window, the arcs in x-y and the sides in r-z,
    // as the 3D view's detector (EventDisplay::setDetectorCuts).
    void setDetectorCuts(const EventCuts& cuts);
    void setPresentation(std::shared_ptr<const EventPresentation> presentation);
    void setSelection(const EventSelection& selection);
    // Ranges that frame the selection's points (selectionPoints), at least kZoomMinimumExtentMm
    // across, x-y keeping one mm as long across as up; false, and nothing moves, for none.
    bool zoomTo(const EventSelection& selection);
    // The whole event and detector again (also on a double-click).
    void showWholeEvent();

    // Where hit `hit` is drawn, in widget pixels.
    QPointF screenPosition(std::size_t hit) const;
    EventSelection pick(QPointF position) const;

signals:
    void picked(const EventSelection& selection);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    // The hit's coordinates in this projection (mm): (x, y) or (z, ±r).
    QPointF coordinates(std::size_t hit) const;
    // A point's (mm) the same way; in r-z, r takes `side`'s sign (the sign of y where 0).
    QPointF project(const std::array<double, 3>& pointMm, double side = 0) const;
    void drawDetector();
    void fitRanges();
    void keepAspect();

    Kind m_kind;
    std::shared_ptr<const EventPresentation> m_presentation;
    std::vector<tracking::LayerSummary> m_layers;
    EventCuts m_detectorCuts;
    QCPCurve* m_detector;
    QCPCurve* m_selectedTrack;
    QCPGraph* m_selectedHit;
    std::vector<QCPAbstractPlottable*> m_eventPlottables; // hits and tracks, one per colour
    // Per track of the shown scene: +1 or -1, the side of the beam its hits are on, so that a
    // track crossing y = 0 stays on one side of the r-z projection instead of jumping across.
    std::vector<double> m_trackSide;
    QPointF m_pressPosition;
    double m_rExtentMm = 0; // of the detector, for the ranges
    double m_zExtentMm = 0;
};

} // namespace sciperf
