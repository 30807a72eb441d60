#pragma once
// The event display: one TrackML event (hits, detector, tracks, truth where it exists) prepared
// once as an EventScene, styled by colouring and cuts into an EventPresentation that every view
// shares (3D here, x-y and r-z in event_projections.h, the track table), so that a hit has the
// same colour and visibility everywhere. Lengths in mm, momenta in GeV.
//
// The 3D view batches geometry into a few actors (one point cloud, one polyline set, one
// wireframe per detector volume): a full event of 1e5 hits and 1e4 tracks stays interactive.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/analysis/tracking/event.h"
#include "sciperf/analysis/tracking/helix_fit.h"
#include "sciperf/views/vtk_view.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QElapsedTimer>
#include <QPointF>
#include <QString>
#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <numbers>
#include <optional>
#include <set>
#include <vector>

namespace sciperf {

// What a hit is, judged against the truth: on a good track (the score's double majority), on a
// fake track (no particle holds more than half of its hits), on a duplicate (most of its hits are
// one particle's, but that particle's hits are split: less than half are on this track), noise,
// or a particle's hit on no track. Without truth, hits on tracks are Unmatched.
enum class HitStatus : std::uint8_t { Good, Fake, Duplicate, Noise, Unassigned, Unmatched };
inline constexpr std::array kHitStatuses{HitStatus::Good,  HitStatus::Fake,       HitStatus::Duplicate,
                                         HitStatus::Noise, HitStatus::Unassigned, HitStatus::Unmatched};
QString hitStatusName(HitStatus status);

// Pt and Charge colour tracks, and the hits on them, by their track's transverse momentum (in
// classes, kPtClassEdgesGeV) or charge; hits on no track are muted.
enum class HitColoring { Volume, Particle, Track, Status, Pt, Charge };
inline constexpr std::array kHitColorings{HitColoring::Volume, HitColoring::Particle, HitColoring::Track,
                                          HitColoring::Status, HitColoring::Pt,       HitColoring::Charge};
QString hitColoringName(HitColoring coloring);
// The upper edges of the pT classes (GeV) but the last, which is open: 1-3-10 steps, as on a log axis.
inline constexpr std::array kPtClassEdgesGeV{0.3, 1.0, 3.0, 10.0};

// A track as the display shows it: a reconstructed one, or a true particle when the event has no
// reconstruction (as Phoenix's TrackML demo draws particles through their hits).
struct DisplayTrack {
    tracking::TrackId id = 0;        // the submission's label, or the particle id
    std::vector<std::uint32_t> hits; // indices into EventScene::hits, ordered outwards from the origin
    // The helix fitted to the hits (helix_fit.h, free of the beam line); none for a single hit.
    // Helices are drawn from it; d0 and z0 are its.
    std::optional<tracking::HelixFit> fit;
    // Kinematics: of the true particle where it is known, else of the helix fitted to the hits and
    // the beam line (as for a particle from the collision), in the nominal 2 T field.
    double ptGeV = 0; // 0: not measurable (fewer than three hits, or no curvature)
    double eta = 0;
    double phi = 0; // rad, of the momentum at the perigee (fit) or the vertex (truth)
    int charge = 0; // 0: unknown
    bool kinematicsFromTruth = false;
    std::optional<std::array<double, 3>> vertexMm;                   // the true particle's production vertex
    tracking::ParticleId matchedParticle = tracking::kNoiseParticle; // majority particle (truth only)
    double purity = 0;                       // fraction of the track's hits from the matched particle
    double weight = 0;                       // score weight of those hits, over the event's total
    HitStatus status = HitStatus::Unmatched; // Good, Fake, Duplicate or Unmatched
};

// One event prepared for display; built once per event and shared by every view.
struct EventScene {
    QString title; // e.g. "event000000001"
    tracking::Hits hits;
    std::vector<tracking::ParticleId> hitParticle; // per hit; empty without truth
    std::vector<std::int32_t> hitTrack;            // per hit: index into tracks, -1 for none
    std::vector<HitStatus> hitStatus;              // per hit
    std::vector<DisplayTrack> tracks;
    std::optional<tracking::Particles> particles; // for the true kinematics of matched particles
    bool hasTruth = false;
    bool tracksAreReconstructed = false; // false: the tracks are the true particles
    std::vector<std::int32_t> volumes;   // the volume ids of the hits, sorted

    // The index of hit id `id`, or -1.
    std::int64_t hitIndex(tracking::HitId id) const;
};

// Joins hits, truth and a reconstruction. `submission` may be null: the true particles (with at
// least one hit) become the tracks when truth exists, else there are none. Hits the submission
// labels tracking::kUnassignedTrack are on no track. Errors: those of tracking::analyzeTracks (a hit
// id twice).
Result<EventScene> makeEventScene(const tracking::Event& event, const tracking::Submission* submission,
                                  const QString& title);

// Which tracks and hits are shown. pT, |eta| and minimum hits apply to tracks and the hits on
// them; hits on no track (noise, unassigned) have none of these and are hidden while any of them
// is set. Volumes and statuses apply to every hit.
struct EventCuts {
    double minPtGeV = 0;
    double maxAbsEta = std::numeric_limits<double>::infinity();
    // Of the fitted helix: tracks far from the beam line are secondaries or fakes.
    double maxAbsD0Mm = std::numeric_limits<double>::infinity();
    int minHits = 0;
    // An azimuth window (rad) from phiFromRad anticlockwise to phiToRad, through ±π when from > to:
    // a sector of the detector. Tracks pass by their φ, hits on no track by their position's.
    double phiFromRad = -std::numbers::pi;
    double phiToRad = std::numbers::pi;
    // Distance from the origin (mm): hits beyond it are hidden and tracks drawn up to it, so that
    // raising it plays the collision outwards (the workspace's Play).
    double maxDistanceMm = std::numeric_limits<double>::infinity();
    std::set<std::int32_t> hiddenVolumes;
    std::set<HitStatus> hiddenStatuses;

    bool passesPhi(double phiRad) const;
    // Angles (rad) along the window anticlockwise, both ends included, `segmentsPerTurn` to a full
    // circle (at least one segment): the vertices of the detector's arcs in every view.
    std::vector<double> phiArcRad(int segmentsPerTurn) const;
};

struct LegendEntry {
    QString label;
    QColor color;
};

// An event styled for display: what every view draws.
// How tracks are drawn: a polyline through their hits (ordered outwards), or the helix fitted to
// them (DisplayTrack::fit; see trackPath).
enum class TrackShape { ThroughHits, Helix };

// How the 3D view draws the detector: each module's outline (each barrel stave's), or a coarse grid
// of each layer (its circles and a few lines along it), cheap on a software renderer.
enum class DetectorDetail { Modules, Layers };

struct EventPresentation {
    std::shared_ptr<const EventScene> scene;
    HitColoring coloring = HitColoring::Volume;
    TrackShape trackShape = TrackShape::ThroughHits;
    std::vector<QRgb> hitColors;    // per hit
    std::vector<bool> hitVisible;   // per hit
    std::vector<QRgb> trackColors;  // per track
    std::vector<bool> trackVisible; // per track
    std::vector<LegendEntry> legend;
    std::size_t visibleHits = 0;
    std::size_t visibleTracks = 0;
    double maxDistanceMm = std::numeric_limits<double>::infinity(); // EventCuts::maxDistanceMm
};

EventPresentation presentEvent(std::shared_ptr<const EventScene> scene, HitColoring coloring,
                               const EventCuts& cuts, TrackShape trackShape = TrackShape::ThroughHits);
// The points (mm) a track is drawn through: its hits, or points at most 0.02 rad of turning apart
// along its fitted helix (DisplayTrack::fit), from its true vertex or else its perigee (or its
// nearest hit, if that comes first) to its farthest hit. A helix of more than half a turn, which
// an outward-ordered looper or a merge of two particles gives, is drawn through the hits instead.
std::vector<std::array<double, 3>> trackPath(const EventScene& scene, std::size_t track, TrackShape shape);
// The distance of hit `i` from the origin (mm), by which tracks are ordered and Play shows hits.
double distanceFromOriginMm(const tracking::Hits& hits, std::size_t i);
// A track as a presentation draws it: its trackPath in the presentation's shape, up to where it
// first leaves maxDistanceMm of the origin (ending on that sphere); fewer than two points when
// nothing of it is drawn.
std::vector<std::array<double, 3>> shownTrackPath(const EventPresentation& shown, std::size_t track);
// The colour of a detector volume (also its hits' colour when coloured by volume).
QColor volumeColor(const std::vector<std::int32_t>& volumes, std::int32_t volume);
// "pixel barrel (8)" for the TrackML volumes, "volume N" otherwise.
QString volumeName(std::int32_t volume);
// What was picked, for the properties panel: hit id, position, module, particle, track.
QString describeHit(const EventScene& scene, std::size_t hit);
QString describeTrack(const EventScene& scene, std::size_t track);

// The selected hit and track, highlighted in every view (-1: none).
struct EventSelection {
    std::int64_t hit = -1;
    std::int64_t track = -1;
    bool operator==(const EventSelection&) const = default;
};
// The points (mm) a view zooms to for the selection: the selected hit, and the selected track as
// drawn (shownTrackPath); none for an empty selection.
std::vector<std::array<double, 3>> selectionPoints(const EventPresentation& shown,
                                                   const EventSelection& selection);
// The smallest extent (mm) a zoom to the selection shows: a lone hit with its neighbourhood.
inline constexpr double kZoomMinimumExtentMm = 100;

// What every view of an event shares, so that a hit and a selection look the same in each: sizes
// in pixels, and the distance a press may move and still be a click (not a drag of the camera).
inline constexpr double kEventHitPixels = 3.0;
inline constexpr double kEventSelectedHitPixels = 11.0;
inline constexpr double kEventSelectedTrackPixels = 4.0;
inline constexpr double kEventClickSlopPixels = 3.0;
// The frame time the 3D view aims at while the camera is dragged (issue 6: 50 ms on two cores).
inline constexpr double kEventFrameBudgetMs = 40.0;
inline const QColor kEventSelectionColor{0, 0, 0};

// The visible hit nearest to `position` (within a few pixels) with its track, else the visible
// track whose drawn polyline passes nearest; `project` puts hit i on screen in the caller's pixels
// and says whether it is drawn at all. One rule for every view, so a click means the same in each.
EventSelection pickOnScreen(const EventPresentation& presentation,
                            const std::function<bool(std::size_t hit, QPointF& at)>& project,
                            QPointF position);

// Where the 3D view's camera stands and looks (mm, degrees), as VTK's camera keeps it.
struct EventCamera {
    std::array<double, 3> positionMm{0, 0, 1};
    std::array<double, 3> focalPointMm{0, 0, 0};
    std::array<double, 3> viewUp{0, 1, 0};
    bool parallelProjection = false;
    double parallelScaleMm = 1; // half the view's height, with a parallel projection
    double viewAngleDeg = 30;   // the view's height, with a perspective projection

    bool operator==(const EventCamera&) const = default;
};

// The 3D view: detector wireframe per volume, hits as one point cloud, tracks as one polyline set,
// a legend, camera presets; a click (not a drag) picks the nearest hit or track on screen.
class EventDisplay : public VtkView {
    Q_OBJECT
public:
    enum class Camera { Perspective, EndView, SideView }; // 3D; x-y along the beam; r-z from the side

    explicit EventDisplay(QWidget* parent = nullptr);
    ~EventDisplay() override;

    // Module outlines, one batched wireframe per volume, drawn faintly behind the hits.
    void setDetector(const tracking::Detector& detector);
    void setDetectorVisible(bool visible);
    void setDetectorDetail(DetectorDetail detail);
    // The detector as cut with the event: the cut volumes hidden, and only the modules whose
    // centres lie in the φ window, to look into a sector; the other cuts concern the event.
    void setDetectorCuts(const EventCuts& cuts);
    void setPresentation(std::shared_ptr<const EventPresentation> presentation);
    void setSelection(const EventSelection& selection);
    void setCamera(Camera camera);
    // Keeps the camera's direction and moves it to frame the selection's points (selectionPoints),
    // at least kZoomMinimumExtentMm across; false, and nothing moves, for an empty selection.
    bool zoomTo(const EventSelection& selection);
    EventCamera cameraState() const;
    void setCameraState(const EventCamera& camera);

    // Where hit `hit` is drawn, in widget (logical) pixels; for tests and tooltips.
    QPointF screenPosition(std::size_t hit) const;
    // The visible hit, else the visible track, nearest to `position` (widget pixels) within a few
    // pixels; none when nothing is that close.
    EventSelection pick(QPointF position) const;
    // The picture as shown, at the widget's physical size.
    bool saveScreenshot(const QString& file);

    // While a mouse button drags the camera, or it turns (setTurning), a view whose last full frame
    // took longer than `budgetMs` draws only the tracks with the highest pT (and their hits, and as
    // large a share of the other hits) in the proportion budget / last frame time, adjusted by the
    // times of the frames drawn meanwhile, and the detector as a coarse grid of its layers; the
    // whole event again when the button is released or the turning stops; the caption says so.
    // The default, kEventFrameBudgetMs, keeps a software rasteriser's frames near it; 0 always
    // draws everything.
    void setInteractiveFrameBudget(double budgetMs);
    // The tracks (indices into the scene) and the number of hits drawn now: fewer while dragging.
    std::vector<std::size_t> drawnTracks() const;
    std::size_t drawnHits() const;
    // The length (mm) of the detector's lines drawn now: its modules' outlines, or while dragging
    // with reduced detail a coarse grid of its layers.
    double drawnDetectorLengthMm() const;
    // Wall time of the last render of the whole event into the widget's framebuffer.
    double lastFullFrameMs() const { return m_lastFullFrameMs; }
    // Turns the camera about the view's vertical axis at `degreesPerSecond` (0 stops), by the
    // clock, not per frame (Phoenix's auto-rotate): the event seen from every side without holding
    // the mouse, with reduced detail meanwhile as while dragging. A mouse press stops it.
    void setTurning(double degreesPerSecond);
    double turningDegreesPerSecond() const { return m_turnDegreesPerSecond; }

signals:
    void picked(const EventSelection& selection);
    // A mouse press stopped the turning.
    void turningStopped();

protected:
    void paintGL() override;
    void resizeGL(int width, int height) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void showReducedDetail(double share);
    // The camera starts or stops moving (a drag, a turn): reduced detail for a slow view meanwhile.
    void startMoving();
    void stopMoving();
    void turnStep();

    class Scene;
    std::unique_ptr<Scene> m_scene;
    QPointF m_pressPosition;
    double m_frameBudgetMs = kEventFrameBudgetMs;
    double m_lastFullFrameMs = 0;
    bool m_detailJustChanged = false;
    QTimer* m_turnTimer;
    QElapsedTimer m_turnClock;
    double m_turnDegreesPerSecond = 0;
};

// The tracks shown (after the cuts) as a table: id, status, hits, pT, eta, phi, q, purity, matched
// particle, weight. Numbers sort numerically through kSortRole; kTrackRole holds the track index.
class EventTrackModel : public QAbstractTableModel {
    Q_OBJECT
public:
    static constexpr int kTrackRole = Qt::UserRole + 30;

    explicit EventTrackModel(QObject* parent = nullptr);
    void setPresentation(std::shared_ptr<const EventPresentation> presentation);
    // The row of track `track`, -1 when it is not shown.
    int rowOf(std::int64_t track) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::shared_ptr<const EventPresentation> m_presentation;
    std::vector<std::uint32_t> m_rows; // track indices
};

} // namespace sciperf

Q_DECLARE_METATYPE(sciperf::EventSelection)
