// Timings of the TrackML analysis code on the real files (not a ctest test).
//   bench_tracking [--bench] [--repeat N] [DIR]
// DIR defaults to $SCIPERF_DATA_DIR/trackml. Each row is the median of N runs (default 5):
// loading the full event000001001 hits (93,680 rows, plain CSV, from the page cache) and parsing
// the same text already in memory, loading the
// sub-sampled event000000001 (four gzip files), loading the detector description, scoring a
// perfect submission of the sub-sampled event and computing its weights.
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/analysis/tracking/score.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace sciperf::tracking;

namespace {

// Median wall time of `repeat` calls of `work`, in milliseconds; `work` returns false on failure.
double medianMs(int repeat, const std::function<bool()>& work) {
    std::vector<double> times;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        if (!work()) {
            std::fprintf(stderr, "bench_tracking: a timed step failed\n");
            std::exit(1);
        }
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    int repeat = 5;
    const char* dataDir = std::getenv("SCIPERF_DATA_DIR");
    std::string dir = std::string(dataDir ? dataDir : "../shared/data") + "/trackml";
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--bench"))
            continue;
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++i]));
        else
            dir = argv[i];
    }

    const auto event = readEvent(dir, "event000000001");
    if (!event || !event->truth || !event->particles) {
        std::fprintf(stderr, "bench_tracking: %s\n",
                     event ? "event000000001 has no truth" : event.error().message.c_str());
        return 1;
    }
    const Truth& truth = *event->truth;
    Submission perfect;
    perfect.hitId = truth.hitId;
    for (const ParticleId id : truth.particleId)
        perfect.trackId.push_back(TrackId(id));

    struct Row {
        const char* what;
        std::size_t items;
        double ms;
    };
    const std::string hitsFile = dir + "/event000001001-hits.csv";
    const auto hitsText = readText(hitsFile);
    if (!hitsText) {
        std::fprintf(stderr, "bench_tracking: %s\n", hitsText.error().message.c_str());
        return 1;
    }
    const Row rows[] = {
        {"load event000001001 hits (CSV)", 93680, medianMs(repeat, [&] { return readHits(hitsFile).ok(); })},
        {"  of which parsing (from memory)", 93680,
         medianMs(repeat, [&] { return parseHits(hitsText.value(), hitsFile).ok(); })},
        {"load event000000001 (4 x csv.gz)", truth.size(),
         medianMs(repeat, [&] { return readEvent(dir, "event000000001").ok(); })},
        {"load detectors.csv", 18728,
         medianMs(repeat, [&] { return readDetector(dir + "/detectors.csv").ok(); })},
        {"scoreEvent event000000001", truth.size(),
         medianMs(repeat, [&] { return scoreEvent(truth, perfect).ok(); })},
        {"hitWeights event000000001", truth.size(),
         medianMs(repeat, [&] { return hitWeights(truth, *event->particles).ok(); })},
    };
    std::printf("%-36s %10s %12s %14s\n", "step", "rows", "median ms", "rows/s");
    for (const Row& row : rows)
        std::printf("%-36s %10zu %12.3f %14.0f\n", row.what, row.items, row.ms,
                    double(row.items) / (row.ms / 1000));
    std::printf("(median of %d runs)\n", repeat);
    return 0;
}
