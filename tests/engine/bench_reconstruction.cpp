// bench_reconstruction: the tracker on simulated full-size TrackML events and on the real ones.
// Not a ctest test: run it by hand,
//   bench_reconstruction [EVENTS] [DATA_DIR] [TUNING]
// EVENTS simulated events (default 10, seed 1) are reconstructed at 1 and 2 threads: a table per
// event (hits, tracks, TrackML score, time) and the means (score, time per event and per stage,
// efficiency, fake and duplicate rates, throughput-phase score), with the process's CPU time beside
// the wall time (on a machine shared with other work the wall time of 2 threads says little). Where
// DATA_DIR (default ../shared/data/trackml) holds them: the score on the real sub-sampled
// event000000001 and the time and track count on the real full event000001001 (hits only).
// TUNING: a tuning file (default: the built-in one).

#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/metrics.h"
#include "sciperf/analysis/tracking/score.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/track_reconstruction.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

using namespace sciperf;

namespace {

struct Totals {
    double seconds = 0;
    double cpuSeconds = 0; // of the process, while it reconstructs
    StageSeconds stages;
    void add(const Reconstruction& reco) {
        seconds += reco.seconds.total;
        stages.prepare += reco.seconds.prepare;
        stages.seeding += reco.seconds.seeding;
        stages.following += reco.seconds.following;
        stages.assignment += reco.seconds.assignment;
    }
};

void printRate(const char* name, const tracking::Rate& rate) {
    std::printf("  %-16s %.4f (%lld / %lld)\n", name, rate.value(), static_cast<long long>(rate.passed),
                static_cast<long long>(rate.total));
}

} // namespace

int main(int argc, char** argv) {
    const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10;
    const std::filesystem::path dataDir = argc > 2 ? argv[2] : "../shared/data/trackml";
    auto detector = builtInDetector();
    if (!detector) {
        std::fprintf(stderr, "bench_reconstruction: %s\n", detector.error().message.c_str());
        return 1;
    }
    Result<TrackingTuning> tuning = argc > 3 ? readTuning(argv[3]) : builtInTuning();
    if (!tuning) {
        std::fprintf(stderr, "bench_reconstruction: %s\n", tuning.error().message.c_str());
        return 1;
    }
    const EventSimulator simulator(detector.value());

    std::printf("%-6s %8s %8s %8s %8s %10s %10s\n", "event", "hits", "seeds", "tracks", "score", "s (1 thr)",
                "s (2 thr)");
    Totals one, two;
    double scoreSum = 0;
    tracking::Rate efficiency, fake, duplicate;
    for (std::uint64_t e = 0; e < events; ++e) {
        const SimulatedEvent event = simulator.simulate(1, e);
        ReconstructionOptions options;
        options.threads = 1;
        std::clock_t cpuStart = std::clock();
        const Result<Reconstruction> single =
            reconstructTracks(event.hits, detector.value(), tuning.value(), options);
        one.cpuSeconds += static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        options.threads = 2;
        cpuStart = std::clock();
        const Result<Reconstruction> dual =
            reconstructTracks(event.hits, detector.value(), tuning.value(), options);
        two.cpuSeconds += static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
        if (!single || !dual) {
            std::fprintf(stderr, "bench_reconstruction: %s\n",
                         (single ? dual : single).error().message.c_str());
            return 1;
        }
        if (single->submission.trackId != dual->submission.trackId) {
            std::fprintf(stderr, "bench_reconstruction: event %llu differs between 1 and 2 threads\n",
                         static_cast<unsigned long long>(e));
            return 1;
        }
        const Result<double> score = tracking::scoreEvent(event.truth, single->submission);
        tracking::MetricsConfig config;
        config.unassignedTrackId = kUnassignedTrack;
        const auto metrics =
            tracking::computeMetrics(event.truth, event.particles, single->submission, config);
        if (!score || !metrics) {
            std::fprintf(stderr, "bench_reconstruction: scoring failed\n");
            return 1;
        }
        for (auto [into, from] : {std::pair{&efficiency, &metrics->efficiency.overall},
                                  std::pair{&fake, &metrics->fakeRate.overall},
                                  std::pair{&duplicate, &metrics->duplicateRate.overall}}) {
            into->passed += from->passed;
            into->total += from->total;
        }
        scoreSum += score.value();
        one.add(single.value());
        two.add(dual.value());
        std::printf("%-6llu %8zu %8zu %8zu %8.4f %10.3f %10.3f\n", static_cast<unsigned long long>(e),
                    event.hits.size(), single->seeds, single->tracks, score.value(), single->seconds.total,
                    dual->seconds.total);
        std::fflush(stdout);
    }
    const double n = static_cast<double>(events);
    const double meanScore = scoreSum / n;
    std::printf("\nmean score %.4f over %llu simulated events (seed 1)\n", meanScore,
                static_cast<unsigned long long>(events));
    for (const auto& [name, totals] : {std::pair{"1 thread", &one}, std::pair{"2 threads", &two}})
        std::printf("%-9s: %.3f s/event, %.3f CPU s/event (prepare %.3f, seeding %.3f, following %.3f, "
                    "assignment %.3f); throughput score %.4f\n",
                    name, totals->seconds / n, totals->cpuSeconds / n, totals->stages.prepare / n,
                    totals->stages.seeding / n, totals->stages.following / n, totals->stages.assignment / n,
                    tracking::throughputScore(meanScore, totals->seconds / n));
    std::printf("metrics (particles with >= 4 hits; tracks with >= 4 hits):\n");
    printRate("efficiency", efficiency);
    printRate("fake rate", fake);
    printRate("duplicate rate", duplicate);

    // Real events.
    std::printf("\n");
    ReconstructionOptions options;
    options.threads = 2;
    if (const auto sample = tracking::readEvent(dataDir, "event000000001"); sample && sample->truth) {
        // Its luminous region is ten times longer (σz ≈ 50 mm) than the simulation's and
        // event000001001's (5.5 mm): with the learned seed windows, and with seeds allowed to
        // point anywhere within |z0| < 150 mm.
        for (const double z0 : {0.0, 150.0}) {
            TrackingTuning wide = tuning.value();
            wide.seedMaxAbsZ0Mm = z0;
            const auto reco = reconstructTracks(sample->hits, detector.value(), wide, options);
            if (!reco) {
                std::printf("\nreal event000000001: %s\n", reco.error().message.c_str());
                continue;
            }
            const auto score = tracking::scoreEvent(*sample->truth, reco->submission);
            std::printf(
                "real event000000001 (5 %% sub-sample, %zu hits, seed |z0| %s): score %.4f, %zu tracks, "
                "%.3f s\n",
                sample->hits.size(), z0 > 0 ? "< 150 mm" : "learned", score ? score.value() : -1.0,
                reco->tracks, reco->seconds.total);
        }
    } else {
        std::printf("real event000000001: not found in %s\n", dataDir.string().c_str());
    }
    if (const auto full = tracking::readEvent(dataDir, "event000001001"); full) {
        for (const unsigned threads : {1u, 2u}) {
            options.threads = threads;
            const auto reco = reconstructTracks(full->hits, detector.value(), tuning.value(), options);
            if (reco)
                std::printf("real event000001001 (%zu hits, no truth): %zu tracks, %.3f s at %u thread(s)\n",
                            full->hits.size(), reco->tracks, reco->seconds.total, threads);
        }
    } else {
        std::printf("real event000001001: not found in %s\n", dataDir.string().c_str());
    }
    return 0;
}
