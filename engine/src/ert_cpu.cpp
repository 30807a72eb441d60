#include "all_threads.h"
#include "sciperf/engine/ert.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <new>
#include <thread>

namespace sciperf {
namespace {

// One traversal of the bandwidth sweep covers whole steps of this many doubles (four of the
// widest vectors).
constexpr std::size_t kElementsPerStep = 32;

// The bandwidth kernel adds rather than multiply-adds: on Zen 5 a three-operand FMA in a
// load-store stream holds L1 at about 70 % of what load + add + store reach (measured on this
// project's VM), and a bandwidth ceiling is the fastest a level can stream.

// Kernels per instruction set, from one source; the widest the CPU has is chosen at run time,
// not left to the auto-vectoriser's choices of the day.
#pragma GCC push_options
#pragma GCC target("avx512f")
namespace avx512 {
constexpr std::size_t kVectorBytes = 64;
constexpr int kFmaChains = 24; // of 32 registers
#include "ert_cpu_kernels.h"
} // namespace avx512
#pragma GCC pop_options

#pragma GCC push_options
#pragma GCC target("avx2,fma")
namespace avx2 {
constexpr std::size_t kVectorBytes = 32;
constexpr int kFmaChains = 12; // of 16 registers
#include "ert_cpu_kernels.h"
} // namespace avx2
#pragma GCC pop_options

namespace baseline { // SSE2, which every x86-64 has
constexpr std::size_t kVectorBytes = 16;
constexpr int kFmaChains = 12;
#include "ert_cpu_kernels.h"
} // namespace baseline

struct CpuKernels {
    const char* isa;
    void (*traverse)(double*, std::size_t, double);
    double (*peakFp64)(std::size_t, double);
    double (*peakFp32)(std::size_t, double);
    double fp64FlopsPerIteration;
    double fp32FlopsPerIteration;
};

CpuKernels widestKernels() {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return {"AVX-512",
                &avx512::traverse,
                &avx512::peakFp64,
                &avx512::peakFp32,
                avx512::kFp64FlopsPerIteration,
                avx512::kFp32FlopsPerIteration};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return {"AVX2",
                &avx2::traverse,
                &avx2::peakFp64,
                &avx2::peakFp32,
                avx2::kFp64FlopsPerIteration,
                avx2::kFp32FlopsPerIteration};
    return {"SSE2",
            &baseline::traverse,
            &baseline::peakFp64,
            &baseline::peakFp32,
            baseline::kFp64FlopsPerIteration,
            baseline::kFp32FlopsPerIteration};
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
    const CpuKernels kernels = widestKernels();
    result.vectorIsa = kernels.isa;
    // One buffer per thread, cache-line aligned for the aligned vector loads, rounded up to whole
    // kernel steps.
    const std::size_t maxElements = (options.maxWorkingSetBytes / sizeof(double) + kElementsPerStep - 1) /
                                    kElementsPerStep * kElementsPerStep;
    std::vector<std::unique_ptr<double, decltype(&std::free)>> buffers;
    for (unsigned thread = 0; thread < threads; ++thread) {
        auto* memory = static_cast<double*>(std::aligned_alloc(64, maxElements * sizeof(double)));
        if (memory == nullptr)
            throw std::bad_alloc();
        buffers.emplace_back(memory, &std::free);
        // Touched before timing, so that page faults are not measured as bandwidth.
        std::fill_n(memory, maxElements, 1.0);
    }

    std::vector<std::size_t> sizes;
    for (double bytes = static_cast<double>(options.minWorkingSetBytes);
         bytes <= static_cast<double>(options.maxWorkingSetBytes);
         bytes = std::max(bytes + kElementsPerStep * sizeof(double), bytes * options.growth)) {
        const std::size_t elements =
            std::max<std::size_t>(1, static_cast<std::size_t>(bytes) / sizeof(double) / kElementsPerStep) *
            kElementsPerStep;
        if (sizes.empty() || elements > sizes.back())
            sizes.push_back(elements);
    }

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
                    kernels.traverse(buffers[thread].get(), elements, 1e-9);
            });
        };
        const auto [traversals, firstSeconds] = calibrate(options.minSecondsPerMeasurement, measure);
        ErtSweepPoint point{static_cast<double>(elements * sizeof(double)), 0, 0};
        const double bytes = 16.0 * static_cast<double>(elements) * static_cast<double>(traversals) *
                             static_cast<double>(threads);
        for (int repeat = 0; repeat < options.repeats; ++repeat) {
            const double seconds = repeat == 0 ? firstSeconds : measure(traversals);
            const double rate = bytes / seconds;
            point.bestBytesPerSecond = std::max(point.bestBytesPerSecond, rate);
            point.worstBytesPerSecond = repeat == 0 ? rate : std::min(point.worstBytesPerSecond, rate);
        }
        result.sweep.push_back(point);
    }

    auto peak = [&](const char* precision, double (*chains)(std::size_t, double), double flopsPerIteration) {
        std::atomic<double> sink{0};
        auto measure = [&](std::size_t iterations) {
            return timeOnAllThreads(threads, [&](unsigned thread) {
                // The result is kept, so the chains cannot be optimised away.
                sink.store(chains(iterations, 1e-7 * (thread + 1)));
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
    result.peaks.push_back(peak("FP64", kernels.peakFp64, kernels.fp64FlopsPerIteration));
    progress.progress(step++ / totalSteps, "peak FP32 FMA");
    result.peaks.push_back(peak("FP32", kernels.peakFp32, kernels.fp32FlopsPerIteration));

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
