#pragma once
// The Events workspace: TrackML events from a source (a simulate run of the session, a folder the
// user opened, the real events of SCIPERF_DATA_DIR), browsed previous/next, shown in 3D beside
// x-y and r-z projections with a track table and a properties panel, all linked: a pick in any of
// them selects the hit or track everywhere. Colouring and cuts apply to every view at once. An
// event's tracks come from a reconstruction run of the session on its source (`<prefix>-
// submission.csv` in the run directory, the newest by default), from a submission beside the event,
// or from a file loaded by hand; without any, the true particles are the tracks.

#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/analysis/tracking/event.h"
#include "sciperf/store/session_store.h"
#include "sciperf/views/event_display.h"
#include "sciperf/views/event_view_state.h"

#include <QElapsedTimer>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QTimer;
class QToolButton;
class QVBoxLayout;
class QLabel;
class QPlainTextEdit;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace sciperf {

class EventProjection;
class FlowLayout;

class EventsWorkspace : public QWidget {
    Q_OBJECT
public:
    enum class View { Display3D, XY, RZ };

    explicit EventsWorkspace(QWidget* parent = nullptr);
    ~EventsWorkspace() override;

    // The session's completed simulate runs become sources (newest first); opened folders stay.
    // Completed track runs become the reconstructions offered for their input folder.
    void setRuns(const std::vector<RunRecord>& runs);
    // The folder of the events shown (empty when none).
    QString currentFolder() const;
    // Shows the tracks of the reconstruction run written to `runDirectory`, when it ran on the
    // current source.
    void selectReconstruction(const QString& runDirectory);
    // Shows the first event of the run written to `runDirectory`.
    void selectRun(const QString& runDirectory);
    // Adds the folder's events (files `<prefix>-hits.csv[.gz]`) as a source and shows the first.
    // False, with the reason shown and emitted, when it holds none or the event cannot be read.
    bool openFolder(const QString& folder);
    // The event at `index` of the current source.
    bool showEventAt(int index);
    void showPreviousEvent();
    void showNextEvent();
    // A reconstruction (TrackML submission CSV) for the event shown, compared with its truth.
    bool loadSubmission(const QString& file);
    bool hasContent() const { return m_scene != nullptr; }

    void select(const EventSelection& selection);
    // Frames the selection in the 3D view and both projections.
    void zoomToSelection();
    EventSelection selection() const { return m_selection; }
    // The view as shown, PNG.
    bool saveScreenshot(View view, const QString& file);

    std::shared_ptr<const EventPresentation> presentation() const { return m_presentation; }
    int eventIndex() const { return m_eventIndex; }
    QStringList eventPrefixes() const;
    QComboBox* sourceBox() const { return m_sourceBox; }
    QComboBox* tracksBox() const { return m_tracksBox; }
    QComboBox* coloringBox() const { return m_coloringBox; }
    QComboBox* trackShapeBox() const { return m_shapeBox; }
    QComboBox* detectorBox() const { return m_detectorBox; }
    QDoubleSpinBox* minPtBox() const { return m_minPtBox; }
    QDoubleSpinBox* maxEtaBox() const { return m_maxEtaBox; }
    QSpinBox* minHitsBox() const { return m_minHitsBox; }
    // The azimuth window's ends (rad); at -π and π, no cut.
    QDoubleSpinBox* phiFromBox() const { return m_phiFromBox; }
    QDoubleSpinBox* phiToBox() const { return m_phiToBox; }
    // The check box that shows volume `volume` (null when the event has none of its hits).
    QCheckBox* volumeBox(std::int32_t volume) const;
    QCheckBox* statusBox(HitStatus status) const;
    EventDisplay* display() const { return m_display; }
    EventProjection* xyProjection() const { return m_xy; }
    EventProjection* rzProjection() const { return m_rz; }
    QTableView* trackTable() const { return m_table; }
    QString propertiesText() const;
    QString message() const;

public slots:
    void chooseFolderToOpen();
    void chooseSubmissionToLoad();
    // The view (cuts, colouring, track shape, detector, camera) to or from a JSON file
    // (event_view_state.h); a file that cannot be written or read is a problem() naming it, and
    // a bad file changes nothing.
    bool saveViewState(const QString& file);
    bool loadViewState(const QString& file);
    void chooseViewToSave();
    void chooseViewToLoad();
    // Plays the collision outwards: hits and tracks appear with their distance from the origin
    // over kPlaySeconds, then the whole event again; a second call stops it.
    void play();
    bool playing() const;

signals:
    void contentChanged(bool hasContent);
    // A folder, event or submission that could not be read; the text names the file.
    void problem(const QString& message);

private:
    struct Source {
        QString folder;
        QString label;
        QStringList prefixes;
    };
    struct Reconstruction {
        QString runDirectory;
        QString inputFolder; // cleaned absolute path
        QString label;
    };

    void addSourceControls(FlowLayout& flow);
    void addCutControls(FlowLayout& flow);
    QWidget* createScreenshotButton();
    QWidget* createViewButton();
    EventCuts currentCuts() const;
    EventViewState viewState() const;
    void applyViewState(const EventViewState& state);
    void stopPlaying();
    QToolButton* createChecklistButton(QVBoxLayout* list);
    void updateChecklistTitles();
    void addSource(const QString& folder, const QString& label);
    void fillSourceBox();
    void fillTracksBox();
    const Source* currentSource() const;
    void showScene(std::shared_ptr<const EventScene> scene,
                   const std::shared_ptr<const tracking::Detector>& detector);
    void rebuildVolumeBoxes();
    void updatePresentation();
    void showMessage(const QString& text, bool isError);
    std::shared_ptr<const tracking::Detector> detectorFor(const QString& folder);

    std::vector<Source> m_runSources;
    std::vector<Source> m_otherSources;            // opened folders and the real data
    std::vector<Reconstruction> m_reconstructions; // newest first
    std::map<QString, std::shared_ptr<const tracking::Detector>> m_detectors; // by file; "" built in
    std::shared_ptr<const tracking::Detector> m_shownDetector;
    std::optional<tracking::Event> m_event; // the event shown, kept to rejoin with a loaded submission
    std::shared_ptr<const EventScene> m_scene;
    std::shared_ptr<const EventPresentation> m_presentation;
    EventSelection m_selection;
    int m_eventIndex = -1;
    bool m_selecting = false;
    bool m_coloringChosen = false; // by the user or a loaded view; until then it follows the event

    QComboBox* m_sourceBox;
    QComboBox* m_tracksBox;
    QLabel* m_eventLabel;
    QComboBox* m_coloringBox;
    QComboBox* m_shapeBox;
    QDoubleSpinBox* m_minPtBox;
    QDoubleSpinBox* m_maxEtaBox;
    QDoubleSpinBox* m_maxD0Box;
    QSpinBox* m_minHitsBox;
    QDoubleSpinBox* m_phiFromBox;
    QDoubleSpinBox* m_phiToBox;
    QToolButton* m_playButton;
    QToolButton* m_zoomButton;
    QTimer* m_playTimer;
    QElapsedTimer m_playClock;
    double m_playDistanceMm; // EventCuts::maxDistanceMm while playing, else infinite
    double m_playEndMm = 0;  // the farthest hit's distance
    QComboBox* m_detectorBox;
    // The volume and status cuts: check boxes in the pop-ups of two buttons, which name how many
    // are shown (nine volumes and six statuses in a row made the cut bar wider than a window).
    QVBoxLayout* m_volumeList;
    QVBoxLayout* m_statusList;
    QToolButton* m_volumesButton;
    QToolButton* m_statusesButton;
    std::map<std::int32_t, QCheckBox*> m_volumeBoxes;
    std::map<HitStatus, QCheckBox*> m_statusBoxes;
    QLabel* m_message;
    EventDisplay* m_display;
    EventProjection* m_xy;
    EventProjection* m_rz;
    EventTrackModel* m_model;
    QSortFilterProxyModel* m_sorted = nullptr; // set by createResultTableView
    QTableView* m_table;
    QPlainTextEdit* m_properties;
};

} // namespace sciperf
