// The tracker's seeding stage on the GPU (findSeedsGpu) against its CPU twin (findSeeds): the same
// triplets in the same order with the same χ², on a full-size simulated event and on a quiet one.
// Without a device (or without CUDA) the GPU entry point must fail with the reason, and the test
// is skipped (exit code 77).
//
// No Qt Test: the GPU machine builds the headless preset, which has no Qt, and runs this test there.
#include "gpu_test_support.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/track_reconstruction.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

using namespace sciperf;
using namespace gpu_test;

namespace {

// The shortest of three runs of `run`, in milliseconds.
template <class Run> double bestOfThreeMs(Run&& run) {
    double best = 1e300;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        check(run(), "a timed run succeeds");
        best = std::min(
            best,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

// Compares the seeds of one event; false when the GPU is not there to compare with.
bool compare(const std::string& name, const tracking::Hits& hits, const tracking::Detector& detector,
             const TrackingTuning& tuning) {
    ReconstructionOptions options;
    options.threads = 2;
    const auto cpu = findSeeds(hits, detector, tuning, options);
    const auto gpu = findSeedsGpu(hits, detector, tuning);
    check(cpu.ok(), name + ": CPU seeding failed");
    if (!gpu.ok()) {
        std::cerr << name << ": " << gpu.error().message << '\n';
        check(namesMissingDevice(gpu.error().message), name + ": the GPU failure names its reason");
        return false;
    }
    if (!cpu.ok())
        return true;
    check(cpu->size() == gpu->size(), name + ": " + std::to_string(cpu->size()) + " seeds on the CPU, " +
                                          std::to_string(gpu->size()) + " on the GPU");
    std::size_t differing = 0;
    for (std::size_t i = 0; i < std::min(cpu->size(), gpu->size()); ++i) {
        const SeedTriplet& c = cpu.value()[i];
        const SeedTriplet& g = gpu.value()[i];
        const bool same = c.inner == g.inner && c.middle == g.middle && c.outer == g.outer &&
                          std::abs(c.chi2 - g.chi2) <= 1e-5f * std::max(1.0f, c.chi2);
        if (!same && differing++ < 5)
            std::cerr << name << ": seed " << i << " differs: CPU (" << c.inner << ", " << c.middle << ", "
                      << c.outer << ", " << c.chi2 << ") GPU (" << g.inner << ", " << g.middle << ", "
                      << g.outer << ", " << g.chi2 << ")\n";
    }
    check(differing == 0, name + ": " + std::to_string(differing) + " seeds differ");
    check(!cpu->empty(), name + ": the event has seeds");
    std::cout << name << ": " << cpu->size() << " seeds, identical on CPU and GPU\n";
    // The stage's time on each, the best of three after the calls above (scripts/device-check
    // prints this line beside its table).
    const double cpuMs = bestOfThreeMs([&] { return findSeeds(hits, detector, tuning, options).ok(); });
    const double gpuMs = bestOfThreeMs([&] { return findSeedsGpu(hits, detector, tuning).ok(); });
    std::cout << "seeding time, " << name << ": CPU (" << options.threads << " threads) " << cpuMs
              << " ms, GPU " << gpuMs << " ms\n";
    return true;
}

} // namespace

int main() {
    auto detector = builtInDetector();
    auto tuning = builtInTuning();
    if (!detector || !tuning) {
        std::cerr << "FAIL: " << (detector ? tuning.error().message : detector.error().message) << '\n';
        return 1;
    }
    const EventSimulator simulator(detector.value());
    const SimulatedEvent full = simulator.simulate(5, 0);
    if (!compare("full-size event", full.hits, detector.value(), tuning.value())) {
        std::cout << "SKIP: no GPU to compare with\n";
        return failures ? 1 : kSkipped;
    }
    // The same with the seeds' |z0| opened to 150 mm: many more triplets per middle hit, some
    // beyond the device's room, which the CPU completes.
    TrackingTuning wide = tuning.value();
    wide.seedMaxAbsZ0Mm = 150;
    compare("full-size event, |z0| < 150 mm", full.hits, detector.value(), wide);
    const auto empty = findSeedsGpu(tracking::Hits{}, detector.value(), tuning.value());
    check(!empty.ok() && empty.error().message == "no hits to reconstruct", "empty input is an error");
    std::cout << (failures ? "FAILED\n" : "PASSED\n");
    return failures ? 1 : 0;
}
