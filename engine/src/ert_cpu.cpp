#include "all_threads.h"
#include "sciperf/engine/ert.h"
#include "sciperf/engine/machine.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <new>
#include <set>
#include <thread>

namespace sciperf {
namespace {

// One traversal covers whole steps of this many doubles (eight of the widest vectors).
constexpr std::size_t kElementsPerStep = 64;
// FMAs per element of the FLOPs-per-element sweep: 2 .. 128 FLOP per 16 bytes.
constexpr std::array<int, 7> kFmasPerElement = {1, 2, 4, 8, 16, 32, 64};

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
    const std::array<void (*)(double*, std::size_t, double), kFmasPerElement.size()>& traverseWithFmas;
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
                avx512::kTraverseWithFmas,
                &avx512::peakFp64,
                &avx512::peakFp32,
                avx512::kFp64FlopsPerIteration,
                avx512::kFp32FlopsPerIteration};
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return {"AVX2",
                &avx2::traverse,
                avx2::kTraverseWithFmas,
                &avx2::peakFp64,
                &avx2::peakFp32,
                avx2::kFp64FlopsPerIteration,
                avx2::kFp32FlopsPerIteration};
    return {"SSE2",
            &baseline::traverse,
            baseline::kTraverseWithFmas,
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

// The best and worst rate over the repeats of `measure(repetitions)`, calibrated to last at
// least minSecondsPerMeasurement; `workPerRepetition` is in bytes or FLOPs (all threads).
template <class Measure>
std::pair<double, double> measureRates(const ErtOptions& options, double workPerRepetition,
                                       Measure&& measure) {
    const auto [repetitions, firstSeconds] = calibrate(options.minSecondsPerMeasurement, measure);
    const double work = workPerRepetition * static_cast<double>(repetitions);
    double best = 0, worst = 0;
    for (int repeat = 0; repeat < options.repeats; ++repeat) {
        const double rate = work / (repeat == 0 ? firstSeconds : measure(repetitions));
        best = std::max(best, rate);
        worst = repeat == 0 ? rate : std::min(worst, rate);
    }
    return {best, worst};
}

} // namespace

roofline::PlateauOptions plateauOptionsFor(const CpuDescription& cpu) {
    std::set<int> dataLevels;
    for (const CacheLevel& cache : cpu.caches)
        if (cache.type != "Instruction")
            dataLevels.insert(cache.level);
    roofline::PlateauOptions options;
    options.maxLevels = dataLevels.empty() ? 0 : dataLevels.size() + 1;
    return options;
}

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

    const double totalSteps = static_cast<double>(sizes.size() + kFmasPerElement.size() + 2);
    double step = 0;
    for (const std::size_t elements : sizes) {
        if (progress.cancelRequested()) {
            result.cancelled = true;
            return result;
        }
        progress.progress(step++ / totalSteps, "bandwidth sweep");
        const double bytes = 16.0 * static_cast<double>(elements) * static_cast<double>(threads);
        const auto [best, worst] = measureRates(options, bytes, [&](std::size_t traversals) {
            return timeOnAllThreads(threads, [&](unsigned thread) {
                for (std::size_t t = 0; t < traversals; ++t)
                    kernels.traverse(buffers[thread].get(), elements, 1e-9);
            });
        });
        result.sweep.push_back({static_cast<double>(elements * sizeof(double)), best, worst});
    }

    const std::size_t cacheResident =
        std::clamp(options.intensityWorkingSetBytes / sizeof(double) / kElementsPerStep, std::size_t{1},
                   maxElements / kElementsPerStep) *
        kElementsPerStep;
    for (std::size_t index = 0; index < kFmasPerElement.size(); ++index) {
        if (progress.cancelRequested()) {
            result.cancelled = true;
            return result;
        }
        progress.progress(step++ / totalSteps, "FLOPs per element sweep");
        const double flops = 2.0 * kFmasPerElement[index] * static_cast<double>(cacheResident * threads);
        const auto [best, worst] = measureRates(options, flops, [&](std::size_t traversals) {
            return timeOnAllThreads(threads, [&](unsigned thread) {
                for (std::size_t t = 0; t < traversals; ++t)
                    kernels.traverseWithFmas[index](buffers[thread].get(), cacheResident, 1e-9);
            });
        });
        result.intensitySweep.push_back({2.0 * kFmasPerElement[index] / 16.0, best, worst});
    }

    auto peak = [&](const char* precision, double (*chains)(std::size_t, double), double flopsPerIteration) {
        std::atomic<double> sink{0};
        const auto [best, worst] =
            measureRates(options, flopsPerIteration * threads, [&](std::size_t iterations) {
                return timeOnAllThreads(threads, [&](unsigned thread) {
                    // The result is kept, so the chains cannot be optimised away.
                    sink.store(chains(iterations, 1e-7 * (thread + 1)));
                });
            });
        return ErtPeak{precision, best, worst};
    };
    progress.progress(step++ / totalSteps, "peak FP64 FMA");
    result.peaks.push_back(peak("FP64", kernels.peakFp64, kernels.fp64FlopsPerIteration));
    progress.progress(step++ / totalSteps, "peak FP32 FMA");
    result.peaks.push_back(peak("FP32", kernels.peakFp32, kernels.fp32FlopsPerIteration));

    std::vector<roofline::SweepPoint> curve;
    for (const auto& point : result.sweep)
        curve.push_back({point.workingSetBytes, point.bestBytesPerSecond});
    result.ceilings.bandwidth = roofline::nameLevels(
        roofline::detectBandwidthPlateaus(curve, plateauOptionsFor(describeHost().cpu)), "DRAM");
    for (const auto& peakRate : result.peaks)
        result.ceilings.compute.push_back({peakRate.precision, peakRate.bestFlopsPerSecond});
    progress.progress(1.0, "ceilings measured");
    return result;
}

} // namespace sciperf
