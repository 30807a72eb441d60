// The TrackML event simulation: reproducibility across thread counts, hits on their modules,
// truth and weights, the helix of a stiff track, the noise fraction, the simulate workload, and
// realism against the real full event event000001001.
#include "../../engine/src/event_simulation_geometry.h"
#include "../analysis/tracking/tracking_testing.h"
#include "counting_progress.h"
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/workload.h"
#include "test_detector.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

using namespace sciperf;
using tracking::Vector3;

namespace {

const tracking::Detector& detector() {
    return testDetector();
}

const EventSimulator& fullSizeSimulator() {
    static const EventSimulator simulator(detector());
    return simulator;
}

// One full-size event, simulated once for the tests that only look at it.
const SimulatedEvent& fullSizeEvent() {
    static const SimulatedEvent event = fullSizeSimulator().simulate(42, 0);
    return event;
}

QByteArray fileBytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

template <class Table> std::string csvText(const Table& table) {
    std::ostringstream text;
    tracking::writeCsv(text, table);
    return text.str();
}

bool isNoise(const SimulatedEvent& event, std::size_t row) {
    return event.truth.particleId[row] == tracking::kNoiseParticle;
}

// The hits of one event per volume.
std::map<int, double> hitsPerVolume(const tracking::Hits& hits) {
    std::map<int, double> counts;
    for (const std::int32_t volume : hits.volumeId)
        ++counts[volume];
    return counts;
}

double median(std::vector<double> values) {
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                     values.end());
    return values[values.size() / 2];
}

// Statistics that MUST-SHOW 2 compares.
struct EventStatistics {
    std::map<int, double> hitsPerVolume;
    double hits = 0;
    double particles = 0;
    double noiseFraction = 0; // for the real event: 1 - Σ nhits / hits (it has no truth)
    double withFourHits = 0;  // fraction of particles with nhits >= 4
    double medianPtGeV = 0;
    double hitsPerParticle = 0; // mean nhits
};

EventStatistics statisticsOf(const tracking::Hits& hits, const tracking::Particles& particles) {
    EventStatistics s;
    s.hitsPerVolume = hitsPerVolume(hits);
    s.hits = static_cast<double>(hits.size());
    s.particles = static_cast<double>(particles.size());
    const double particleHits = std::accumulate(particles.nhits.begin(), particles.nhits.end(), 0.0);
    s.noiseFraction = 1 - particleHits / s.hits;
    s.withFourHits = static_cast<double>(std::count_if(particles.nhits.begin(), particles.nhits.end(),
                                                       [](std::int32_t n) { return n >= 4; })) /
                     s.particles;
    std::vector<double> pts;
    for (std::size_t i = 0; i < particles.size(); ++i)
        pts.push_back(particles.pt(i));
    s.medianPtGeV = median(pts);
    s.hitsPerParticle = particleHits / s.particles;
    return s;
}

} // namespace

class TestEventSimulation : public QObject {
    Q_OBJECT
private slots:
    void builtInDetectorIsTheTrackMLDetector() {
        QCOMPARE(detector().modules().size(), std::size_t{18728});
        QCOMPARE(detector().volumes().size(), std::size_t{9});
        QCOMPARE(eventFilePrefix(1), std::string("event000000001"));
    }

    // MUST-SHOW 4: the same seed gives byte-identical files for 1 and 2 threads.
    void sameSeedGivesByteIdenticalFilesForAnyThreadCount() {
        QTemporaryDir one, two;
        for (const auto& [directory, threads] : {std::pair{&one, 1u}, std::pair{&two, 2u}}) {
            SimulationRunOptions options;
            options.events = 3;
            options.threads = threads;
            options.seed = 2024;
            options.outputDirectory = directory->path().toStdString();
            CountingProgress progress;
            const auto run = simulateEvents(fullSizeSimulator(), options, progress);
            QVERIFY2(run.ok(), run.ok() ? "" : run.error().message.c_str());
            QCOMPARE(run->events, std::uint64_t{3});
            QCOMPARE(run->threads, threads);
            QCOMPARE(progress.fractions.size(), std::size_t{3}); // one report per event
            QCOMPARE(progress.fractions.back(), 1.0);
        }
        const QStringList files = QDir(one.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(files, QDir(two.path()).entryList(QDir::Files, QDir::Name));
        QCOMPARE(files.size(), 12);
        QVERIFY(files.contains(QStringLiteral("event000000003-truth.csv")));
        QVERIFY(files.contains(QStringLiteral("event000000003-cells.csv")));
        for (const QString& name : files) {
            const QByteArray bytes = fileBytes(one.filePath(name));
            QVERIFY(bytes.size() > 1000);
            QVERIFY2(bytes == fileBytes(two.filePath(name)), qPrintable(name));
        }
    }

    void differentSeedsGiveDifferentEvents() {
        const SimulatedEvent other = fullSizeSimulator().simulate(43, 0);
        QVERIFY(other.hits.x != fullSizeEvent().hits.x);
        QVERIFY(fullSizeSimulator().simulate(42, 1).hits.x != fullSizeEvent().hits.x);
    }

    // Simulating into an event that held another one (the run loop reuses its tables' capacity)
    // leaves nothing of the other behind.
    void eventSimulatedIntoAUsedOneEqualsAFreshOne() {
        SimulatedEvent reused = fullSizeSimulator().simulate(42, 1);
        fullSizeSimulator().simulate(42, 0, reused);
        const SimulatedEvent& fresh = fullSizeEvent();
        QCOMPARE(reused.hits.size(), fresh.hits.size());
        QCOMPARE(csvText(reused.hits), csvText(fresh.hits));
        QCOMPARE(csvText(reused.particles), csvText(fresh.particles));
        QCOMPARE(csvText(reused.truth), csvText(fresh.truth));
        QCOMPARE(reused.primaryVertex, fresh.primaryVertex);
    }

    // The helix steps of the module search use series for sin and cos of small turns: they agree
    // with the library's functions to double precision on both sides of the switch at 0.3 rad.
    void turnSeriesAgreesWithSinAndCos() {
        for (const double a : {0.0, 1e-9, -1e-4, 0.01, -0.1, 0.2999, 0.3, 0.30001, -0.7, 2.5}) {
            const simulation::TurnSeries turn = simulation::turnSeries(a);
            QVERIFY2(std::abs(a * turn.sine - std::sin(a)) <= 2e-16, qPrintable(QString::number(a)));
            QVERIFY2(std::abs(1 - a * a * turn.versine - std::cos(a)) <= 2e-16,
                     qPrintable(QString::number(a)));
        }
        QCOMPARE(simulation::turnSeries(0).sine, 1.0);
        QCOMPARE(simulation::turnSeries(0).versine, 0.5);
    }

    void hitsAreNumberedInModuleOrder() {
        const tracking::Hits& hits = fullSizeEvent().hits;
        for (std::size_t i = 0; i < hits.size(); ++i) {
            QCOMPARE(hits.hitId[i], static_cast<tracking::HitId>(i + 1));
            QCOMPARE(fullSizeEvent().truth.hitId[i], hits.hitId[i]);
            if (i > 0)
                QVERIFY(std::tuple(hits.volumeId[i - 1], hits.layerId[i - 1], hits.moduleId[i - 1]) <=
                        std::tuple(hits.volumeId[i], hits.layerId[i], hits.moduleId[i]));
        }
    }

    // Measured and true positions lie on the module the hit names: in its plane (within half its
    // thickness) and within its trapezoid (float32 coordinates: 0.01 mm of rounding).
    void everyHitLiesOnItsModule() {
        const SimulatedEvent& event = fullSizeEvent();
        constexpr double kToleranceMm = 0.01;
        auto onModule = [&](const tracking::Module& module, const Vector3& global) {
            const Vector3 local = module.toLocal(global);
            const double along = (local[1] + module.halfLengthVMm) / (2 * module.halfLengthVMm);
            const double halfU =
                module.minHalfLengthUMm + (module.maxHalfLengthUMm - module.minHalfLengthUMm) * along;
            return std::abs(local[2]) <= module.thicknessMm / 2 + kToleranceMm &&
                   std::abs(local[1]) <= module.halfLengthVMm + kToleranceMm &&
                   std::abs(local[0]) <= halfU + kToleranceMm;
        };
        for (std::size_t i = 0; i < event.hits.size(); ++i) {
            const tracking::Module* module =
                detector().find({event.hits.volumeId[i], event.hits.layerId[i], event.hits.moduleId[i]});
            QVERIFY(module);
            QVERIFY2(onModule(*module, {event.hits.x[i], event.hits.y[i], event.hits.z[i]}),
                     qPrintable(QStringLiteral("hit %1").arg(event.hits.hitId[i])));
            QVERIFY(onModule(*module, {event.truth.tx[i], event.truth.ty[i], event.truth.tz[i]}));
        }
    }

    // Every hit fires at least one cell, on a channel of its own module; cells come in hit order;
    // strips fire (value 1), pixels read a positive charge.
    void everyHitFiresCellsOnItsModule() {
        const SimulatedEvent& event = fullSizeEvent();
        const tracking::Cells& cells = event.cells;
        QVERIFY(std::is_sorted(cells.hitId.begin(), cells.hitId.end()));
        std::vector<int> cellsOfHit(event.hits.size() + 1, 0);
        for (std::size_t c = 0; c < cells.size(); ++c) {
            const auto hit = static_cast<std::size_t>(cells.hitId[c] - 1);
            QVERIFY(hit < event.hits.size());
            ++cellsOfHit[hit];
            const tracking::Module* module = detector().find(
                {event.hits.volumeId[hit], event.hits.layerId[hit], event.hits.moduleId[hit]});
            QVERIFY(module);
            const double widestU = std::max(module->minHalfLengthUMm, module->maxHalfLengthUMm);
            QVERIFY(cells.ch0[c] >= 0 && cells.ch0[c] < std::lround(2 * widestU / module->pitchUMm));
            QVERIFY(cells.ch1[c] >= 0 &&
                    cells.ch1[c] < std::lround(2 * module->halfLengthVMm / module->pitchVMm));
            if (module->pitchVMm > 0.1)
                QCOMPARE(cells.value[c], 1.0f);
            else
                QVERIFY(cells.value[c] > 0);
        }
        QVERIFY(std::all_of(cellsOfHit.begin(), cellsOfHit.end() - 1, [](int n) { return n >= 1; }));
    }

    // The cells per hit and the pixel charges beside the real sub-sampled event000000001's, per
    // volume (printed); each volume within a factor of 1.5 of the real cells per hit.
    void cellsAgainstTheRealEvent() {
        REQUIRE_TRACKML_DATA();
        const auto real = tracking::readEvent(trackmlDir(), "event000000001");
        QVERIFY2(real.ok(), real.ok() ? "" : real.error().message.c_str());
        QVERIFY(real->cells);
        struct PerVolume {
            double hits = 0, cells = 0;
            std::vector<double> values;
        };
        auto perVolume = [](const tracking::Hits& hits, const tracking::Cells& cells) {
            std::map<tracking::HitId, std::int32_t> volumeOf;
            for (std::size_t i = 0; i < hits.size(); ++i)
                volumeOf[hits.hitId[i]] = hits.volumeId[i];
            std::map<int, PerVolume> volumes;
            for (std::size_t i = 0; i < hits.size(); ++i)
                ++volumes[hits.volumeId[i]].hits;
            for (std::size_t c = 0; c < cells.size(); ++c) {
                PerVolume& volume = volumes[volumeOf.at(cells.hitId[c])];
                ++volume.cells;
                volume.values.push_back(cells.value[c]);
            }
            return volumes;
        };
        const auto realVolumes = perVolume(real->hits, *real->cells);
        const auto simulatedVolumes = perVolume(fullSizeEvent().hits, fullSizeEvent().cells);
        std::printf("\n%-8s %18s %14s %22s %18s\n", "volume", "cells/hit (sim)", "(real)",
                    "median value (sim)", "(real)");
        for (const auto& [volume, realVolume] : realVolumes) {
            const PerVolume& simulatedVolume = simulatedVolumes.at(volume);
            const double simulatedPerHit = simulatedVolume.cells / simulatedVolume.hits;
            const double realPerHit = realVolume.cells / realVolume.hits;
            std::printf("%-8d %18.2f %14.2f %22.3f %18.3f\n", volume, simulatedPerHit, realPerHit,
                        median(simulatedVolume.values), median(realVolume.values));
            QVERIFY2(simulatedPerHit / realPerHit < 1.5 && realPerHit / simulatedPerHit < 1.5,
                     qPrintable(QStringLiteral("volume %1: %2 cells per hit, real %3")
                                    .arg(volume)
                                    .arg(simulatedPerHit)
                                    .arg(realPerHit)));
        }
        std::fflush(stdout);
    }

    void truthWeightsSumToOneAndNoiseWeighsNothing() {
        const SimulatedEvent& event = fullSizeEvent();
        const double total = std::accumulate(event.truth.weight.begin(), event.truth.weight.end(), 0.0);
        QVERIFY2(std::abs(total - 1) < 1e-4, qPrintable(QString::number(total, 'g', 10)));
        for (std::size_t i = 0; i < event.truth.size(); ++i)
            if (isNoise(event, i))
                QCOMPARE(event.truth.weight[i], 0.0f);
    }

    // Primaries sit at the vertex their id names; secondaries name a primary of that vertex as
    // parent, with generation 1; nhits counts the particle's truth rows.
    void particleIdsDecodeToTheirVertex() {
        const SimulatedEvent& event = fullSizeEvent();
        const tracking::Particles& particles = event.particles;
        std::set<std::pair<std::uint32_t, std::uint32_t>> primaries;
        std::size_t secondaries = 0;
        for (std::size_t i = 0; i < particles.size(); ++i) {
            const tracking::ParticleIdFields fields = tracking::decodeParticleId(particles.particleId[i]);
            QVERIFY(fields.vertexId >= 1 && fields.vertexId <= event.primaryVertex.size());
            if (fields.generation == 0) {
                const Vector3& vertex = event.primaryVertex[fields.vertexId - 1];
                QCOMPARE(particles.vx[i], static_cast<float>(vertex[0]));
                QCOMPARE(particles.vy[i], static_cast<float>(vertex[1]));
                QCOMPARE(particles.vz[i], static_cast<float>(vertex[2]));
                primaries.insert({fields.vertexId, fields.primaryId});
            }
        }
        for (std::size_t i = 0; i < particles.size(); ++i) {
            const tracking::ParticleIdFields fields = tracking::decodeParticleId(particles.particleId[i]);
            if (fields.generation == 0)
                continue;
            ++secondaries;
            QCOMPARE(fields.generation, 1u);
            QVERIFY(fields.secondaryId >= 1);
            QVERIFY(primaries.contains({fields.vertexId, fields.primaryId}));
        }
        // About 0.28 secondaries per primary (event000001001).
        QVERIFY(secondaries > primaries.size() / 5 && secondaries < primaries.size() / 3);
        std::map<tracking::ParticleId, std::int32_t> rows;
        for (const tracking::ParticleId id : event.truth.particleId)
            ++rows[id];
        for (std::size_t i = 0; i < particles.size(); ++i)
            QCOMPARE(particles.nhits[i], rows[particles.particleId[i]]);
    }

    // A 100 GeV track at η = 0 crosses every barrel layer once, or twice where modules overlap,
    // at the layer's radius, on a circle of radius pT / (0.3 B).
    void stiffCentralTrackCrossesEveryBarrelLayer() {
        SimulationConfig config;
        config.noiseFraction = 0;
        config.hitInefficiency = 0;
        const EventSimulator simulator(detector(), config);
        const std::map<std::pair<int, int>, double> barrelRadiusMm{
            {{8, 2}, 32},   {{8, 4}, 72},   {{8, 6}, 116},  {{8, 8}, 172},  {{13, 2}, 260},
            {{13, 4}, 360}, {{13, 6}, 500}, {{13, 8}, 660}, {{17, 2}, 820}, {{17, 4}, 1020}};
        std::map<std::pair<int, int>, tracking::Extent> extents;
        for (const tracking::LayerSummary& layer : detector().layers())
            extents[{layer.volumeId, layer.layerId}] = layer.extent;
        constexpr double kPtGeV = 100;
        const double expectedRadiusMm = kPtGeV / (0.299792458e-3 * config.bzTesla);
        for (int direction = 0; direction < 8; ++direction) {
            const double phi = 0.3 + direction * 0.785;
            const ParticleSeed particle{tracking::encodeParticleId({1, 1, 0, 0, 0}),
                                        {0, 0, 3},
                                        {kPtGeV * std::cos(phi), kPtGeV * std::sin(phi), 0},
                                        1};
            const SimulatedEvent event =
                simulator.simulate({&particle, 1}, 7, static_cast<std::uint64_t>(direction));
            std::map<std::pair<int, int>, int> perLayer;
            for (std::size_t i = 0; i < event.hits.size(); ++i) {
                const std::pair layer{event.hits.volumeId[i], event.hits.layerId[i]};
                QVERIFY2(barrelRadiusMm.contains(layer), "a hit outside the barrel");
                ++perLayer[layer];
                // Staggered, flat modules: a few mm off the nominal radius, within the layer's extent
                // (whose inner radius comes from module outlines: a plane's foot point lies a little
                // further in).
                const double r = std::hypot(event.truth.tx[i], event.truth.ty[i]);
                const tracking::Extent& extent = extents.at(layer);
                QVERIFY2(std::abs(r / barrelRadiusMm.at(layer) - 1) < 0.03 && r >= extent.rMinMm - 0.5 &&
                             r <= extent.rMaxMm + 0.1,
                         qPrintable(QStringLiteral("r = %1 mm").arg(r)));
            }
            QCOMPARE(perLayer.size(), barrelRadiusMm.size());
            for (const auto& [layer, count] : perLayer)
                QVERIFY(count == 1 || count == 2);
            // Curvature from the true points on the first, a middle and the last layer.
            const std::size_t n = event.truth.size();
            std::vector<std::size_t> byRadius(n);
            std::iota(byRadius.begin(), byRadius.end(), std::size_t{0});
            std::sort(byRadius.begin(), byRadius.end(), [&](std::size_t a, std::size_t b) {
                return std::hypot(event.truth.tx[a], event.truth.ty[a]) <
                       std::hypot(event.truth.tx[b], event.truth.ty[b]);
            });
            auto point = [&](std::size_t k) {
                return std::pair<double, double>{event.truth.tx[byRadius[k]], event.truth.ty[byRadius[k]]};
            };
            const auto [ax, ay] = point(0);
            const auto [bx, by] = point(n / 2);
            const auto [cx, cy] = point(n - 1);
            const double cross = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
            const double radius = std::hypot(bx - ax, by - ay) * std::hypot(cx - bx, cy - by) *
                                  std::hypot(cx - ax, cy - ay) / (2 * std::abs(cross));
            QVERIFY2(std::abs(radius / expectedRadiusMm - 1) < 0.05,
                     qPrintable(QStringLiteral("R = %1 mm, expected %2").arg(radius).arg(expectedRadiusMm)));
            QVERIFY(cross < 0); // a positive charge in +z field turns clockwise
        }
    }

    void noiseFractionIsTheConfiguredOne() {
        const SimulatedEvent& event = fullSizeEvent();
        std::size_t noise = 0;
        for (std::size_t i = 0; i < event.truth.size(); ++i)
            noise += isNoise(event, i);
        const double fraction = static_cast<double>(noise) / static_cast<double>(event.hits.size());
        QVERIFY2(std::abs(fraction - SimulationConfig{}.noiseFraction) < 0.03,
                 qPrintable(QString::number(fraction)));
    }

    void simulateWorkloadWritesChallengeFilesBesideRunJson() {
        const Workload* simulate = findWorkload("simulate");
        QVERIFY(simulate);
        QVERIFY(checkArguments(*simulate, {{"events", "2"}, {"threads", "1"}, {"seed", "5"}}).ok());
        const auto unknown = checkArguments(*simulate, {{"evnets", "2"}});
        QVERIFY(!unknown.ok());
        QVERIFY2(unknown.error().message.find("--evnets") != std::string::npos,
                 unknown.error().message.c_str());
        QVERIFY(!checkArguments(*simulate, {{"events", "two"}}).ok());
        QVERIFY(!checkArguments(*simulate, {{"events", "0"}}).ok());
        QVERIFY(!checkArguments(*findWorkload("sysinfo"), {{"events", "2"}}).ok());

        QTemporaryDir temporary;
        const QString directory = temporary.filePath(QStringLiteral("run"));
        CountingProgress progress;
        const auto outcome =
            executeWorkload(*simulate, directory.toStdString(), progress,
                            {"sciperf-run", "simulate", "--events", "2"}, {{"events", "2"}, {"seed", "9"}});
        QVERIFY2(outcome.ok(), outcome.ok() ? "" : outcome.error().message.c_str());
        QCOMPARE(outcome->status, std::string("completed"));
        QCOMPARE(QDir(directory).entryList(QDir::Files, QDir::Name),
                 (QStringList{"event000000001-cells.csv", "event000000001-hits.csv",
                              "event000000001-particles.csv", "event000000001-truth.csv",
                              "event000000002-cells.csv", "event000000002-hits.csv",
                              "event000000002-particles.csv", "event000000002-truth.csv", "run.json"}));
        // The files read back with the analysis layer's strict reader.
        const auto event = tracking::readEvent(directory.toStdString(), "event000000002");
        QVERIFY2(event.ok(), event.ok() ? "" : event.error().message.c_str());
        QVERIFY(event->hits.size() > 50000);
        QCOMPARE(event->truth->size(), event->hits.size());
        QVERIFY(event->cells && event->cells->size() > event->hits.size());
        QVERIFY(std::is_sorted(progress.fractions.begin(), progress.fractions.end()));
    }

    // MUST-SHOW 2: full-size simulated events beside the real full event000001001, hits per volume
    // within ±15 %. The simulation is symmetric in z, the real event is not (7 % more of its
    // particles go to -z, a pile-up fluctuation): each endcap is also compared with the mean of the
    // real -z and +z endcaps.
    void realismAgainstTheRealFullEvent() {
        REQUIRE_TRACKML_DATA();
        const auto realHits = tracking::readHits(trackmlDir() + "/event000001001-hits.csv");
        const auto realParticles = tracking::readParticles(trackmlDir() + "/event000001001-particles.csv");
        QVERIFY(realHits.ok() && realParticles.ok());
        const EventStatistics real = statisticsOf(realHits.value(), realParticles.value());

        constexpr int kEvents = 3;
        EventStatistics simulated;
        for (int e = 0; e < kEvents; ++e) {
            const SimulatedEvent event = fullSizeSimulator().simulate(2024, static_cast<std::uint64_t>(e));
            const EventStatistics one = statisticsOf(event.hits, event.particles);
            for (const auto& [volume, count] : one.hitsPerVolume)
                simulated.hitsPerVolume[volume] += count / kEvents;
            simulated.hits += one.hits / kEvents;
            simulated.particles += one.particles / kEvents;
            simulated.noiseFraction += one.noiseFraction / kEvents;
            simulated.withFourHits += one.withFourHits / kEvents;
            simulated.medianPtGeV += one.medianPtGeV / kEvents;
            simulated.hitsPerParticle += one.hitsPerParticle / kEvents;
        }
        const std::map<int, int> mirror{{7, 9}, {9, 7}, {12, 14}, {14, 12}, {16, 18}, {18, 16}};
        std::printf("\n%-28s %12s %12s %8s %16s %8s\n", "statistic", "simulated", "real", "ratio",
                    "real, ±z mean", "ratio");
        for (const auto& [volume, realCount] : real.hitsPerVolume) {
            const double simulatedCount = simulated.hitsPerVolume[volume];
            const double reference = mirror.contains(volume)
                                         ? (realCount + real.hitsPerVolume.at(mirror.at(volume))) / 2
                                         : realCount;
            std::printf("%-28s %12.0f %12.0f %8.3f %16.0f %8.3f\n",
                        ("hits in volume " + std::to_string(volume)).c_str(), simulatedCount, realCount,
                        simulatedCount / realCount, reference, simulatedCount / reference);
            QVERIFY2(std::abs(simulatedCount / realCount - 1) <= 0.15 &&
                         std::abs(simulatedCount / reference - 1) <= 0.15,
                     qPrintable(QStringLiteral("volume %1: %2 hits, real %3 (±z mean %4)")
                                    .arg(volume)
                                    .arg(simulatedCount)
                                    .arg(realCount)
                                    .arg(reference)));
        }
        auto row = [](const char* name, double simulatedValue, double realValue) {
            std::printf("%-28s %12.4g %12.4g %8.3f\n", name, simulatedValue, realValue,
                        simulatedValue / realValue);
        };
        row("hits", simulated.hits, real.hits);
        row("particles", simulated.particles, real.particles);
        row("noise fraction", simulated.noiseFraction, real.noiseFraction);
        row("particles with >= 4 hits", simulated.withFourHits, real.withFourHits);
        row("pT median (GeV)", simulated.medianPtGeV, real.medianPtGeV);
        row("hits per particle", simulated.hitsPerParticle, real.hitsPerParticle);
        std::fflush(stdout);
        QVERIFY(std::abs(simulated.noiseFraction - real.noiseFraction) < 0.03);
        QVERIFY(std::abs(simulated.medianPtGeV / real.medianPtGeV - 1) < 0.1);
    }
};

QTEST_GUILESS_MAIN(TestEventSimulation)
#include "tst_event_simulation.moc"
