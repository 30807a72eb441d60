// The Events workspace on the real TrackML events of SCIPERF_DATA_DIR (the sub-sampled event with
// truth, the full event without) and on a simulated event with a stand-in reconstruction: cuts
// change what every view counts, the track table and the views select together, the event browser
// steps through the folder, and screenshots of each view are written to the build tree
// (events-*.png) for people to look at.
#include "events_workspace.h"
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/views/event_display.h"
#include "sciperf/views/event_projections.h"
#include "session.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSurfaceFormat>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

using namespace sciperf;

namespace {

const QString kSubsampled = QStringLiteral("event000000001");
const QString kFull = QStringLiteral("event000001001");

QString trackmlFolder() {
    return qEnvironmentVariable("SCIPERF_DATA_DIR") + QStringLiteral("/trackml");
}

std::size_t countHits(const EventPresentation& shown, const std::function<bool(std::size_t)>& which) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < shown.hitVisible.size(); ++i)
        count += shown.hitVisible[i] && which(i);
    return count;
}

// The simulated event's truth turned into a reconstruction with the mistakes trackers make:
// every seventh particle split in two (a good track and a duplicate), every eleventh merged with
// the next one (a fake where neither holds a majority); noise on no track; the others exact.
tracking::Submission standInReconstruction(const tracking::Truth& truth) {
    std::map<tracking::ParticleId, std::vector<std::size_t>> byParticle;
    for (std::size_t i = 0; i < truth.size(); ++i)
        byParticle[truth.particleId[i]].push_back(i);
    tracking::Submission submission;
    tracking::TrackId next = 1;
    auto add = [&](std::size_t row, tracking::TrackId track) {
        submission.hitId.push_back(truth.hitId[row]);
        submission.trackId.push_back(track);
    };
    int ordinal = 0;
    bool mergeWithNext = false;
    for (const auto& [particle, rows] : byParticle) {
        if (particle == tracking::kNoiseParticle)
            continue; // left on no track, as a good tracker leaves most noise
        const tracking::TrackId track = mergeWithNext ? next - 1 : next++;
        mergeWithNext = ordinal % 11 == 5;
        const bool split = ordinal % 7 == 3 && rows.size() >= 6;
        for (std::size_t k = 0; k < rows.size(); ++k)
            add(rows[k], split && k >= rows.size() * 2 / 3 ? next : track);
        next += split;
        ++ordinal;
    }
    return submission;
}

template <class Table> std::string csvText(const Table& table) {
    std::ostringstream text;
    tracking::writeCsv(text, table);
    return text.str();
}

// A full-size event simulated with `seed`, written into `folder` as event000000001's CSV files.
SimulatedEvent simulateInto(const QString& folder, std::uint64_t seed) {
    auto detector = builtInDetector();
    if (!detector)
        qFatal("%s", detector.error().message.c_str());
    SimulatedEvent event = EventSimulator(std::move(detector).value()).simulate(seed, 0);
    const std::string prefix = (folder + QStringLiteral("/event000000001")).toStdString();
    std::ofstream(prefix + "-hits.csv") << csvText(event.hits);
    std::ofstream(prefix + "-cells.csv") << csvText(event.cells);
    std::ofstream(prefix + "-particles.csv") << csvText(event.particles);
    std::ofstream(prefix + "-truth.csv") << csvText(event.truth);
    return event;
}

} // namespace

class TestEventsWorkspace : public QObject {
    Q_OBJECT

    std::unique_ptr<EventsWorkspace> m_workspace;

    EventsWorkspace& workspace() { return *m_workspace; }
    const EventPresentation& shown() const { return *m_workspace->presentation(); }

    void saveScreenshots(const QString& name) {
        const std::array<std::pair<EventsWorkspace::View, QString>, 3> views{
            {{EventsWorkspace::View::Display3D, QStringLiteral("3d")},
             {EventsWorkspace::View::XY, QStringLiteral("xy")},
             {EventsWorkspace::View::RZ, QStringLiteral("rz")}}};
        for (const auto& [view, suffix] : views) {
            const QString file =
                QDir::current().absoluteFilePath(QStringLiteral("events-%1-%2.png").arg(name, suffix));
            QVERIFY2(workspace().saveScreenshot(view, file), qPrintable(file));
            const QImage image(file);
            QVERIFY2(!image.isNull() && image.width() > 100 && image.height() > 100, qPrintable(file));
        }
        // The whole workspace, as the user sees it, once new controls (volume boxes) are shown.
        QCoreApplication::processEvents();
        QVERIFY(workspace().grab().save(
            QDir::current().absoluteFilePath(QStringLiteral("events-%1-workspace.png").arg(name))));
    }

private slots:
    void init() {
        if (!QFileInfo::exists(trackmlFolder() + QStringLiteral("/") + kSubsampled +
                               QStringLiteral("-hits.csv.gz")))
            QSKIP("the TrackML data is not in SCIPERF_DATA_DIR");
        m_workspace = std::make_unique<EventsWorkspace>();
        m_workspace->resize(1500, 950);
        m_workspace->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_workspace.get()));
        QVERIFY2(m_workspace->openFolder(trackmlFolder()), qPrintable(m_workspace->message()));
    }

    void cleanup() { m_workspace.reset(); }

    void loadsTheRealSubsampledEventWithItsTruth() {
        QCOMPARE(workspace().eventPrefixes(), (QStringList{kSubsampled, kFull}));
        QCOMPARE(workspace().eventIndex(), 0);
        const auto hits = tracking::readHits(tracking::findEventFile(
            QFile::encodeName(trackmlFolder()).toStdString(), kSubsampled.toStdString(), "hits"));
        QVERIFY(hits);
        const EventScene& scene = *shown().scene;
        QCOMPARE(scene.hits.size(), hits->size());
        QVERIFY(scene.hasTruth && !scene.tracksAreReconstructed);
        std::set<tracking::ParticleId> particles(scene.hitParticle.begin(), scene.hitParticle.end());
        particles.erase(tracking::kNoiseParticle);
        QCOMPARE(scene.tracks.size(), particles.size());
        QCOMPARE(shown().visibleHits, scene.hits.size());
        QCOMPARE(workspace().trackTable()->model()->rowCount(), int(particles.size()));
    }

    void cutsChangeWhatEveryViewCounts() {
        const EventScene& scene = *shown().scene;
        const std::size_t allHits = shown().visibleHits;
        workspace().minPtBox()->setValue(1.0);
        std::size_t fast = 0;
        for (const DisplayTrack& track : scene.tracks)
            fast += track.ptGeV >= 1.0;
        QVERIFY(fast > 0 && fast < scene.tracks.size());
        QCOMPARE(shown().visibleTracks, fast);
        QCOMPARE(workspace().trackTable()->model()->rowCount(), int(fast));
        QVERIFY(shown().visibleHits < allHits);

        const std::size_t beforeVolumeCut = shown().visibleHits;
        const std::size_t inPixelBarrel =
            countHits(shown(), [&scene](std::size_t i) { return scene.hits.volumeId[i] == 8; });
        QVERIFY(inPixelBarrel > 0);
        const auto* volumes = workspace().findChild<QToolButton*>(QStringLiteral("volumeCuts"));
        QCOMPARE(volumes->text(), QStringLiteral("Volumes: all"));
        workspace().volumeBox(8)->setChecked(false);
        QCOMPARE(shown().visibleHits, beforeVolumeCut - inPixelBarrel);
        QCOMPARE(volumes->text(),
                 QStringLiteral("Volumes: %1 of %2").arg(scene.volumes.size() - 1).arg(scene.volumes.size()));

        // Noise is on no track and has no pT: the pT cut hides it; without the cut, the status does.
        const auto isNoise = [&scene](std::size_t i) {
            return scene.hitStatus[i] == HitStatus::Noise;
        };
        QCOMPARE(countHits(shown(), isNoise), std::size_t{0});
        workspace().minPtBox()->setValue(0);
        const std::size_t beforeStatusCut = shown().visibleHits;
        const std::size_t noise = countHits(shown(), isNoise);
        QVERIFY(noise > 0);
        workspace().statusBox(HitStatus::Noise)->setChecked(false);
        QCOMPARE(shown().visibleHits, beforeStatusCut - noise);

        workspace().minHitsBox()->setValue(12);
        for (std::size_t t = 0; t < scene.tracks.size(); ++t)
            QVERIFY(!shown().trackVisible[t] || scene.tracks[t].hits.size() >= 12);

        // A sector of the detector, by the tracks' φ.
        workspace().minHitsBox()->setValue(0);
        const std::size_t wholeCircle = shown().visibleTracks;
        workspace().phiFromBox()->setValue(-1);
        workspace().phiToBox()->setValue(1);
        std::size_t inSector = 0;
        for (std::size_t t = 0; t < scene.tracks.size(); ++t) {
            inSector += std::abs(scene.tracks[t].phi) <= 1;
            QCOMPARE(bool(shown().trackVisible[t]), std::abs(scene.tracks[t].phi) <= 1);
        }
        QVERIFY(inSector > 0 && inSector < wholeCircle);
        QCOMPARE(workspace().trackTable()->model()->rowCount(), int(inSector));
    }

    // A saved view loads back onto the boxes, the presentation and the camera; a bad file names
    // itself and changes nothing.
    void aSavedViewLoadsBack() {
        QTemporaryDir folder;
        QVERIFY(folder.isValid());
        workspace().minPtBox()->setValue(0.8);
        workspace().phiFromBox()->setValue(2.5);
        workspace().phiToBox()->setValue(-2.5);
        workspace().volumeBox(8)->setChecked(false);
        workspace().coloringBox()->setCurrentIndex(
            workspace().coloringBox()->findData(int(HitColoring::Status)));
        workspace().display()->setCamera(EventDisplay::Camera::SideView);
        // The detector's layers: far fewer lines than its modules.
        const double modulesMm = workspace().display()->drawnDetectorLengthMm();
        QComboBox* detector = workspace().detectorBox();
        detector->setCurrentIndex(detector->findData(int(DetectorDetail::Layers)));
        const double layersMm = workspace().display()->drawnDetectorLengthMm();
        QVERIFY2(
            layersMm > 0 && layersMm < modulesMm / 4,
            qPrintable(QStringLiteral("%1 mm of layers, %2 mm of modules").arg(layersMm).arg(modulesMm)));
        const EventCamera camera = workspace().display()->cameraState();
        const std::size_t visibleTracks = shown().visibleTracks;
        const std::size_t visibleHits = shown().visibleHits;
        const QString file = folder.filePath(QStringLiteral("view.json"));
        QVERIFY(workspace().saveViewState(file));

        workspace().minPtBox()->setValue(0);
        workspace().phiFromBox()->setValue(workspace().phiFromBox()->minimum());
        workspace().phiToBox()->setValue(workspace().phiToBox()->maximum());
        workspace().volumeBox(8)->setChecked(true);
        workspace().coloringBox()->setCurrentIndex(
            workspace().coloringBox()->findData(int(HitColoring::Volume)));
        workspace().display()->setCamera(EventDisplay::Camera::Perspective);
        detector->setCurrentIndex(detector->findData(-1));
        QCOMPARE(workspace().display()->drawnDetectorLengthMm(), 0.0);
        QVERIFY(shown().visibleTracks > visibleTracks);

        QVERIFY2(workspace().loadViewState(file), qPrintable(workspace().message()));
        QCOMPARE(workspace().minPtBox()->value(), 0.8);
        QCOMPARE(workspace().phiFromBox()->value(), 2.5);
        QVERIFY(!workspace().volumeBox(8)->isChecked());
        QCOMPARE(shown().coloring, HitColoring::Status);
        QCOMPARE(shown().visibleTracks, visibleTracks);
        QCOMPARE(shown().visibleHits, visibleHits);
        QVERIFY(workspace().display()->cameraState() == camera);
        QCOMPARE(detector->currentData().toInt(), int(DetectorDetail::Layers));
        QCOMPARE(workspace().display()->drawnDetectorLengthMm(), layersMm);

        QFile broken(folder.filePath(QStringLiteral("broken.json")));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{\n  \"format\": \"sciperf-event-view\",\n  \"cuts\": {\"minPtGeV\": }\n}\n");
        broken.close();
        QSignalSpy problems(&workspace(), &EventsWorkspace::problem);
        QVERIFY(!workspace().loadViewState(broken.fileName()));
        QCOMPARE(problems.count(), 1);
        QVERIFY2(workspace().message().startsWith(broken.fileName() + QStringLiteral(":3: ")),
                 qPrintable(workspace().message()));
        QCOMPARE(workspace().minPtBox()->value(), 0.8);
        QVERIFY(!workspace().loadViewState(folder.filePath(QStringLiteral("missing.json"))));
        QVERIFY(workspace().message().contains(QStringLiteral("missing.json")));
    }

    // Play shows the collision outwards, then the whole event; a second click stops it.
    void playShowsTheCollisionOutwards() {
        const std::size_t allHits = shown().visibleHits;
        workspace().play();
        QVERIFY(workspace().playing());
        QVERIFY(shown().visibleHits < allHits);
        QTRY_VERIFY_WITH_TIMEOUT(shown().visibleHits > 0 && shown().visibleHits < allHits, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(!workspace().playing(), 10000);
        QCOMPARE(shown().visibleHits, allHits);
        workspace().play();
        workspace().play();
        QVERIFY(!workspace().playing());
        QCOMPARE(shown().visibleHits, allHits);
    }

    // In a window narrower than the controls' one row, they wrap: every box and button stays on
    // screen, whole, and the groups do not overlap.
    void theControlsWrapInANarrowWindow() {
        auto* controls = workspace().findChild<QWidget*>(QStringLiteral("eventControls"));
        QVERIFY(controls);
        const auto controlsHeightAt = [&](int width) {
            workspace().resize(width, 800);
            const bool resized = QTest::qWaitFor([&] { return workspace().width() == width; });
            QCoreApplication::processEvents();
            return resized ? controls->height() : -1;
        };
        const int wideHeight = controlsHeightAt(1580);
        const int narrowHeight = controlsHeightAt(1000);
        QVERIFY(wideHeight > 0 && narrowHeight > 0);
        QVERIFY2(narrowHeight > wideHeight,
                 qPrintable(QStringLiteral("%1 %2").arg(narrowHeight).arg(wideHeight)));
        int controlsChecked = 0;
        for (QWidget* control : controls->findChildren<QWidget*>()) {
            const bool isControl = qobject_cast<QAbstractButton*>(control) ||
                                   qobject_cast<QComboBox*>(control) ||
                                   qobject_cast<QAbstractSpinBox*>(control);
            if (!isControl || !control->isVisible())
                continue;
            const QRect onScreen(control->mapTo(&workspace(), QPoint(0, 0)), control->size());
            QVERIFY2(workspace().rect().contains(onScreen),
                     qPrintable(QStringLiteral("%1 %2 at %3,%4 outside %5 px")
                                    .arg(QString::fromLatin1(control->metaObject()->className()),
                                         control->objectName())
                                    .arg(onScreen.x())
                                    .arg(onScreen.y())
                                    .arg(workspace().width())));
            ++controlsChecked;
        }
        QVERIFY(controlsChecked >= 20); // 3 combo boxes, 6 spin boxes, 13 buttons at least
        const auto groups = controls->findChildren<QWidget*>(Qt::FindDirectChildrenOnly);
        for (qsizetype i = 0; i < groups.size(); ++i)
            for (qsizetype j = i + 1; j < groups.size(); ++j)
                QVERIFY(!groups[i]->geometry().intersects(groups[j]->geometry()));
    }

    void theTurnButtonTurnsTheViewUntilItIsClicked() {
        auto* turn = workspace().findChild<QToolButton*>(QStringLiteral("turn"));
        QVERIFY(turn != nullptr);
        EventDisplay& display = *workspace().display();
        const EventCamera before = display.cameraState();
        turn->click();
        QVERIFY(display.turningDegreesPerSecond() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(display.cameraState().positionMm != before.positionMm, 2000);
        turn->click();
        QCOMPARE(display.turningDegreesPerSecond(), 0.0);
        // A click into the view stops it too, and the button says so.
        turn->click();
        const QPoint centre(display.width() / 2, display.height() / 2);
        QTest::mouseClick(&display, Qt::LeftButton, {}, centre);
        QCOMPARE(display.turningDegreesPerSecond(), 0.0);
        QVERIFY(!turn->isChecked());
    }

    void theTableAndTheViewsSelectTogether() {
        QTableView& table = *workspace().trackTable();
        table.setCurrentIndex(table.model()->index(3, 0));
        const auto track = table.model()->index(3, 0).data(EventTrackModel::kTrackRole).toLongLong();
        QCOMPARE(workspace().selection(), (EventSelection{-1, track}));
        const EventScene& scene = *shown().scene;
        QVERIFY2(workspace().propertiesText().contains(
                     QStringLiteral("True particle %1").arg(scene.tracks[std::size_t(track)].id)),
                 qPrintable(workspace().propertiesText()));

        // A click on the outermost hit of another track in the x-y view selects a hit and, with it,
        // that hit's track in the table.
        const std::size_t other = track == 0 ? 1 : 0;
        const std::size_t hit = scene.tracks[other].hits.back();
        EventProjection& xy = *workspace().xyProjection();
        QTest::mouseClick(&xy, Qt::LeftButton, {}, xy.screenPosition(hit).toPoint());
        const EventSelection picked = workspace().selection();
        QVERIFY(picked.hit >= 0);
        QVERIFY2(workspace().propertiesText().contains(
                     QStringLiteral("Hit %1").arg(scene.hits.hitId[std::size_t(picked.hit)])),
                 qPrintable(workspace().propertiesText()));
        QCOMPARE(picked.track, std::int64_t(scene.hitTrack[std::size_t(picked.hit)]));
        if (picked.track >= 0)
            QCOMPARE(table.currentIndex().data(EventTrackModel::kTrackRole).toLongLong(), picked.track);

        // And in 3D: the same hit under the mouse.
        workspace().select({});
        EventDisplay& display = *workspace().display();
        QTest::mouseClick(&display, Qt::LeftButton, {}, display.screenPosition(hit).toPoint());
        QVERIFY(workspace().selection().hit >= 0);
        saveScreenshots(QStringLiteral("subsampled"));
    }

    void aDoubleClickedRowZoomsEveryViewToItsTrack() {
        auto* zoom = workspace().findChild<QToolButton*>(QStringLiteral("zoomToSelection"));
        QVERIFY(zoom != nullptr);
        QVERIFY(!zoom->isEnabled()); // nothing selected
        QTableView& table = *workspace().trackTable();
        EventDisplay& display = *workspace().display();
        EventProjection& xy = *workspace().xyProjection();
        const EventCamera whole = display.cameraState();
        const double wholeXyMm = xy.xAxis->range().size();
        const QModelIndex row = table.model()->index(0, 0);
        const QRect cell = table.visualRect(row);
        // A double-click as the window system sends it: press, release, then the double-click.
        QTest::mouseClick(table.viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table.viewport(), Qt::LeftButton, {}, cell.center());
        QVERIFY(workspace().selection().track >= 0);
        QVERIFY(zoom->isEnabled());
        const EventCamera zoomed = display.cameraState();
        QVERIFY(zoomed.focalPointMm != whole.focalPointMm);
        QVERIFY(xy.xAxis->range().size() < wholeXyMm / 2);
        // A camera preset shows the whole event in every view again.
        auto* preset = workspace().findChild<QToolButton*>(QStringLiteral("camera3D"));
        QVERIFY(preset != nullptr);
        preset->click();
        QCOMPARE(xy.xAxis->range().size(), wholeXyMm);
        QVERIFY(display.cameraState().focalPointMm == whole.focalPointMm);
    }

    void browsesToTheFullEventAndBack() {
        workspace().showNextEvent();
        QCOMPARE(workspace().eventIndex(), 1);
        const EventScene& full = *shown().scene;
        QCOMPARE(full.title, kFull);
        QVERIFY2(full.hits.size() > 90000, qPrintable(QString::number(full.hits.size())));
        QVERIFY(!full.hasTruth);
        QCOMPARE(full.tracks.size(), std::size_t(0));
        saveScreenshots(QStringLiteral("full"));
        workspace().showNextEvent(); // there is none: stays
        QCOMPARE(workspace().eventIndex(), 1);
        workspace().showPreviousEvent();
        QCOMPARE(shown().scene->title, kSubsampled);
    }

    void showsASimulatedEventWithItsReconstructionJudged() {
        QTemporaryDir folder;
        const SimulatedEvent event = simulateInto(folder.path(), 7);
        std::ofstream(folder.filePath(QStringLiteral("event000000001-submission.csv")).toStdString())
            << csvText(standInReconstruction(event.truth));
        QVERIFY2(workspace().openFolder(folder.path()), qPrintable(workspace().message()));
        const EventScene& scene = *shown().scene;
        QVERIFY(scene.tracksAreReconstructed && scene.hasTruth);
        std::map<HitStatus, int> statuses;
        for (const DisplayTrack& track : scene.tracks)
            ++statuses[track.status];
        QVERIFY(statuses[HitStatus::Good] > 1000);
        QVERIFY(statuses[HitStatus::Duplicate] > 100);
        QVERIFY2(statuses[HitStatus::Fake] > 10, qPrintable(QString::number(statuses[HitStatus::Fake])));
        workspace().coloringBox()->setCurrentIndex(
            workspace().coloringBox()->findData(int(HitColoring::Status)));
        QCOMPARE(shown().coloring, HitColoring::Status);
        // Tracks above 1 GeV: what a physicist looks at first in a full event, drawn as helices.
        workspace().minPtBox()->setValue(1.0);
        workspace().trackShapeBox()->setCurrentIndex(
            workspace().trackShapeBox()->findData(int(TrackShape::Helix)));
        QCOMPARE(shown().trackShape, TrackShape::Helix);
        saveScreenshots(QStringLiteral("simulated"));
    }

    // A track run of the session on the shown folder offers its tracks, newest first; the events'
    // own submission (none here: the true particles) stays one choice away.
    void showsTheTracksOfAReconstructionRun() {
        QTemporaryDir folder, reconstruction;
        const SimulatedEvent event = simulateInto(folder.path(), 9);
        std::ofstream(reconstruction.filePath(QStringLiteral("event000000001-submission.csv")).toStdString())
            << csvText(standInReconstruction(event.truth));
        RunRecord track;
        track.workload = "track";
        track.status = "completed";
        track.runDirectory = reconstruction.path().toStdString();
        track.startedUtc = "2026-11-27T06:00:00Z";
        track.runJson = QStringLiteral(R"({"results": {"input": "%1/", "mean_score": 0.875}})")
                            .arg(folder.path())
                            .toStdString();
        workspace().setRuns({track});
        QVERIFY2(workspace().openFolder(folder.path()), qPrintable(workspace().message()));
        QCOMPARE(workspace().tracksBox()->count(), 2);
        QVERIFY(workspace().tracksBox()->currentText().contains(QStringLiteral("score 0.875")));
        QVERIFY(shown().scene->tracksAreReconstructed);
        // Until the user picks a colouring, a reconstruction judged against the truth shows what
        // went wrong where; the true particles alone, their volumes.
        QCOMPARE(shown().coloring, HitColoring::Status);
        workspace().tracksBox()->setCurrentIndex(1);
        workspace().showEventAt(0);
        QVERIFY(!shown().scene->tracksAreReconstructed); // the true particles
        QCOMPARE(shown().coloring, HitColoring::Volume);
        workspace().selectReconstruction(reconstruction.path());
        QVERIFY(shown().scene->tracksAreReconstructed);
        QCOMPARE(shown().coloring, HitColoring::Status);
        // A colouring picked by the user stays, whatever is shown next.
        QTest::keyClick(workspace().coloringBox(), Qt::Key_Up); // status → reconstructed track
        QCOMPARE(shown().coloring, HitColoring::Track);
        workspace().tracksBox()->setCurrentIndex(1);
        workspace().showEventAt(0);
        QCOMPARE(shown().coloring, HitColoring::Track);
        workspace().selectReconstruction(reconstruction.path());
        // Another folder's events are not offered this run's tracks.
        QVERIFY2(workspace().openFolder(trackmlFolder()), qPrintable(workspace().message()));
        QCOMPARE(workspace().tracksBox()->count(), 1);
    }

    // A session opened again (its runs set on an empty workspace) shows its newest simulation.
    void anEmptyWorkspaceShowsTheSessionsNewestSimulatedEvent() {
        QTemporaryDir older, newer;
        simulateInto(older.path(), 3);
        simulateInto(newer.path(), 4);
        const auto simulateRun = [](const QTemporaryDir& folder) {
            RunRecord run;
            run.workload = "simulate";
            run.status = "completed";
            run.runDirectory = folder.path().toStdString();
            return run;
        };
        EventsWorkspace reopened; // init()'s workspace already shows an event
        QSignalSpy content(&reopened, &EventsWorkspace::contentChanged);
        QVERIFY(!reopened.hasContent());
        reopened.setRuns({simulateRun(older), simulateRun(newer)});
        QVERIFY(reopened.hasContent());
        QCOMPARE(reopened.currentFolder(), newer.path());
        QVERIFY(!content.isEmpty() && content.last().at(0).toBool());
    }

    // A simulate run's events are kept as HDF5 event files in the session, and the workspace
    // loads them from there: with the CSV hits spoilt after the conversion, the event still shows.
    void storedEventsLoadFromTheirHdf5Files() {
        QTemporaryDir folder;
        const SimulatedEvent event = simulateInto(folder.path(), 8);
        const std::string prefix = (folder.path() + QStringLiteral("/event000000001")).toStdString();
        Session session;
        QVERIFY(session.open(folder.filePath(QStringLiteral("session.sciperf"))));
        QSignalSpy stored(&session, &Session::eventsStored);
        QSignalSpy failed(&session, &Session::failed);
        session.storeRunEvents(folder.path());
        QVERIFY(stored.wait(30000));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(stored.first().at(1).toInt(), 1);
        QVERIFY(QFileInfo::exists(folder.filePath(QStringLiteral("event000000001.h5"))));
        const auto records = session.events();
        QVERIFY(records.ok());
        QCOMPARE(records->size(), std::size_t{1});
        QCOMPARE(records->front().hits, static_cast<std::int64_t>(event.hits.size()));
        QCOMPARE(records->front().particles, static_cast<std::int64_t>(event.particles.size()));

        std::ofstream(prefix + "-hits.csv") << "not,a,hits,file\n";
        QVERIFY2(workspace().openFolder(folder.path()), qPrintable(workspace().message()));
        QCOMPARE(shown().scene->hits.size(), event.hits.size());
        QVERIFY(shown().scene->hasTruth);
    }
};

int main(int argc, char** argv) {
    QSurfaceFormat::setDefaultFormat(VtkView::defaultSurfaceFormat());
    QApplication application(argc, argv);
    TestEventsWorkspace test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_events_workspace.moc"
