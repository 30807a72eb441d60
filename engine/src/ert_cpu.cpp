#include "all_threads.h"
#include "sciperf/engine/ert.h"
#include "sciperf/engine/machine.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <functional>
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
std::pair<std::size_t, double> calibrate(double minSeconds,
                                         const std::function<double(std::size_t)>& measure) {
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

roofline::PlateauOptions plateauOptionsFor(const CpuDescription& cpu) {
    std::set<int> dataLevels;
    for (const CacheLevel& cache : cpu.caches)
        if (cache.type != "Instruction")
            dataLevels.insert(cache.level);
    roofline::PlateauOptions options;
    options.maxLevels = dataLevels.empty() ? 0 : dataLevels.size() + 1;
    return options;
}

ErtRates measureInPasses(const std::vector<ErtMeasurement>& measurements, const ErtOptions& options,
                         ProgressReporter& progress) {
    ErtRates result;
    std::vector<std::size_t> repetitions(measurements.size());
    const int passes = std::max(1, options.repeats);
    const double total = static_cast<double>(measurements.size()) * passes;
    for (int pass = 0; pass < passes; ++pass)
        for (std::size_t index = 0; index < measurements.size(); ++index) {
            if (progress.cancelRequested()) {
                result.cancelled = true;
                return result;
            }
            const ErtMeasurement& measurement = measurements[index];
            progress.progress((pass * static_cast<double>(measurements.size()) + index) / total,
                              measurement.what);
            if (pass == 0) {
                const auto [calibrated, seconds] =
                    calibrate(options.minSecondsPerMeasurement, measurement.seconds);
                repetitions[index] = calibrated;
                const double rate = measurement.workPerRepetition * static_cast<double>(calibrated) / seconds;
                result.rates.push_back({rate, rate});
                continue;
            }
            const double rate = measurement.workPerRepetition * static_cast<double>(repetitions[index]) /
                                measurement.seconds(repetitions[index]);
            ErtRate& range = result.rates[index];
            range.best = std::max(range.best, rate);
            range.worst = std::min(range.worst, rate);
        }
    return result;
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

    // The bandwidth sweep, the FLOPs-per-element sweep and the two peaks, in one list of
    // measurements measured in passes.
    std::vector<ErtMeasurement> measurements;
    for (const std::size_t elements : sizes)
        measurements.push_back({"bandwidth sweep",
                                16.0 * static_cast<double>(elements) * static_cast<double>(threads),
                                [&, elements](std::size_t traversals) {
                                    return timeOnAllThreads(threads, [&](unsigned thread) {
                                        for (std::size_t t = 0; t < traversals; ++t)
                                            kernels.traverse(buffers[thread].get(), elements, 1e-9);
                                    });
                                }});
    const std::size_t cacheResident =
        std::clamp(options.intensityWorkingSetBytes / sizeof(double) / kElementsPerStep, std::size_t{1},
                   maxElements / kElementsPerStep) *
        kElementsPerStep;
    for (std::size_t index = 0; index < kFmasPerElement.size(); ++index)
        measurements.push_back({"FLOPs per element sweep",
                                2.0 * kFmasPerElement[index] * static_cast<double>(cacheResident * threads),
                                [&, index](std::size_t traversals) {
                                    return timeOnAllThreads(threads, [&](unsigned thread) {
                                        for (std::size_t t = 0; t < traversals; ++t)
                                            kernels.traverseWithFmas[index](buffers[thread].get(),
                                                                            cacheResident, 1e-9);
                                    });
                                }});
    std::atomic<double> sink{0};
    const std::array<const char*, 2> precisions = {"FP64", "FP32"};
    const auto peak = [&](const char* precision, double (*chains)(std::size_t, double),
                          double flopsPerIteration) {
        return ErtMeasurement{"peak " + std::string(precision) + " FMA", flopsPerIteration * threads,
                              [&, chains](std::size_t iterations) {
                                  return timeOnAllThreads(threads, [&](unsigned thread) {
                                      // The result is kept, so the chains cannot be optimised away.
                                      sink.store(chains(iterations, 1e-7 * (thread + 1)));
                                  });
                              }};
    };
    measurements.push_back(peak(precisions[0], kernels.peakFp64, kernels.fp64FlopsPerIteration));
    measurements.push_back(peak(precisions[1], kernels.peakFp32, kernels.fp32FlopsPerIteration));

    const ErtRates measured = measureInPasses(measurements, options, progress);
    result.cancelled = measured.cancelled;
    for (std::size_t index = 0; index < measured.rates.size(); ++index) {
        const ErtRate& rate = measured.rates[index];
        if (index < sizes.size())
            result.sweep.push_back(
                {static_cast<double>(sizes[index] * sizeof(double)), rate.best, rate.worst});
        else if (const std::size_t fmas = index - sizes.size(); fmas < kFmasPerElement.size())
            result.intensitySweep.push_back({2.0 * kFmasPerElement[fmas] / 16.0, rate.best, rate.worst});
        else
            result.peaks.push_back({precisions[fmas - kFmasPerElement.size()], rate.best, rate.worst});
    }
    if (result.cancelled)
        return result;

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
