// bench_event_load: load time of TrackML events from challenge CSV and from the HDF5 event file
// (event_file.h), measured in the same run. Not a ctest test: run it by hand,
//   bench_event_load [--bench] [--repeat N] [DIR]
// DIR defaults to $SCIPERF_DATA_DIR/trackml. Each row is the median of N loads (default 7), wall
// and CPU time, files in the page cache: the real full event000001001 hits (93,680 rows), and one
// simulated full-size event (sciperf-run simulate's CSV: hits, cells, particles, truth) loaded whole and
// hits alone. Goal (issue 5): a 100k-hit event loads from HDF5 in at most 30 ms.

#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/store/event_file.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <time.h>
#include <unistd.h>
#include <vector>

using namespace sciperf;
namespace fs = std::filesystem;

namespace {

// Medians over `repeat` calls of `load`, in milliseconds: wall time, the goal's measure, and the
// process's CPU time, which other work on a shared machine inflates less. `load` returns false on
// failure.
struct Timing {
    double wallMs = 0;
    double cpuMs = 0;
};

double milliseconds(const timespec& start, const timespec& end) {
    return static_cast<double>(end.tv_sec - start.tv_sec) * 1e3 +
           static_cast<double>(end.tv_nsec - start.tv_nsec) / 1e6;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

Timing medianTiming(int repeat, const std::function<bool()>& load) {
    std::vector<double> wall;
    std::vector<double> cpu;
    for (int i = 0; i < repeat; ++i) {
        timespec wallStart{};
        timespec cpuStart{};
        timespec wallEnd{};
        timespec cpuEnd{};
        clock_gettime(CLOCK_MONOTONIC, &wallStart);
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpuStart);
        if (!load()) {
            std::fprintf(stderr, "bench_event_load: a timed load failed\n");
            std::exit(1);
        }
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpuEnd);
        clock_gettime(CLOCK_MONOTONIC, &wallEnd);
        wall.push_back(milliseconds(wallStart, wallEnd));
        cpu.push_back(milliseconds(cpuStart, cpuEnd));
    }
    return {median(wall), median(cpu)};
}

[[noreturn]] void exitWith(const Error& error) {
    std::fprintf(stderr, "bench_event_load: %s\n", error.message.c_str());
    std::exit(1);
}

template <class T> T orExit(Result<T> result) {
    if (!result)
        exitWith(result.error());
    return std::move(result).value();
}

void orExit(const Result<void>& result) {
    if (!result)
        exitWith(result.error());
}

double megabytes(const std::vector<fs::path>& files) {
    double bytes = 0;
    for (const auto& file : files)
        bytes += static_cast<double>(fs::file_size(file));
    return bytes / 1e6;
}

class NoProgress final : public ProgressReporter {
public:
    void progress(double, std::string_view) override {}
    bool cancelRequested() const override { return false; }
};

struct Row {
    std::string what;
    std::size_t hits = 0;
    Timing csv;
    Timing hdf5;
    double csvMegabytes = 0;
    double hdf5Megabytes = 0;
};

} // namespace

int main(int argc, char** argv) {
    int repeat = 7;
    const char* dataDir = std::getenv("SCIPERF_DATA_DIR");
    fs::path dir = fs::path(dataDir ? dataDir : "../shared/data") / "trackml";
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--bench"))
            continue;
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++i]));
        else
            dir = argv[i];
    }
    const fs::path scratch =
        fs::temp_directory_path() / ("sciperf-bench-event-load-" + std::to_string(::getpid()));
    fs::create_directories(scratch);
    std::vector<Row> rows;

    // The real full event: hits only (it has no truth).
    const fs::path realCsv = dir / "event000001001-hits.csv";
    const fs::path realHdf5 = scratch / "event000001001.h5";
    tracking::Event real;
    real.hits = orExit(tracking::readHits(realCsv));
    orExit(writeEventHdf5(realHdf5, real));
    rows.push_back({"event000001001 hits (real)", real.hits.size(),
                    medianTiming(repeat, [&] { return tracking::readHits(realCsv).ok(); }),
                    medianTiming(repeat, [&] { return readEventHdf5(realHdf5).ok(); }), megabytes({realCsv}),
                    megabytes({realHdf5})});

    // One simulated full-size event, written as sciperf-run simulate writes it.
    const EventSimulator simulator(orExit(builtInDetector()));
    SimulationRunOptions options;
    options.events = 1;
    options.threads = 1;
    options.seed = 1;
    options.outputDirectory = scratch;
    NoProgress progress;
    orExit(simulateEvents(simulator, options, progress));
    const std::string prefix = eventFilePrefix(1);
    const tracking::Event simulated = orExit(tracking::readEvent(scratch, prefix));
    const fs::path simulatedHdf5 = scratch / (prefix + ".h5");
    orExit(writeEventHdf5(simulatedHdf5, simulated));
    tracking::Event simulatedHits;
    simulatedHits.hits = simulated.hits;
    const fs::path simulatedHitsHdf5 = scratch / (prefix + "-hits.h5");
    orExit(writeEventHdf5(simulatedHitsHdf5, simulatedHits));
    const fs::path simulatedHitsCsv = tracking::findEventFile(scratch, prefix, "hits");
    rows.push_back({"simulated: hits, cells, particles, truth", simulated.hits.size(),
                    medianTiming(repeat, [&] { return tracking::readEvent(scratch, prefix).ok(); }),
                    medianTiming(repeat, [&] { return readEventHdf5(simulatedHdf5).ok(); }),
                    megabytes({simulatedHitsCsv, tracking::findEventFile(scratch, prefix, "cells"),
                               tracking::findEventFile(scratch, prefix, "particles"),
                               tracking::findEventFile(scratch, prefix, "truth")}),
                    megabytes({simulatedHdf5})});
    rows.push_back({"simulated: hits alone", simulated.hits.size(),
                    medianTiming(repeat, [&] { return tracking::readHits(simulatedHitsCsv).ok(); }),
                    medianTiming(repeat, [&] { return readEventHdf5(simulatedHitsHdf5).ok(); }),
                    megabytes({simulatedHitsCsv}), megabytes({simulatedHitsHdf5})});
    fs::remove_all(scratch);

    std::printf(
        "median of %d loads, files in the page cache, wall (CPU) ms; goal: HDF5 <= 30 ms for 100k hits\n",
        repeat);
    std::printf("%-34s %6s %15s %15s %9s %7s %7s\n", "event", "hits", "CSV ms", "HDF5 ms", "CSV/HDF5",
                "CSV MB", "HDF5 MB");
    for (const auto& row : rows)
        std::printf("%-34s %6zu %6.1f (%6.1f) %6.1f (%6.1f) %9.1f %7.1f %7.1f\n", row.what.c_str(), row.hits,
                    row.csv.wallMs, row.csv.cpuMs, row.hdf5.wallMs, row.hdf5.cpuMs,
                    row.csv.wallMs / row.hdf5.wallMs, row.csvMegabytes, row.hdf5Megabytes);
    return 0;
}
