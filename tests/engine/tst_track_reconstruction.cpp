// The tracker (track_reconstruction.h): it finds the stiff tracks of a small simulated event, it
// works from hits alone (read back from a hits-only CSV file), its output does not depend on the
// number of threads, it fails cleanly on empty input, its tuning file round-trips and a malformed
// one is reported with file:line, training learns a usable tuning, and the track workload writes
// challenge submission files and scores them where there is truth.
#include "counting_progress.h"
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/score.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/track_reconstruction.h"
#include "sciperf/engine/workload.h"
#include "test_detector.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numbers>
#include <random>
#include <sstream>
#include <type_traits>

using namespace sciperf;

namespace {

const tracking::Detector& detector() {
    return testDetector();
}

const TrackingTuning& tuning() {
    static const TrackingTuning loaded = [] {
        auto parsed = builtInTuning();
        if (!parsed)
            qFatal("%s", parsed.error().message.c_str());
        return std::move(parsed).value();
    }();
    return loaded;
}

// `count` primaries from the beam line (σz 5.5 mm), pT in [ptMin, ptMax] GeV, |η| < 2.5, fixed seed.
std::vector<ParticleSeed> beamLineParticles(int count, double ptMin, double ptMax, std::uint32_t seed) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> uniform(0, 1);
    std::normal_distribution<double> vertexZ(0, 5.5);
    std::vector<ParticleSeed> particles;
    for (int i = 0; i < count; ++i) {
        const double pt = ptMin * std::pow(ptMax / ptMin, uniform(random));
        const double eta = -2.5 + 5 * uniform(random);
        const double phi = 2 * std::numbers::pi * uniform(random);
        ParticleSeed p;
        p.id = tracking::encodeParticleId({1, static_cast<std::uint32_t>(i + 1), 0, 0, 0});
        p.vertexMm = {0, 0, vertexZ(random)};
        p.momentumGeV = {pt * std::cos(phi), pt * std::sin(phi), pt * std::sinh(eta)};
        p.charge = uniform(random) < 0.5 ? -1 : 1;
        particles.push_back(p);
    }
    return particles;
}

const SimulatedEvent& smallEvent() {
    static const SimulatedEvent event = [] {
        const EventSimulator simulator(detector());
        const auto particles = beamLineParticles(300, 1, 10, 7);
        return simulator.simulate(particles, 7, 0);
    }();
    return event;
}

Reconstruction reconstructed(const tracking::Hits& hits, unsigned threads) {
    ReconstructionOptions options;
    options.threads = threads;
    auto result = reconstructTracks(hits, detector(), tuning(), options);
    if (!result)
        qFatal("%s", result.error().message.c_str());
    return std::move(result).value();
}

} // namespace

class TstTrackReconstruction : public QObject {
    Q_OBJECT

private slots:
    void findsStiffTracks() {
        const SimulatedEvent& event = smallEvent();
        QVERIFY(event.hits.size() > 2000);
        const Reconstruction reco = reconstructed(event.hits, 2);
        QCOMPARE(reco.submission.size(), event.hits.size());
        const auto score = tracking::scoreEvent(event.truth, reco.submission);
        QVERIFY2(score.ok(), score.ok() ? "" : score.error().message.c_str());
        // 300 tracks of 1-10 GeV in a quiet event: nearly all of them.
        QVERIFY2(score.value() > 0.9, qPrintable(QString::number(score.value())));
        QVERIFY(reco.tracks > 250 && reco.tracks < 350);
        QVERIFY(reco.seconds.total > 0);
        QVERIFY(reco.seconds.total >= reco.seconds.seeding + reco.seconds.following);
    }

    // The API has no way to receive truth, and hits read back from a hits-only file give the same
    // tracks.
    void worksFromHitsAlone() {
        static_assert(std::is_invocable_r_v<Result<Reconstruction>, decltype(&reconstructTracks),
                                            const tracking::Hits&, const tracking::Detector&,
                                            const TrackingTuning&, const ReconstructionOptions&>);
        const SimulatedEvent& event = smallEvent();
        std::ostringstream csv;
        tracking::writeCsv(csv, event.hits);
        const auto hits = tracking::parseHits(csv.str(), "hits.csv");
        QVERIFY(hits.ok());
        QCOMPARE(reconstructed(hits.value(), 1).submission.trackId,
                 reconstructed(event.hits, 1).submission.trackId);
    }

    // A full-size event: the same labels with 1, 2 and 3 threads.
    void independentOfTheThreadCount() {
        const EventSimulator simulator(detector());
        const SimulatedEvent event = simulator.simulate(3, 0);
        const Reconstruction one = reconstructed(event.hits, 1);
        QVERIFY(one.tracks > 3000);
        QCOMPARE(reconstructed(event.hits, 2).submission.trackId, one.submission.trackId);
        QCOMPARE(reconstructed(event.hits, 3).submission.trackId, one.submission.trackId);
        const auto score = tracking::scoreEvent(event.truth, one.submission);
        QVERIFY(score.ok());
        QVERIFY2(score.value() > 0.8, qPrintable(QString::number(score.value())));
    }

    void emptyInputIsAnError() {
        const auto result = reconstructTracks(tracking::Hits{}, detector(), tuning());
        QVERIFY(!result.ok());
        QCOMPARE(result.error().message, std::string("no hits to reconstruct"));
        TrackingTuning noSeeds = tuning();
        noSeeds.seeds.clear();
        const auto unseeded = reconstructTracks(smallEvent().hits, detector(), noSeeds);
        QVERIFY(!unseeded.ok());
        tracking::Hits offDetector = smallEvent().hits;
        offDetector.volumeId[0] = 99;
        const auto off = reconstructTracks(offDetector, detector(), tuning());
        QVERIFY(!off.ok());
        QVERIFY2(off.error().message.find("volume 99") != std::string::npos, off.error().message.c_str());
    }

    void tuningRoundTrips() {
        const std::string text = formatTuning(tuning());
        const auto parsed = parseTuning(text, "tuning.txt");
        QVERIFY2(parsed.ok(), parsed.ok() ? "" : parsed.error().message.c_str());
        QCOMPARE(formatTuning(parsed.value()), text);
        QCOMPARE(parsed->seeds.size(), tuning().seeds.size());
        QVERIFY(!parsed->layers.empty() && !parsed->links.empty());

        QTemporaryDir temporary;
        const QString path = temporary.filePath(QStringLiteral("tuning.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.data(), static_cast<qint64>(text.size()));
        file.close();
        const auto read = readTuning(path.toStdString());
        QVERIFY(read.ok());
        QCOMPARE(formatTuning(read.value()), text);
    }

    void malformedTuningSaysWhere_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString seed = QStringLiteral("seed 8 2 8 4 8 6 0.1 20 2 1 1 1 1 0.5\n");
        QTest::newRow("header") << QStringLiteral("hello\n")
                                << QStringLiteral("t.txt:1: not a tracking tuning");
        QTest::newRow("empty") << QString() << QStringLiteral("t.txt: empty tuning file");
        QTest::newRow("count") << QStringLiteral("sciperf-track-tuning 1\n\nlayer 8 2 1 2\n")
                               << QStringLiteral("t.txt:3: 'layer' takes 10 values, found 4");
        QTest::newRow("number") << QStringLiteral("sciperf-track-tuning 1\n") + seed +
                                       QStringLiteral("link 8 2 8 x 0.5 1 1 1 1\n")
                                << QStringLiteral("t.txt:3: 'x' is not a number");
        QTest::newRow("record") << QStringLiteral("sciperf-track-tuning 1\n# comment\nlayers 1\n")
                                << QStringLiteral("t.txt:3: unknown record 'layers'");
        QTest::newRow("option") << QStringLiteral("sciperf-track-tuning 1\noption max_holes -1\n")
                                << QStringLiteral("t.txt:2: unknown option or value out of range");
        QTest::newRow("no seeds") << QStringLiteral("sciperf-track-tuning 1\n")
                                  << QStringLiteral("t.txt: the tuning has no 'seed' records");
    }
    void malformedTuningSaysWhere() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        const auto parsed = parseTuning(text.toStdString(), "t.txt");
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.rfind(expected.toStdString(), 0) == 0,
                 parsed.error().message.c_str());
        QVERIFY(!readTuning("/nonexistent/tuning.txt").ok());
    }

    // Two events are enough to learn a tuning that finds the stiff tracks.
    void trainingLearnsAUsableTuning() {
        const EventSimulator simulator(detector());
        TrainingOptions options;
        options.events = 2;
        options.seed = 11;
        CountingProgress progress;
        const auto trained = trainTuning(simulator, options, progress);
        QVERIFY2(trained.ok(), trained.ok() ? "" : trained.error().message.c_str());
        QVERIFY(trained->seeds.size() >= 5);
        QVERIFY(trained->layers.size() >= 40);
        QCOMPARE(progress.fractions.size(), std::size_t(2));
        const auto reco = reconstructTracks(smallEvent().hits, detector(), trained.value());
        QVERIFY(reco.ok());
        const auto score = tracking::scoreEvent(smallEvent().truth, reco->submission);
        QVERIFY2(score.ok() && score.value() > 0.85, qPrintable(QString::number(score.value())));
        CountingProgress cancelling;
        cancelling.cancelAfter = 0;
        QVERIFY(!trainTuning(simulator, options, cancelling).ok());
    }

    void trackWorkloadWritesSubmissions() {
        QTemporaryDir temporary;
        const std::filesystem::path input = temporary.filePath(QStringLiteral("input")).toStdString();
        std::filesystem::create_directories(input);
        const SimulatedEvent& event = smallEvent();
        for (const auto& [name, write] :
             std::vector<std::pair<std::string, std::function<void(std::ostream&)>>>{
                 {"event000000004-hits.csv",
                  [&](std::ostream& o) {
                      tracking::writeCsv(o, event.hits);
                  }},
                 {"event000000004-truth.csv",
                  [&](std::ostream& o) {
                      tracking::writeCsv(o, event.truth);
                  }},
                 {"event000000004-particles.csv",
                  [&](std::ostream& o) {
                      tracking::writeCsv(o, event.particles);
                  }},
             }) {
            std::ofstream file(input / name);
            write(file);
        }
        const Workload* track = findWorkload("track");
        QVERIFY(track);
        QVERIFY(!checkArguments(*track, {{"threads", "-1"}}).ok());
        const QString directory = temporary.filePath(QStringLiteral("run"));
        CountingProgress progress;
        const auto outcome =
            executeWorkload(*track, directory.toStdString(), progress, {"sciperf-run", "track"},
                            {{"input", input.string()}, {"threads", "2"}});
        QVERIFY2(outcome.ok(), outcome.ok() ? "" : outcome.error().message.c_str());
        QCOMPARE(outcome->status, std::string("completed"));
        const auto submission =
            tracking::readSubmission(directory.toStdString() + "/event000000004-submission.csv");
        QVERIFY2(submission.ok(), submission.ok() ? "" : submission.error().message.c_str());
        QCOMPARE(submission->size(), event.hits.size());
        QFile submissionFile(directory + QStringLiteral("/event000000004-submission.csv"));
        QVERIFY(submissionFile.open(QIODevice::ReadOnly));
        QCOMPARE(submissionFile.readLine(), QByteArray("event_id,hit_id,track_id\n"));
        QVERIFY(submissionFile.readLine().startsWith("4,1,"));
        QFile runJson(directory + QStringLiteral("/run.json"));
        QVERIFY(runJson.open(QIODevice::ReadOnly));
        const QByteArray json = runJson.readAll();
        QVERIFY(json.contains("\"mean_score\""));
        QVERIFY(json.contains("\"throughput_score\""));
        QVERIFY(json.contains("\"efficiency\""));

        // No input folder: the run fails with the reason.
        const QString failed = temporary.filePath(QStringLiteral("failed"));
        const auto missing = executeWorkload(*track, failed.toStdString(), progress, {"sciperf-run", "track"},
                                             {{"input", "/nonexistent"}});
        QVERIFY(missing.ok());
        QCOMPARE(missing->status, std::string("failed"));
        QVERIFY2(missing->message.find("/nonexistent") != std::string::npos, missing->message.c_str());
    }
};

QTEST_GUILESS_MAIN(TstTrackReconstruction)
#include "tst_track_reconstruction.moc"
