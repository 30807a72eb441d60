// bench_simulation: events per second of the full-size TrackML event simulation at 1 and 2
// threads (and all hardware threads where there are more), without and with writing the CSV
// files. Not a ctest test: run it by hand, `bench_simulation [EVENTS]` (default 20). Events per
// CPU second beside events per second: on a machine shared with other work the wall time varies
// from run to run, the CPU time much less.

#include "sciperf/engine/event_simulation.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

class SilentProgress final : public sciperf::ProgressReporter {
public:
    void progress(double, std::string_view) override {}
    bool cancelRequested() const override { return false; }
};

} // namespace

int main(int argc, char** argv) {
    const std::uint64_t events = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 20;
    auto detector = sciperf::builtInDetector();
    if (!detector) {
        std::fprintf(stderr, "bench_simulation: %s\n", detector.error().message.c_str());
        return 1;
    }
    const sciperf::EventSimulator simulator(std::move(detector).value());
    std::vector<unsigned> threadCounts{1, 2};
    if (const unsigned all = std::thread::hardware_concurrency(); all > 2)
        threadCounts.push_back(all);

    const std::filesystem::path scratch = std::filesystem::temp_directory_path() / "sciperf-bench-simulation";
    std::printf("%-8s %-10s %8s %10s %12s %14s %10s\n", "threads", "output", "events", "seconds", "events/s",
                "events/cpu-s", "hits/event");
    SilentProgress progress;
    for (const unsigned threads : threadCounts)
        for (const bool write : {false, true}) {
            std::filesystem::remove_all(scratch);
            std::filesystem::create_directories(scratch);
            sciperf::SimulationRunOptions options;
            options.events = events;
            options.threads = threads;
            options.seed = 1;
            if (write)
                options.outputDirectory = scratch;
            const std::clock_t cpuStart = std::clock();
            const auto run = sciperf::simulateEvents(simulator, options, progress);
            const double cpuSeconds = static_cast<double>(std::clock() - cpuStart) / CLOCKS_PER_SEC;
            if (!run) {
                std::fprintf(stderr, "bench_simulation: %s\n", run.error().message.c_str());
                return 1;
            }
            std::printf("%-8u %-10s %8llu %10.3f %12.2f %14.2f %10.0f\n", run->threads,
                        write ? "csv" : "none", static_cast<unsigned long long>(run->events), run->seconds,
                        static_cast<double>(run->events) / run->seconds,
                        static_cast<double>(run->events) / cpuSeconds,
                        static_cast<double>(run->hits) / static_cast<double>(run->events));
        }
    std::filesystem::remove_all(scratch);
    return 0;
}
