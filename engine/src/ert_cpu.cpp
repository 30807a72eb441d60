#include "sciperf/engine/ert.h"

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cmath>
#include <memory>
#include <thread>

namespace sciperf {
namespace {

using Clock = std::chrono::steady_clock;

// One traversal: load, one FMA (2 FLOP), store per element: 16 bytes of traffic per double.
// Cloned per instruction set so that the same binary uses AVX-512 or AVX2 where present.
__attribute__((target_clones("avx512f", "arch=haswell", "default"))) void
traverse(double* data, std::size_t count, double alpha, double beta) {
    for (std::size_t i = 0; i < count; ++i)
        data[i] = data[i] * alpha + beta;
}

// Independent FMA chains kept in registers: enough of them to cover the FMA latency of the
// widest vector unit (2 units x 4 cycles = 8 vectors in flight: 64 doubles or 128 floats). One
// function per precision: GCC clones functions per instruction set, not templates.
constexpr int kChains64 = 64;
constexpr int kChains32 = 128;

__attribute__((target_clones("avx512f", "arch=haswell", "default"))) double
fmaChains64(std::size_t iterations, double alpha, double beta) {
    double accumulators[kChains64];
    for (int k = 0; k < kChains64; ++k)
        accumulators[k] = k;
    for (std::size_t i = 0; i < iterations; ++i)
        for (int k = 0; k < kChains64; ++k)
            accumulators[k] = accumulators[k] * alpha + beta;
    double sum = 0;
    for (int k = 0; k < kChains64; ++k)
        sum += accumulators[k];
    return sum;
}

__attribute__((target_clones("avx512f", "arch=haswell", "default"))) float
fmaChains32(std::size_t iterations, float alpha, float beta) {
    float accumulators[kChains32];
    for (int k = 0; k < kChains32; ++k)
        accumulators[k] = static_cast<float>(k);
    for (std::size_t i = 0; i < iterations; ++i)
        for (int k = 0; k < kChains32; ++k)
            accumulators[k] = accumulators[k] * alpha + beta;
    float sum = 0;
    for (int k = 0; k < kChains32; ++k)
        sum += accumulators[k];
    return sum;
}

// Runs `work(thread)` on every thread at once, between barriers, and returns the wall time of
// the slowest (the ERT timing: all threads must be done).
template <class Work> double timeOnAllThreads(unsigned threads, Work&& work) {
    std::barrier start(static_cast<std::ptrdiff_t>(threads) + 1);
    std::barrier stop(static_cast<std::ptrdiff_t>(threads) + 1);
    std::vector<std::jthread> workers;
    for (unsigned thread = 0; thread < threads; ++thread)
        workers.emplace_back([&, thread] {
            start.arrive_and_wait();
            work(thread);
            stop.arrive_and_wait();
        });
    start.arrive_and_wait();
    const auto begun = Clock::now();
    stop.arrive_and_wait();
    return std::chrono::duration<double>(Clock::now() - begun).count();
}

// Traversals per measurement so that one lasts at least `minSeconds`, found by doubling.
template <class Measure> std::pair<std::size_t, double> calibrate(double minSeconds, Measure&& measure) {
    std::size_t repetitions = 1;
    for (;;) {
        const double seconds = measure(repetitions);
        if (seconds >= minSeconds || repetitions > (std::size_t{1} << 40))
            return {repetitions, seconds};
        repetitions *=
            seconds > 0 ? std::max<std::size_t>(2, static_cast<std::size_t>(minSeconds / seconds * 1.2)) : 16;
    }
}

} // namespace

ErtResult runCpuErt(const ErtOptions& options, ProgressReporter& progress) {
    ErtResult result;
    result.threads =
        options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const unsigned threads = result.threads;
    const std::size_t maxElements = options.maxWorkingSetBytes / sizeof(double);
    std::vector<std::unique_ptr<double[]>> buffers;
    for (unsigned thread = 0; thread < threads; ++thread) {
        buffers.emplace_back(new double[maxElements]);
        // Touched before timing, so that page faults are not measured as bandwidth.
        std::fill_n(buffers.back().get(), maxElements, 1.0);
    }

    std::vector<std::size_t> sizes;
    for (double bytes = static_cast<double>(options.minWorkingSetBytes);
         bytes <= static_cast<double>(options.maxWorkingSetBytes);
         bytes = std::max(bytes + sizeof(double), bytes * options.growth))
        sizes.push_back(static_cast<std::size_t>(bytes) / sizeof(double));

    const double totalSteps = static_cast<double>(sizes.size() + 2);
    double step = 0;
    for (const std::size_t elements : sizes) {
        if (progress.cancelRequested()) {
            result.cancelled = true;
            return result;
        }
        progress.progress(step++ / totalSteps, "bandwidth sweep");
        auto measure = [&](std::size_t traversals) {
            return timeOnAllThreads(threads, [&](unsigned thread) {
                for (std::size_t t = 0; t < traversals; ++t)
                    traverse(buffers[thread].get(), elements, 0.999999, 1e-6);
            });
        };
        const auto [traversals, firstSeconds] = calibrate(options.minSecondsPerMeasurement, measure);
        ErtSweepPoint point{static_cast<double>(elements * sizeof(double)), 0, 0};
        const double bytes = 16.0 * static_cast<double>(elements) * static_cast<double>(traversals) * threads;
        for (int repeat = 0; repeat < options.repeats; ++repeat) {
            const double seconds = repeat == 0 ? firstSeconds : measure(traversals);
            const double rate = bytes / seconds;
            point.bestBytesPerSecond = std::max(point.bestBytesPerSecond, rate);
            point.worstBytesPerSecond = repeat == 0 ? rate : std::min(point.worstBytesPerSecond, rate);
        }
        result.sweep.push_back(point);
    }

    auto peak = [&](const char* precision, double flopsPerIteration, auto chains) {
        std::atomic<double> sink{0};
        auto measure = [&](std::size_t iterations) {
            return timeOnAllThreads(threads, [&](unsigned thread) {
                // The result is kept, so the chains cannot be optimised away.
                sink.store(static_cast<double>(chains(iterations, 1e-7 * (thread + 1))));
            });
        };
        const auto [iterations, firstSeconds] = calibrate(options.minSecondsPerMeasurement, measure);
        ErtPeak measured{precision, 0, 0};
        const double flops = flopsPerIteration * static_cast<double>(iterations) * threads;
        for (int repeat = 0; repeat < options.repeats; ++repeat) {
            const double rate = flops / (repeat == 0 ? firstSeconds : measure(iterations));
            measured.bestFlopsPerSecond = std::max(measured.bestFlopsPerSecond, rate);
            measured.worstFlopsPerSecond = repeat == 0 ? rate : std::min(measured.worstFlopsPerSecond, rate);
        }
        return measured;
    };
    progress.progress(step++ / totalSteps, "peak FP64 FMA");
    result.peaks.push_back(peak("FP64", 2.0 * kChains64, [](std::size_t iterations, double beta) {
        return fmaChains64(iterations, 0.999999, beta);
    }));
    progress.progress(step++ / totalSteps, "peak FP32 FMA");
    result.peaks.push_back(peak("FP32", 2.0 * kChains32, [](std::size_t iterations, double beta) {
        return fmaChains32(iterations, 0.999999f, static_cast<float>(beta));
    }));

    std::vector<roofline::SweepPoint> curve;
    for (const auto& point : result.sweep)
        curve.push_back({point.workingSetBytes, point.bestBytesPerSecond});
    result.ceilings.bandwidth = roofline::nameLevels(roofline::detectBandwidthPlateaus(curve), "DRAM");
    for (const auto& peakRate : result.peaks)
        result.ceilings.compute.push_back({peakRate.precision, peakRate.bestFlopsPerSecond});
    progress.progress(1.0, "ceilings measured");
    return result;
}

} // namespace sciperf
