#include "events_workspace.h"

#include "flow_layout.h"
#include "result_table_view.h"
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/store/event_file.h"
#include "sciperf/views/event_projections.h"
#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/plot_export.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScopedValueRollback>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>
#include <cmath>
#include <limits>
#include <numbers>

namespace sciperf {

namespace {

// The |eta| box at its maximum means no cut: TrackML hits reach |eta| of about 4.
constexpr double kNoEtaCut = 6.0;
// Turn: one turn of the 3D view in 12 s.
constexpr int kTurnDegreesPerSecond = 30;
// Play: the collision outwards in this many seconds, a frame every so many milliseconds.
constexpr int kPlaySeconds = 3;
constexpr int kPlayFrameMs = 40;
// The |d0| box at its maximum means no cut: beyond the outermost barrel layer (about 1 m).
constexpr double kNoD0CutMm = 1100;
const QString kBuiltInDetector; // the key of the engine's detector among the cached ones

std::filesystem::path toPath(const QString& path) {
    return std::filesystem::path(QFile::encodeName(path).toStdString());
}

QStringList eventPrefixesIn(const QString& folder) {
    QStringList prefixes;
    for (const std::string& prefix : tracking::listEvents(toPath(folder)))
        prefixes << QString::fromStdString(prefix);
    return prefixes;
}

// detectors.csv[.gz] beside the events or one folder up (as in the challenge's layout); empty: none.
QString detectorFileFor(const QString& folder) {
    for (const QString& candidate : {folder, folder + QStringLiteral("/..")})
        for (const QString& name : {QStringLiteral("detectors.csv"), QStringLiteral("detectors.csv.gz")})
            if (QFileInfo::exists(candidate + QLatin1Char('/') + name))
                return QFileInfo(candidate + QLatin1Char('/') + name).canonicalFilePath();
    return {};
}

} // namespace

EventsWorkspace::EventsWorkspace(QWidget* parent)
    : QWidget(parent)
    , m_sourceBox(new QComboBox(this))
    , m_tracksBox(new QComboBox(this))
    , m_eventLabel(new QLabel(this))
    , m_coloringBox(new QComboBox(this))
    , m_shapeBox(new QComboBox(this))
    , m_minPtBox(new QDoubleSpinBox(this))
    , m_maxEtaBox(new QDoubleSpinBox(this))
    , m_maxD0Box(new QDoubleSpinBox(this))
    , m_minHitsBox(new QSpinBox(this))
    , m_phiFromBox(new QDoubleSpinBox(this))
    , m_phiToBox(new QDoubleSpinBox(this))
    , m_playButton(new QToolButton(this))
    , m_playTimer(new QTimer(this))
    , m_playDistanceMm(std::numeric_limits<double>::infinity())
    , m_detectorBox(new QComboBox(this))
    , m_volumeList(new QVBoxLayout)
    , m_statusList(new QVBoxLayout)
    , m_volumesButton(createChecklistButton(m_volumeList))
    , m_statusesButton(createChecklistButton(m_statusList))
    , m_message(new QLabel(this))
    , m_display(new EventDisplay(this))
    , m_xy(new EventProjection(EventProjection::Kind::XY, this))
    , m_rz(new EventProjection(EventProjection::Kind::RZ, this))
    , m_model(new EventTrackModel(this))
    , m_table(createResultTableView(m_model, QStringLiteral("tracks"), this, &m_sorted))
    , m_properties(new QPlainTextEdit(this)) {
    m_message->setObjectName(QStringLiteral("eventsMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_table->setObjectName(QStringLiteral("trackTable"));
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    // Columns fit new rows; new values in the same rows (a colouring, Play's frames) keep them.
    connect(m_model, &QAbstractItemModel::modelReset, m_table, &QTableView::resizeColumnsToContents);
    m_properties->setObjectName(QStringLiteral("eventProperties"));
    m_properties->setReadOnly(true);
    m_properties->setPlaceholderText(tr("Click a hit or a track in any view, or a row of the table."));

    auto* projections = new QSplitter(Qt::Vertical, this);
    projections->addWidget(m_xy);
    projections->addWidget(m_rz);
    // x-y is as tall as it is wide; r-z about a third (the detector's length against its radius).
    projections->setStretchFactor(0, 3);
    projections->setStretchFactor(1, 2);
    auto* views = new QSplitter(Qt::Horizontal, this);
    views->addWidget(m_display);
    views->addWidget(projections);
    views->setStretchFactor(0, 3);
    views->setStretchFactor(1, 2);
    auto* details = new QSplitter(Qt::Horizontal, this);
    details->addWidget(m_table);
    details->addWidget(m_properties);
    details->setStretchFactor(0, 3);
    details->setStretchFactor(1, 1);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(views);
    split->addWidget(details);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    // The source, browser, cuts and camera are wider than a small window: their groups wrap.
    auto* controls = new QWidget(this);
    controls->setObjectName(QStringLiteral("eventControls"));
    auto* flow = new FlowLayout(controls);
    addSourceControls(*flow);
    addCutControls(*flow);
    layout->addWidget(controls);
    layout->addWidget(m_message);
    layout->addWidget(split, 1);

    for (EventProjection* projection : {m_xy, m_rz})
        connect(projection, &EventProjection::picked, this, &EventsWorkspace::select);
    connect(m_display, &EventDisplay::picked, this, &EventsWorkspace::select);
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex& current) {
            if (m_selecting || !current.isValid())
                return;
            select({-1, m_sorted->index(current.row(), 0).data(EventTrackModel::kTrackRole).toLongLong()});
        });
    // A click has selected the row's track already.
    connect(m_table, &QTableView::doubleClicked, this, &EventsWorkspace::zoomToSelection);

    // The real events, where the development data is present.
    const QString trackml = qEnvironmentVariable("SCIPERF_DATA_DIR") + QStringLiteral("/trackml");
    if (!qEnvironmentVariableIsEmpty("SCIPERF_DATA_DIR") && !eventPrefixesIn(trackml).isEmpty())
        addSource(QDir(trackml).absolutePath(), tr("TrackML real events (SCIPERF_DATA_DIR)"));
    fillSourceBox();
}

EventsWorkspace::~EventsWorkspace() = default;

void EventsWorkspace::addSourceControls(FlowLayout& flow) {
    m_sourceBox->setObjectName(QStringLiteral("eventSource"));
    m_sourceBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    // "simulated · 2026-11-27T23:07:03Z (2 events)"; longer names are elided.
    m_sourceBox->setMinimumContentsLength(36);
    connect(m_sourceBox, &QComboBox::activated, this, [this] {
        fillTracksBox();
        showEventAt(0);
    });
    m_tracksBox->setObjectName(QStringLiteral("eventTracks"));
    m_tracksBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_tracksBox->setToolTip(tr("Which tracks to show: a reconstruction run of the session on these events, "
                               "or the submission beside the event (the true particles without one)"));
    connect(m_tracksBox, &QComboBox::activated, this, [this] { showEventAt(std::max(m_eventIndex, 0)); });
    auto* open = new QPushButton(tr("Open…"), this);
    open->setToolTip(tr("Open a folder of TrackML events (<prefix>-hits.csv, -truth.csv, …)"));
    connect(open, &QPushButton::clicked, this, &EventsWorkspace::chooseFolderToOpen);
    auto* previous = new QToolButton(this);
    previous->setArrowType(Qt::LeftArrow);
    previous->setToolTip(tr("Previous event"));
    connect(previous, &QToolButton::clicked, this, &EventsWorkspace::showPreviousEvent);
    auto* next = new QToolButton(this);
    next->setArrowType(Qt::RightArrow);
    next->setToolTip(tr("Next event"));
    connect(next, &QToolButton::clicked, this, &EventsWorkspace::showNextEvent);
    m_eventLabel->setObjectName(QStringLiteral("eventLabel"));
    // Room for "event000000001 (10 of 10)" however narrow the window.
    m_eventLabel->setMinimumWidth(
        m_eventLabel->fontMetrics().horizontalAdvance(QStringLiteral("event000000000 (00 of 00)")));
    auto* tracks = new QPushButton(tr("Tracks…"), this);
    tracks->setToolTip(tr("Load a reconstruction of this event (TrackML submission CSV: hit_id, track_id)"));
    connect(tracks, &QPushButton::clicked, this, &EventsWorkspace::chooseSubmissionToLoad);

    for (const HitColoring coloring : kHitColorings)
        m_coloringBox->addItem(hitColoringName(coloring), int(coloring));
    m_coloringBox->setObjectName(QStringLiteral("eventColoring"));
    connect(m_coloringBox, &QComboBox::currentIndexChanged, this, &EventsWorkspace::updatePresentation);
    connect(m_coloringBox, &QComboBox::activated, this, [this] { m_coloringChosen = true; });
    m_shapeBox->addItem(tr("lines through hits"), int(TrackShape::ThroughHits));
    m_shapeBox->addItem(tr("helices"), int(TrackShape::Helix));
    m_shapeBox->setObjectName(QStringLiteral("trackShape"));
    m_shapeBox->setToolTip(tr("Tracks as polylines through their hits, or as the helices fitted to their "
                              "hits (circle in x-y, line in z along the arc), from the true vertex or the "
                              "point nearest the beam line"));
    connect(m_shapeBox, &QComboBox::currentIndexChanged, this, &EventsWorkspace::updatePresentation);

    flow.addGroup({new QLabel(tr("Events from"), this), m_sourceBox, open, previous, m_eventLabel, next});
    flow.addGroup({new QLabel(tr("Tracks"), this), m_tracksBox, tracks});
    flow.addGroup(
        {new QLabel(tr("Colour by"), this), m_coloringBox, new QLabel(tr("Draw"), this), m_shapeBox});
}

void EventsWorkspace::addCutControls(FlowLayout& flow) {
    m_minPtBox->setObjectName(QStringLiteral("minPt"));
    m_minPtBox->setRange(0, 100);
    m_minPtBox->setDecimals(2);
    m_minPtBox->setSingleStep(0.1);
    m_minPtBox->setPrefix(tr("pT ≥ "));
    m_minPtBox->setSuffix(tr(" GeV"));
    m_maxEtaBox->setObjectName(QStringLiteral("maxAbsEta"));
    m_maxEtaBox->setRange(0, kNoEtaCut);
    m_maxEtaBox->setSingleStep(0.1);
    m_maxEtaBox->setValue(kNoEtaCut);
    m_maxEtaBox->setPrefix(tr("|η| ≤ "));
    m_maxD0Box->setObjectName(QStringLiteral("maxAbsD0"));
    m_maxD0Box->setRange(0, kNoD0CutMm);
    m_maxD0Box->setDecimals(1);
    m_maxD0Box->setValue(kNoD0CutMm);
    m_maxD0Box->setPrefix(tr("|d0| ≤ "));
    m_maxD0Box->setSuffix(tr(" mm"));
    m_maxD0Box->setToolTip(tr("Distance of the fitted helix from the beam line: secondaries and fakes lie "
                              "far from it. At %1 mm, no cut.")
                               .arg(kNoD0CutMm));
    m_minHitsBox->setObjectName(QStringLiteral("minHits"));
    m_minHitsBox->setRange(0, 50);
    m_minHitsBox->setPrefix(tr("hits ≥ "));
    // A box shows two decimals: its ends stand for ±π exactly (see phiOf).
    for (QDoubleSpinBox* box : {m_phiFromBox, m_phiToBox}) {
        box->setRange(-std::numbers::pi, std::numbers::pi);
        box->setDecimals(2);
        box->setSingleStep(0.1);
        box->setSuffix(tr(" rad"));
        box->setToolTip(tr(
            "Azimuth window, anticlockwise from the first box to the second (through ±π when "
            "the first is larger): tracks by their φ, hits on no track and the 3D view's detector modules by "
            "their positions'."));
    }
    m_phiFromBox->setObjectName(QStringLiteral("phiFrom"));
    m_phiFromBox->setPrefix(tr("φ "));
    m_phiFromBox->setValue(m_phiFromBox->minimum());
    m_phiToBox->setObjectName(QStringLiteral("phiTo"));
    m_phiToBox->setPrefix(tr("to "));
    m_phiToBox->setValue(m_phiToBox->maximum());
    for (QDoubleSpinBox* box : {m_minPtBox, m_maxEtaBox, m_maxD0Box, m_phiFromBox, m_phiToBox})
        connect(box, &QDoubleSpinBox::valueChanged, this, &EventsWorkspace::updatePresentation);
    connect(m_minHitsBox, &QSpinBox::valueChanged, this, &EventsWorkspace::updatePresentation);
    // The detector's detail, or none: the data is the DetectorDetail, -1 for none.
    m_detectorBox->addItem(tr("detector: modules"), int(DetectorDetail::Modules));
    m_detectorBox->addItem(tr("detector: layers"), int(DetectorDetail::Layers));
    m_detectorBox->addItem(tr("no detector"), -1);
    m_detectorBox->setObjectName(QStringLiteral("detectorDetail"));
    m_detectorBox->setToolTip(tr("The 3D view's detector: each module's outline, a coarse grid of its layers "
                                 "(far fewer lines: faster frames on a software renderer), or none"));
    connect(m_detectorBox, &QComboBox::currentIndexChanged, this, [this] {
        const int detail = m_detectorBox->currentData().toInt();
        m_display->setDetectorVisible(detail >= 0);
        if (detail >= 0)
            m_display->setDetectorDetail(DetectorDetail(detail));
    });

    flow.addGroup({new QLabel(tr("Cuts:"), this), m_minPtBox, m_maxEtaBox, m_maxD0Box, m_phiFromBox,
                   m_phiToBox, m_minHitsBox});
    m_volumesButton->setObjectName(QStringLiteral("volumeCuts"));
    m_volumesButton->setToolTip(tr("The volumes whose hits and detector modules are shown"));
    for (const HitStatus status : kHitStatuses) {
        auto* box = new QCheckBox(hitStatusName(status), this);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &EventsWorkspace::updatePresentation);
        m_statusBoxes[status] = box;
        m_statusList->addWidget(box);
    }
    m_statusesButton->setObjectName(QStringLiteral("statusCuts"));
    m_statusesButton->setToolTip(tr("The hits and tracks shown by how they were judged against the truth"));
    updateChecklistTitles();
    m_playButton->setObjectName(QStringLiteral("play"));
    m_playButton->setText(tr("Play"));
    m_playButton->setToolTip(tr("The collision outwards: hits and tracks appear with their distance from the "
                                "origin over %1 s")
                                 .arg(kPlaySeconds));
    connect(m_playButton, &QToolButton::clicked, this, &EventsWorkspace::play);
    m_playTimer->setInterval(kPlayFrameMs);
    connect(m_playTimer, &QTimer::timeout, this, [this] {
        const double fraction = double(m_playClock.elapsed()) / (1000.0 * kPlaySeconds);
        if (fraction >= 1)
            return stopPlaying();
        m_playDistanceMm = fraction * m_playEndMm;
        updatePresentation();
    });
    flow.addGroup({m_volumesButton, m_statusesButton, m_detectorBox, m_playButton});
    struct Preset {
        QString name;
        const char* objectName;
        EventDisplay::Camera camera;
    };
    const std::array<Preset, 3> cameras{{{tr("3D"), "camera3D", EventDisplay::Camera::Perspective},
                                         {tr("x-y"), "cameraXY", EventDisplay::Camera::EndView},
                                         {tr("r-z"), "cameraRZ", EventDisplay::Camera::SideView}}};
    QList<QWidget*> cameraGroup{new QLabel(tr("Camera"), this)};
    for (const auto& [name, objectName, camera] : cameras) {
        auto* button = new QToolButton(this);
        button->setObjectName(QLatin1String(objectName));
        button->setText(name);
        button->setToolTip(tr("Camera: %1, the whole event in every view").arg(name));
        connect(button, &QToolButton::clicked, this, [this, camera = camera] {
            m_display->setCamera(camera);
            m_xy->showWholeEvent();
            m_rz->showWholeEvent();
        });
        cameraGroup << button;
    }
    m_zoomButton = new QToolButton(this);
    m_zoomButton->setObjectName(QStringLiteral("zoomToSelection"));
    m_zoomButton->setText(tr("Zoom to"));
    m_zoomButton->setToolTip(tr("Frame the selected track or hit in every view (also: double-click a row of "
                                "the table); a camera preset shows the whole event again"));
    m_zoomButton->setEnabled(false);
    connect(m_zoomButton, &QToolButton::clicked, this, &EventsWorkspace::zoomToSelection);
    cameraGroup << m_zoomButton;
    auto* turn = new QToolButton(this);
    turn->setObjectName(QStringLiteral("turn"));
    turn->setText(tr("Turn"));
    turn->setCheckable(true);
    turn->setToolTip(tr("Turn the 3D view about its vertical axis, %1° a second, until clicked again or "
                        "the view is clicked; a slow view draws reduced detail meanwhile")
                         .arg(kTurnDegreesPerSecond));
    connect(turn, &QToolButton::toggled, this,
            [this](bool on) { m_display->setTurning(on ? kTurnDegreesPerSecond : 0); });
    connect(m_display, &EventDisplay::turningStopped, turn, [turn] { turn->setChecked(false); });
    cameraGroup << turn << createViewButton() << createScreenshotButton();
    flow.addGroup(cameraGroup);
}

// A button whose pop-up holds the check boxes that `list` will be given; it stays open while
// they are toggled.
QToolButton* EventsWorkspace::createChecklistButton(QVBoxLayout* list) {
    auto* button = new QToolButton(this);
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    auto* boxes = new QWidget(menu);
    boxes->setLayout(list);
    auto* action = new QWidgetAction(menu);
    action->setDefaultWidget(boxes);
    menu->addAction(action);
    button->setMenu(menu);
    return button;
}

// "Volumes: all", "Status: 4 of 6": what the pop-ups hide, without opening them.
void EventsWorkspace::updateChecklistTitles() {
    const auto title = [this](const QString& name, auto& boxes) {
        const auto shown = std::count_if(boxes.begin(), boxes.end(),
                                         [](const auto& entry) { return entry.second->isChecked(); });
        return shown == qsizetype(boxes.size()) ? tr("%1: all").arg(name)
                                                : tr("%1: %2 of %3").arg(name).arg(shown).arg(boxes.size());
    };
    m_volumesButton->setText(title(tr("Volumes"), m_volumeBoxes));
    m_statusesButton->setText(title(tr("Status"), m_statusBoxes));
}

QWidget* EventsWorkspace::createScreenshotButton() {
    auto* button = new QToolButton(this);
    button->setText(tr("Screenshot"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    const std::array<std::pair<QString, View>, 3> views{{{tr("3D view…"), View::Display3D},
                                                         {tr("x-y projection…"), View::XY},
                                                         {tr("r-z projection…"), View::RZ}}};
    for (const auto& [name, view] : views)
        menu->addAction(name, this, [this, view = view] {
            const QString file = QFileDialog::getSaveFileName(
                this, tr("Save Screenshot"), QStringLiteral("event.png"), tr("PNG images (*.png)"));
            if (!file.isEmpty() && !saveScreenshot(view, file))
                showMessage(tr("could not write %1").arg(file), true);
        });
    button->setMenu(menu);
    return button;
}

// Save and load the view (event_view_state.h).
QWidget* EventsWorkspace::createViewButton() {
    auto* button = new QToolButton(this);
    button->setText(tr("View"));
    button->setObjectName(QStringLiteral("eventView"));
    button->setToolTip(
        tr("Save the cuts, colours and camera to a file, or load them, for this or any event"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    menu->addAction(tr("Save View…"), this, &EventsWorkspace::chooseViewToSave);
    menu->addAction(tr("Load View…"), this, &EventsWorkspace::chooseViewToLoad);
    button->setMenu(menu);
    return button;
}

void EventsWorkspace::addSource(const QString& folder, const QString& label) {
    const auto known = std::find_if(m_otherSources.begin(), m_otherSources.end(),
                                    [&folder](const Source& source) { return source.folder == folder; });
    if (known == m_otherSources.end())
        m_otherSources.push_back({folder, label, eventPrefixesIn(folder)});
    else
        known->prefixes = eventPrefixesIn(folder);
}

void EventsWorkspace::fillSourceBox() {
    const QString current = m_sourceBox->currentData().toString();
    const QSignalBlocker blocker(m_sourceBox);
    m_sourceBox->clear();
    for (const auto* sources : {&m_runSources, &m_otherSources})
        for (const Source& source : *sources)
            m_sourceBox->addItem(tr("%1 (%2 events)").arg(source.label).arg(source.prefixes.size()),
                                 source.folder);
    const int index = m_sourceBox->findData(current);
    m_sourceBox->setCurrentIndex(std::max(index, 0));
}

const EventsWorkspace::Source* EventsWorkspace::currentSource() const {
    const QString folder = m_sourceBox->currentData().toString();
    for (const auto* sources : {&m_runSources, &m_otherSources})
        for (const Source& source : *sources)
            if (source.folder == folder)
                return &source;
    return nullptr;
}

QStringList EventsWorkspace::eventPrefixes() const {
    const Source* source = currentSource();
    return source ? source->prefixes : QStringList();
}

void EventsWorkspace::setRuns(const std::vector<RunRecord>& runs) {
    m_runSources.clear();
    m_reconstructions.clear();
    for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
        if (run->workload != "track" || run->status != "completed")
            continue;
        const QJsonObject results =
            QJsonDocument::fromJson(QByteArray::fromStdString(run->runJson))[QStringLiteral("results")]
                .toObject();
        const QString input = results[QStringLiteral("input")].toString();
        if (input.isEmpty())
            continue;
        QString label = tr("reconstruction · %1").arg(QString::fromStdString(run->startedUtc));
        if (const QJsonValue score = results[QStringLiteral("mean_score")]; score.isDouble())
            label += tr(" · score %1").arg(score.toDouble(), 0, 'f', 3);
        m_reconstructions.push_back(
            {QString::fromStdString(run->runDirectory), QDir::cleanPath(QDir(input).absolutePath()), label});
    }
    // Newest first: the event just simulated is the one wanted most.
    for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
        if (run->workload != "simulate" || run->status != "completed")
            continue;
        const QString folder = QString::fromStdString(run->runDirectory);
        const QStringList prefixes = eventPrefixesIn(folder);
        if (!prefixes.isEmpty())
            m_runSources.push_back(
                {folder, tr("simulated · %1").arg(QString::fromStdString(run->startedUtc)), prefixes});
    }
    fillSourceBox();
    fillTracksBox();
    // A session opened again shows its newest simulated event rather than an empty workspace.
    if (!m_scene && !m_runSources.empty())
        selectRun(m_runSources.front().folder);
}

QString EventsWorkspace::currentFolder() const {
    const Source* source = currentSource();
    return source ? source->folder : QString();
}

void EventsWorkspace::fillTracksBox() {
    const QString current = m_tracksBox->currentData().toString();
    const QSignalBlocker blocker(m_tracksBox);
    m_tracksBox->clear();
    const QString folder = QDir::cleanPath(QDir(currentFolder()).absolutePath());
    for (const Reconstruction& reconstruction : m_reconstructions)
        if (!currentFolder().isEmpty() && reconstruction.inputFolder == folder)
            m_tracksBox->addItem(reconstruction.label, reconstruction.runDirectory);
    m_tracksBox->addItem(tr("beside the event, else truth"), QString());
    // The newest reconstruction, unless another reconstruction was chosen and is still offered.
    m_tracksBox->setCurrentIndex(current.isEmpty() ? 0 : std::max(m_tracksBox->findData(current), 0));
}

void EventsWorkspace::selectReconstruction(const QString& runDirectory) {
    fillTracksBox();
    const int index = m_tracksBox->findData(runDirectory);
    if (index < 0)
        return;
    m_tracksBox->setCurrentIndex(index);
    showEventAt(std::max(m_eventIndex, 0));
}

void EventsWorkspace::selectRun(const QString& runDirectory) {
    const int index = m_sourceBox->findData(runDirectory);
    if (index < 0)
        return;
    m_sourceBox->setCurrentIndex(index);
    fillTracksBox();
    showEventAt(0);
}

bool EventsWorkspace::openFolder(const QString& folder) {
    const QString absolute = QDir(folder).absolutePath();
    if (eventPrefixesIn(absolute).isEmpty()) {
        showMessage(tr("%1 holds no TrackML events (files <prefix>-hits.csv or .csv.gz)").arg(absolute),
                    true);
        return false;
    }
    addSource(absolute, QDir(absolute).dirName());
    fillSourceBox();
    m_sourceBox->setCurrentIndex(m_sourceBox->findData(absolute));
    fillTracksBox();
    return showEventAt(0);
}

void EventsWorkspace::chooseFolderToOpen() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open TrackML Events"));
    if (!folder.isEmpty())
        openFolder(folder);
}

void EventsWorkspace::chooseSubmissionToLoad() {
    const QString file = QFileDialog::getOpenFileName(
        this, tr("Load Tracks"), currentSource() ? currentSource()->folder : QString(),
        tr("TrackML submissions (*.csv *.csv.gz);;All files (*)"));
    if (!file.isEmpty())
        loadSubmission(file);
}

std::shared_ptr<const tracking::Detector> EventsWorkspace::detectorFor(const QString& folder) {
    const QString file = detectorFileFor(folder);
    if (const auto cached = m_detectors.find(file); cached != m_detectors.end())
        return cached->second;
    Result<tracking::Detector> detector = detectorOrBuiltIn(toPath(file));
    if (!detector) {
        showMessage(QString::fromStdString(detector.error().message), true);
        return nullptr;
    }
    return m_detectors[file] = std::make_shared<const tracking::Detector>(std::move(detector).value());
}

bool EventsWorkspace::showEventAt(int index) {
    const Source* source = currentSource();
    if (!source || index < 0 || index >= source->prefixes.size())
        return false;
    const QString prefix = source->prefixes[index];
    const std::filesystem::path folder = toPath(source->folder);
    // The HDF5 copy the session keeps of a simulated event (Session::storeRunEvents) loads
    // several times faster than the CSV files.
    const std::filesystem::path hdf5 = folder / (prefix.toStdString() + ".h5");
    Result<tracking::Event> event = std::filesystem::is_regular_file(hdf5)
                                        ? readEventHdf5(hdf5)
                                        : tracking::readEvent(folder, prefix.toStdString());
    if (!event) {
        showMessage(QString::fromStdString(event.error().message), true);
        return false;
    }
    std::optional<tracking::Submission> submission;
    const QString reconstruction = m_tracksBox->currentData().toString();
    if (const auto file = tracking::findEventFile(reconstruction.isEmpty() ? folder : toPath(reconstruction),
                                                  prefix.toStdString(), "submission");
        !file.empty()) {
        auto read = tracking::readSubmission(file);
        if (!read) {
            showMessage(QString::fromStdString(read.error().message), true);
            return false;
        }
        submission = std::move(read).value();
    }
    auto scene = makeEventScene(event.value(), submission ? &*submission : nullptr, prefix);
    if (!scene) {
        showMessage(QString::fromStdString(scene.error().message), true);
        return false;
    }
    m_event = std::move(event).value();
    m_eventIndex = index;
    m_eventLabel->setText(tr("%1 (%2 of %3)").arg(prefix).arg(index + 1).arg(source->prefixes.size()));
    m_message->hide();
    showScene(std::make_shared<const EventScene>(std::move(scene).value()), detectorFor(source->folder));
    return true;
}

void EventsWorkspace::showPreviousEvent() {
    showEventAt(m_eventIndex - 1);
}

void EventsWorkspace::showNextEvent() {
    showEventAt(m_eventIndex + 1);
}

bool EventsWorkspace::loadSubmission(const QString& file) {
    if (!m_event)
        return false;
    const auto submission = tracking::readSubmission(toPath(file));
    auto scene = submission ? makeEventScene(*m_event, &submission.value(), m_scene->title)
                            : Result<EventScene>(submission.error());
    if (!scene) {
        showMessage(QString::fromStdString(scene.error().message), true);
        return false;
    }
    showScene(std::make_shared<const EventScene>(std::move(scene).value()), m_shownDetector);
    return true;
}

void EventsWorkspace::showScene(std::shared_ptr<const EventScene> scene,
                                const std::shared_ptr<const tracking::Detector>& detector) {
    const bool hadContent = hasContent();
    if (detector && detector != m_shownDetector) {
        m_display->setDetector(*detector);
        m_xy->setDetector(*detector);
        m_rz->setDetector(*detector);
        m_shownDetector = detector;
    }
    m_scene = std::move(scene);
    m_selection = {};
    if (!m_coloringChosen) {
        // What went wrong where, first, when a reconstruction meets the truth: good, fake,
        // duplicate. (Without truth there is no status to show.)
        const QSignalBlocker quiet(m_coloringBox);
        const HitColoring coloring =
            m_scene->hasTruth && m_scene->tracksAreReconstructed ? HitColoring::Status : HitColoring::Volume;
        m_coloringBox->setCurrentIndex(m_coloringBox->findData(int(coloring)));
    }
    rebuildVolumeBoxes();
    updatePresentation();
    m_display->resetCamera();
    if (!hadContent)
        emit contentChanged(true);
}

void EventsWorkspace::rebuildVolumeBoxes() {
    for (auto& [volume, box] : m_volumeBoxes)
        delete box;
    m_volumeBoxes.clear();
    for (const std::int32_t volume : m_scene->volumes) {
        auto* box = new QCheckBox(volumeName(volume), this);
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &EventsWorkspace::updatePresentation);
        m_volumeList->addWidget(box);
        m_volumeBoxes[volume] = box;
    }
}

QCheckBox* EventsWorkspace::volumeBox(std::int32_t volume) const {
    const auto found = m_volumeBoxes.find(volume);
    return found == m_volumeBoxes.end() ? nullptr : found->second;
}

QCheckBox* EventsWorkspace::statusBox(HitStatus status) const {
    return m_statusBoxes.at(status);
}

// The cuts the boxes say.
EventCuts EventsWorkspace::currentCuts() const {
    EventCuts cuts;
    cuts.minPtGeV = m_minPtBox->value();
    if (m_maxEtaBox->value() < kNoEtaCut)
        cuts.maxAbsEta = m_maxEtaBox->value();
    if (m_maxD0Box->value() < kNoD0CutMm)
        cuts.maxAbsD0Mm = m_maxD0Box->value();
    cuts.minHits = m_minHitsBox->value();
    const auto phiOf = [](const QDoubleSpinBox* box) {
        if (box->value() <= box->minimum())
            return -std::numbers::pi;
        return box->value() >= box->maximum() ? std::numbers::pi : box->value();
    };
    cuts.phiFromRad = phiOf(m_phiFromBox);
    cuts.phiToRad = phiOf(m_phiToBox);
    cuts.maxDistanceMm = m_playDistanceMm;
    for (const auto& [volume, box] : m_volumeBoxes)
        if (!box->isChecked())
            cuts.hiddenVolumes.insert(volume);
    for (const auto& [status, box] : m_statusBoxes)
        if (!box->isChecked())
            cuts.hiddenStatuses.insert(status);
    return cuts;
}

EventViewState EventsWorkspace::viewState() const {
    EventViewState state;
    state.cuts = currentCuts();
    state.coloring = HitColoring(m_coloringBox->currentData().toInt());
    state.trackShape = TrackShape(m_shapeBox->currentData().toInt());
    const int detail = m_detectorBox->currentData().toInt();
    state.detectorVisible = detail >= 0;
    state.detectorDetail = detail >= 0 ? DetectorDetail(detail) : DetectorDetail::Modules;
    state.camera = m_display->cameraState();
    return state;
}

void EventsWorkspace::applyViewState(const EventViewState& state) {
    {
        // One presentation for the whole state, not one per box.
        std::vector<QSignalBlocker> blockers;
        for (QObject* box :
             std::initializer_list<QObject*>{m_minPtBox, m_maxEtaBox, m_maxD0Box, m_minHitsBox, m_phiFromBox,
                                             m_phiToBox, m_coloringBox, m_shapeBox})
            blockers.emplace_back(box);
        for (const auto& [volume, box] : m_volumeBoxes)
            blockers.emplace_back(box);
        for (const auto& [status, box] : m_statusBoxes)
            blockers.emplace_back(box);
        const EventCuts& cuts = state.cuts;
        m_minPtBox->setValue(cuts.minPtGeV);
        m_maxEtaBox->setValue(std::isfinite(cuts.maxAbsEta) ? cuts.maxAbsEta : kNoEtaCut);
        m_maxD0Box->setValue(std::isfinite(cuts.maxAbsD0Mm) ? cuts.maxAbsD0Mm : kNoD0CutMm);
        m_minHitsBox->setValue(cuts.minHits);
        m_phiFromBox->setValue(cuts.phiFromRad);
        m_phiToBox->setValue(cuts.phiToRad);
        // Volumes the event lacks have no box: a state from another detector region loads all the same.
        for (const auto& [volume, box] : m_volumeBoxes)
            box->setChecked(!cuts.hiddenVolumes.count(volume));
        for (const auto& [status, box] : m_statusBoxes)
            box->setChecked(!cuts.hiddenStatuses.count(status));
        m_coloringBox->setCurrentIndex(m_coloringBox->findData(int(state.coloring)));
        m_coloringChosen = true;
        m_shapeBox->setCurrentIndex(m_shapeBox->findData(int(state.trackShape)));
    }
    m_detectorBox->setCurrentIndex(
        m_detectorBox->findData(state.detectorVisible ? int(state.detectorDetail) : -1));
    updatePresentation();
    m_display->setCameraState(state.camera);
}

bool EventsWorkspace::saveViewState(const QString& file) {
    // QSaveFile: a failed write leaves an earlier file whole.
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(eventViewStateToJson(viewState())) < 0 ||
        !out.commit()) {
        showMessage(tr("Cannot save the view to %1: %2").arg(file, out.errorString()), true);
        return false;
    }
    return true;
}

bool EventsWorkspace::loadViewState(const QString& file) {
    QFile in(file);
    // A view is a few hundred bytes: a larger file is not one, and is not read whole.
    constexpr qint64 kMaxViewBytes = 1 << 20;
    if (!in.open(QIODevice::ReadOnly)) {
        showMessage(tr("Cannot open the view %1: %2").arg(file, in.errorString()), true);
        return false;
    }
    if (in.size() > kMaxViewBytes) {
        showMessage(
            tr("%1: %2 bytes is not a saved view (at most %3)").arg(file).arg(in.size()).arg(kMaxViewBytes),
            true);
        return false;
    }
    const auto state = eventViewStateFromJson(in.readAll(), file);
    if (!state) {
        showMessage(QString::fromStdString(state.error().message), true);
        return false;
    }
    applyViewState(state.value());
    return true;
}

void EventsWorkspace::play() {
    if (playing())
        return stopPlaying();
    if (!m_scene)
        return;
    m_playEndMm = 0;
    for (std::size_t i = 0; i < m_scene->hits.size(); ++i)
        m_playEndMm = std::max(m_playEndMm, distanceFromOriginMm(m_scene->hits, i));
    m_playDistanceMm = 0;
    m_playClock.start();
    m_playTimer->start();
    m_playButton->setText(tr("Stop"));
    updatePresentation();
}

// The whole event again.
void EventsWorkspace::stopPlaying() {
    m_playTimer->stop();
    m_playDistanceMm = std::numeric_limits<double>::infinity();
    m_playButton->setText(tr("Play"));
    updatePresentation();
}

bool EventsWorkspace::playing() const {
    return m_playTimer->isActive();
}

void EventsWorkspace::chooseViewToSave() {
    const QString file = QFileDialog::getSaveFileName(
        this, tr("Save View"), QStringLiteral("event-view.json"), tr("Event views (*.json)"));
    if (!file.isEmpty())
        saveViewState(file);
}

void EventsWorkspace::chooseViewToLoad() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Load View"), QString(),
                                                      tr("Event views (*.json);;All files (*)"));
    if (!file.isEmpty())
        loadViewState(file);
}

void EventsWorkspace::updatePresentation() {
    updateChecklistTitles();
    if (!m_scene)
        return;
    const EventCuts cuts = currentCuts();
    const auto coloring = HitColoring(m_coloringBox->currentData().toInt());
    m_presentation = std::make_shared<const EventPresentation>(
        presentEvent(m_scene, coloring, cuts, TrackShape(m_shapeBox->currentData().toInt())));
    m_display->setDetectorCuts(cuts);
    m_xy->setDetectorCuts(cuts);
    m_rz->setDetectorCuts(cuts);
    m_display->setPresentation(m_presentation);
    m_xy->setPresentation(m_presentation);
    m_rz->setPresentation(m_presentation);
    {
        const QScopedValueRollback guard(m_selecting, true);
        m_model->setPresentation(m_presentation);
    }
    // What is cut away cannot stay selected.
    EventSelection kept = m_selection;
    if (kept.hit >= 0 && !m_presentation->hitVisible[std::size_t(kept.hit)])
        kept.hit = -1;
    if (kept.track >= 0 && !m_presentation->trackVisible[std::size_t(kept.track)])
        kept.track = -1;
    select(kept);
}

void EventsWorkspace::zoomToSelection() {
    m_display->zoomTo(m_selection);
    m_xy->zoomTo(m_selection);
    m_rz->zoomTo(m_selection);
}

void EventsWorkspace::select(const EventSelection& selection) {
    m_selection = selection;
    m_zoomButton->setEnabled(selection.hit >= 0 || selection.track >= 0);
    m_display->setSelection(selection);
    m_xy->setSelection(selection);
    m_rz->setSelection(selection);
    const int row = m_model->rowOf(selection.track);
    {
        const QScopedValueRollback guard(m_selecting, true);
        if (row < 0) {
            m_table->clearSelection();
        } else {
            const QModelIndex index = m_sorted->mapFromSource(m_model->index(row, 0));
            m_table->setCurrentIndex(index);
            m_table->scrollTo(index);
        }
    }
    QStringList text;
    if (m_scene && selection.hit >= 0)
        text << describeHit(*m_scene, std::size_t(selection.hit));
    if (m_scene && selection.track >= 0)
        text << describeTrack(*m_scene, std::size_t(selection.track));
    m_properties->setPlainText(text.join(QStringLiteral("\n\n")));
}

QString EventsWorkspace::propertiesText() const {
    return m_properties->toPlainText();
}

bool EventsWorkspace::saveScreenshot(View view, const QString& file) {
    switch (view) {
    case View::Display3D:
        return m_display->saveScreenshot(file);
    case View::XY:
        return savePlotPng(*m_xy, file);
    case View::RZ:
        break;
    }
    return savePlotPng(*m_rz, file);
}

QString EventsWorkspace::message() const {
    return m_message->isHidden() ? QString() : m_message->text();
}

void EventsWorkspace::showMessage(const QString& text, bool isError) {
    showMessageLine(*m_message, text, isError);
    if (isError)
        emit problem(text);
}

} // namespace sciperf
