// GPU ceilings in the spirit of ERT (reference/roofline-cupti.md §1): a bandwidth sweep with ERT's
// kernel1 (load, one FMA, store per double: 16 bytes per element per trial), FMA chains per
// precision and Tensor Core MMA chains, all kernels timed with CUDA events. Compiled by nvcc
// (CUDA C++17) without --use_fast_math: the FMA chains must stay exact fused multiply-adds.
#include "cuda_support.cuh"
#include "sciperf/engine/ert_gpu.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ < 800
#error "the Tensor Core kernels use mma.sync shapes of sm_80 and later"
#endif

namespace sciperf {
namespace {

using cuda_support::cudaFailure;
using cuda_support::DeviceArray;

// ---- Errors and device resources: cuda_support.cuh --------------------------------------------

// Times work enqueued on the default stream with a pair of events (seconds of GPU time, so the
// launch's host overhead is not counted).
class KernelTimer {
public:
    KernelTimer() = default;
    KernelTimer(const KernelTimer&) = delete;
    KernelTimer& operator=(const KernelTimer&) = delete;
    ~KernelTimer() {
        if (m_start != nullptr)
            cudaEventDestroy(m_start);
        if (m_stop != nullptr)
            cudaEventDestroy(m_stop);
    }
    Result<void> create() {
        SCIPERF_CUDA_TRY(cudaEventCreate(&m_start));
        SCIPERF_CUDA_TRY(cudaEventCreate(&m_stop));
        return {};
    }
    template <class Launch> Result<double> time(Launch&& launch) {
        SCIPERF_CUDA_TRY(cudaEventRecord(m_start));
        launch();
        SCIPERF_CUDA_TRY(cudaGetLastError()); // a bad launch configuration shows here
        SCIPERF_CUDA_TRY(cudaEventRecord(m_stop));
        SCIPERF_CUDA_TRY(cudaEventSynchronize(m_stop)); // a fault while running shows here
        float milliseconds = 0;
        SCIPERF_CUDA_TRY(cudaEventElapsedTime(&milliseconds, m_start, m_stop));
        return milliseconds * 1e-3;
    }

private:
    cudaEvent_t m_start = nullptr;
    cudaEvent_t m_stop = nullptr;
};

// Selects `device` and returns its properties; "no CUDA device: ..." when there is none to use.
Result<cudaDeviceProp> openDevice(int device) {
    int count = 0;
    if (const cudaError_t status = cudaGetDeviceCount(&count); status != cudaSuccess)
        return fail(std::string("no CUDA device: ") + cudaGetErrorString(status));
    if (count == 0)
        return fail("no CUDA device: the driver reports none");
    if (device < 0 || device >= count)
        return fail("no CUDA device: index " + std::to_string(device) + " asked for, " +
                    std::to_string(count) + " present");
    SCIPERF_CUDA_TRY(cudaSetDevice(device));
    cudaDeviceProp properties{};
    SCIPERF_CUDA_TRY(cudaGetDeviceProperties(&properties, device));
    if (properties.major < 8)
        return fail(std::string(properties.name) + " has compute capability " +
                    std::to_string(properties.major) + "." + std::to_string(properties.minor) +
                    "; the Tensor Core kernels need 8.0 or later");
    return properties;
}

// ---- Bandwidth: ERT kernel1 on pairs of doubles ----------------------------------------------

// Each thread keeps several 16-byte loads in flight before it stores, so that HBM sees enough
// outstanding requests; every thread maps to the same pairs in every trial, so a working set that
// fits the caches is served from there after the first trial. The L1 writes through: every store
// goes to the L2, whose rate bounds the sweep's cached plateau (on an H100, 7.3 TB/s from 3.5 to
// 32 MB, falling to HBM's 2.8 TB/s past the 50 MB L2).
constexpr int kBandwidthUnroll = 4;
constexpr int kBandwidthThreadsPerBlock = 256;
constexpr double kBytesPerPairAndTrial = 2 * 16.0; // 2 doubles: 8 bytes loaded + 8 stored each

__device__ __forceinline__ double2 updatePair(double2 pair, double alpha, double beta) {
    return make_double2(fma(pair.x, alpha, beta), fma(pair.y, alpha, beta));
}

__global__ void bandwidthKernel(double2* __restrict__ data, std::size_t pairs, std::int64_t trials,
                                double alpha, double beta) {
    const std::size_t stride = static_cast<std::size_t>(gridDim.x) * blockDim.x;
    const std::size_t first = static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    for (std::int64_t trial = 0; trial < trials; ++trial) {
        std::size_t index = first;
        for (; index + (kBandwidthUnroll - 1) * stride < pairs; index += kBandwidthUnroll * stride) {
            double2 loaded[kBandwidthUnroll];
#pragma unroll
            for (int u = 0; u < kBandwidthUnroll; ++u)
                loaded[u] = data[index + u * stride];
#pragma unroll
            for (int u = 0; u < kBandwidthUnroll; ++u)
                data[index + u * stride] = updatePair(loaded[u], alpha, beta);
        }
        for (; index < pairs; index += stride)
            data[index] = updatePair(data[index], alpha, beta);
        // A compiler barrier: each trial loads and stores again instead of keeping the values in
        // registers across trials (no instruction is emitted).
        asm volatile("" ::: "memory");
    }
}

// ---- FMA chains: FP64, FP32, FP16 (packed half2) ---------------------------------------------

// Independent chains per thread and steps per loop iteration: 16 x 8 = 128 FMA instructions per
// loop branch, so that the loop's own instructions take under 3 % of the issue slots (FP32 and
// FP16 issue one warp FMA per cycle per scheduler).
constexpr int kFmaChains = 16;
constexpr int kFmaStepsPerIteration = 8;
constexpr int kPeakThreadsPerBlock = 256;

__device__ __forceinline__ double fmaStep(double value, double alpha, double beta) {
    return fma(value, alpha, beta);
}
__device__ __forceinline__ float fmaStep(float value, float alpha, float beta) {
    return fmaf(value, alpha, beta);
}
__device__ __forceinline__ __half2 fmaStep(__half2 value, __half2 alpha, __half2 beta) {
    return __hfma2(value, alpha, beta);
}

template <class T> __device__ __forceinline__ T fromFloat(float value) {
    if constexpr (std::is_same_v<T, __half2>)
        return __float2half2_rn(value);
    else
        return static_cast<T>(value);
}
template <class T> __device__ __forceinline__ double toDouble(T value) {
    if constexpr (std::is_same_v<T, __half2>)
        return static_cast<double>(__low2float(value)) + __high2float(value);
    else
        return static_cast<double>(value);
}

template <class T> struct FmaFlops;
template <> struct FmaFlops<double> { static constexpr double perStep = 2; };
template <> struct FmaFlops<float> { static constexpr double perStep = 2; };
template <> struct FmaFlops<__half2> {
    static constexpr double perStep = 4; // two lanes of a*b+c
};

// alpha < 1: every chain converges to beta / (1 - alpha), no overflow however long it runs. The
// chains start apart so that the compiler cannot merge them.
template <class T> __global__ void fmaChainsKernel(double* sink, std::int64_t iterations, T alpha, T beta) {
    T chain[kFmaChains];
#pragma unroll
    for (int k = 0; k < kFmaChains; ++k)
        chain[k] = fromFloat<T>(1e-3f * static_cast<float>((threadIdx.x & 31) + k));
    for (std::int64_t iteration = 0; iteration < iterations; ++iteration) {
#pragma unroll
        for (int step = 0; step < kFmaStepsPerIteration; ++step) {
#pragma unroll
            for (int k = 0; k < kFmaChains; ++k)
                chain[k] = fmaStep(chain[k], alpha, beta);
        }
    }
    double sum = 0;
#pragma unroll
    for (int k = 0; k < kFmaChains; ++k)
        sum += toDouble(chain[k]);
    sink[static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x] = sum;
}

// ---- Tensor Core MMA: mma.sync with FP32 accumulation -----------------------------------------

// Warp-level mma.sync. On Hopper the full Tensor Core rate (989 TFLOP/s dense FP16/BF16 on an H100
// SXM) is reached only by the asynchronous warp-group wgmma; public microbenchmarks report that
// register-only warp-level MMA reaches about half of it (e.g. "WGMMA has 2x the throughput of WMMA",
// r/CUDA; WMMA without memory "goes only up to 50% of peak"). These kernels therefore measure the
// mma.sync ceiling, which is what Ampere-style kernels see, and say so in their results.
//
// Fragments per thread (PTX ISA, "Matrix fragments for mma.m16n8k16 / m16n8k8"): A in four 32-bit
// registers, B in two, C/D in four floats.
struct MmaOperands {
    std::uint32_t a[4];
    std::uint32_t b[2];
};

template <GpuMmaInput Input>
__device__ __forceinline__ void mmaStep(float (&d)[4], const MmaOperands& operands) {
    if constexpr (Input == GpuMmaInput::FP16)
        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                     "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                     : "r"(operands.a[0]), "r"(operands.a[1]), "r"(operands.a[2]), "r"(operands.a[3]),
                       "r"(operands.b[0]), "r"(operands.b[1]));
    else if constexpr (Input == GpuMmaInput::BF16)
        asm volatile("mma.sync.aligned.m16n8k16.row.col.f32.bf16.bf16.f32 "
                     "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                     : "r"(operands.a[0]), "r"(operands.a[1]), "r"(operands.a[2]), "r"(operands.a[3]),
                       "r"(operands.b[0]), "r"(operands.b[1]));
    else
        asm volatile("mma.sync.aligned.m16n8k8.row.col.f32.tf32.tf32.f32 "
                     "{%0,%1,%2,%3}, {%4,%5,%6,%7}, {%8,%9}, {%0,%1,%2,%3};"
                     : "+f"(d[0]), "+f"(d[1]), "+f"(d[2]), "+f"(d[3])
                     : "r"(operands.a[0]), "r"(operands.a[1]), "r"(operands.a[2]), "r"(operands.a[3]),
                       "r"(operands.b[0]), "r"(operands.b[1]));
}

// Two values of the input type in one 32-bit register (FP16, BF16), or one (TF32).
template <GpuMmaInput Input> __device__ __forceinline__ std::uint32_t packPair(float low, float high) {
    static_assert(Input != GpuMmaInput::TF32, "a TF32 register holds one value: toTf32");
    if constexpr (Input == GpuMmaInput::FP16) {
        const __half2 packed = __floats2half2_rn(low, high);
        return *reinterpret_cast<const std::uint32_t*>(&packed);
    } else {
        const __nv_bfloat162 packed = __floats2bfloat162_rn(low, high);
        return *reinterpret_cast<const std::uint32_t*>(&packed);
    }
}
__device__ __forceinline__ std::uint32_t toTf32(float value) {
    std::uint32_t converted;
    asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(converted) : "f"(value));
    return converted;
}
// An operand register whose every element holds `value`.
template <GpuMmaInput Input> __device__ __forceinline__ std::uint32_t uniformRegister(float value) {
    if constexpr (Input == GpuMmaInput::TF32)
        return toTf32(value);
    else
        return packPair<Input>(value, value);
}

// K of the MMA shape, as a constant that device code may read.
template <GpuMmaInput Input> constexpr int kMmaDepth = gpu_ert_testing::mmaDepth(Input);

template <GpuMmaInput Input> constexpr double mmaFlops() {
    return 2.0 * gpu_ert_testing::kMmaRows * gpu_ert_testing::kMmaColumns * kMmaDepth<Input>;
}

// Independent accumulators per warp: enough MMAs in flight to cover the Tensor Core latency.
constexpr int kMmaChains = 8;

template <GpuMmaInput Input> __global__ void mmaChainsKernel(float* sink, std::int64_t iterations) {
    // Small operands (1..1.875 x 2^-8, exact in every input type): the accumulators grow by
    // about 2^-12 per MMA, far from overflow.
    const float value = (1.0f + static_cast<float>(threadIdx.x & 7) / 8.0f) / 256.0f;
    MmaOperands operands;
#pragma unroll
    for (int r = 0; r < 4; ++r)
        operands.a[r] = uniformRegister<Input>(value);
#pragma unroll
    for (int r = 0; r < 2; ++r)
        operands.b[r] = uniformRegister<Input>(value);
    float accumulators[kMmaChains][4] = {};
    for (std::int64_t iteration = 0; iteration < iterations; ++iteration) {
#pragma unroll
        for (int chain = 0; chain < kMmaChains; ++chain)
            mmaStep<Input>(accumulators[chain], operands);
    }
    float sum = 0;
#pragma unroll
    for (int chain = 0; chain < kMmaChains; ++chain)
        sum +=
            accumulators[chain][0] + accumulators[chain][1] + accumulators[chain][2] + accumulators[chain][3];
    sink[static_cast<std::size_t>(blockIdx.x) * blockDim.x + threadIdx.x] = sum;
}

// One MMA on one warp from row-major A (16xK), B (Kx8), C (16x8), gathered into the fragments as
// the PTX ISA lays them out; D is written back row-major. groupID = lane / 4, thread = lane % 4.
template <GpuMmaInput Input>
__global__ void singleMmaKernel(const float* a, const float* b, const float* c, float* d) {
    constexpr int depth = kMmaDepth<Input>;
    constexpr int columns = gpu_ert_testing::kMmaColumns;
    const int group = threadIdx.x / 4;
    const int thread = threadIdx.x % 4;
    MmaOperands operands;
    if constexpr (Input == GpuMmaInput::TF32) {
        // A: a0 (group, t), a1 (group+8, t), a2 (group, t+4), a3 (group+8, t+4); B: b0 (t, group), b1 (t+4,
        // group).
        operands.a[0] = toTf32(a[group * depth + thread]);
        operands.a[1] = toTf32(a[(group + 8) * depth + thread]);
        operands.a[2] = toTf32(a[group * depth + thread + 4]);
        operands.a[3] = toTf32(a[(group + 8) * depth + thread + 4]);
        operands.b[0] = toTf32(b[thread * columns + group]);
        operands.b[1] = toTf32(b[(thread + 4) * columns + group]);
    } else {
        // A: register r holds row group (+8 for r = 1, 3), columns 2t, 2t+1 (+8 for r = 2, 3).
        // B: register r holds rows 2t, 2t+1 (+8 for r = 1) of column group.
#pragma unroll
        for (int r = 0; r < 4; ++r) {
            const int row = group + (r % 2) * 8;
            const int column = thread * 2 + (r / 2) * 8;
            operands.a[r] = packPair<Input>(a[row * depth + column], a[row * depth + column + 1]);
        }
#pragma unroll
        for (int r = 0; r < 2; ++r) {
            const int row = thread * 2 + r * 8;
            operands.b[r] = packPair<Input>(b[row * columns + group], b[(row + 1) * columns + group]);
        }
    }
    // C/D: element i at row group (+8 for i = 2, 3), column 2t + i % 2.
    float accumulator[4];
#pragma unroll
    for (int i = 0; i < 4; ++i)
        accumulator[i] = c[(group + (i / 2) * 8) * columns + thread * 2 + i % 2];
    mmaStep<Input>(accumulator, operands);
#pragma unroll
    for (int i = 0; i < 4; ++i)
        d[(group + (i / 2) * 8) * columns + thread * 2 + i % 2] = accumulator[i];
}

// ---- Measurement -------------------------------------------------------------------------------

// Repetitions (trials, iterations) so that one measurement lasts at least `minSeconds`: scaled by
// the measured shortfall (x2 to x1024 a step), so a kernel never runs much past the target.
template <class Measure>
Result<std::int64_t> calibrate(double minSeconds, std::int64_t maxRepetitions, Measure&& measure) {
    std::int64_t repetitions = 1;
    for (;;) {
        const Result<double> seconds = measure(repetitions);
        if (!seconds)
            return seconds.error();
        if (seconds.value() >= minSeconds || repetitions >= maxRepetitions)
            return repetitions;
        const double factor =
            seconds.value() > 0 ? std::clamp(minSeconds / seconds.value() * 1.2, 2.0, 1024.0) : 1024.0;
        repetitions =
            std::min(maxRepetitions, static_cast<std::int64_t>(static_cast<double>(repetitions) * factor));
    }
}

struct Rates {
    double best = 0;
    double worst = 0;
};

// Best and worst rate of `repeats` measurements of `work` units, after calibration.
template <class Measure>
Result<Rates> measureRates(const GpuErtOptions& options, std::int64_t maxRepetitions,
                           double workPerRepetition, Measure&& measure) {
    const Result<std::int64_t> repetitions =
        calibrate(options.minSecondsPerMeasurement, maxRepetitions, measure);
    if (!repetitions)
        return repetitions.error();
    Rates rates;
    for (int repeat = 0; repeat < std::max(1, options.repeats); ++repeat) {
        const Result<double> seconds = measure(repetitions.value());
        if (!seconds)
            return seconds.error();
        const double rate = workPerRepetition * static_cast<double>(repetitions.value()) / seconds.value();
        rates.best = std::max(rates.best, rate);
        rates.worst = repeat == 0 ? rate : std::min(rates.worst, rate);
    }
    return rates;
}

// Blocks filling every SM once (as many per SM as are resident together, at most 8).
template <class Kernel>
Result<int> fullDeviceBlocks(Kernel kernel, int threadsPerBlock, int multiprocessors) {
    int blocksPerMultiprocessor = 0;
    SCIPERF_CUDA_TRY(
        cudaOccupancyMaxActiveBlocksPerMultiprocessor(&blocksPerMultiprocessor, kernel, threadsPerBlock, 0));
    if (blocksPerMultiprocessor < 1)
        return fail("a kernel of " + std::to_string(threadsPerBlock) +
                    " threads per block cannot run on this device");
    return multiprocessors * std::min(blocksPerMultiprocessor, 8);
}

// Guards against a timer that reads nothing: calibration stops near 10^4 iterations (FP64 on an
// H100 at 10 ms), far below these caps, which bound one launch to a few seconds whatever happens.
constexpr std::int64_t kMaxIterations = std::int64_t{1} << 20;
constexpr std::int64_t kMaxTrials = std::int64_t{1} << 22;

// One peak: `kernel` filling every SM, `launch(blocks, sink, iterations)` starting it, and the
// FLOPs that one thread does per iteration of its loop.
template <class Sink, class Kernel, class Launch>
Result<ErtPeak> measurePeak(const char* precision, Kernel kernel, double flopsPerThreadAndIteration,
                            const GpuErtOptions& options, int multiprocessors, KernelTimer& timer,
                            Launch&& launch) {
    const Result<int> blocks = fullDeviceBlocks(kernel, kPeakThreadsPerBlock, multiprocessors);
    if (!blocks)
        return blocks.error();
    DeviceArray<Sink> sink;
    if (auto allocated = sink.allocate(static_cast<std::size_t>(blocks.value()) * kPeakThreadsPerBlock);
        !allocated)
        return allocated.error();
    const double flopsPerIteration =
        flopsPerThreadAndIteration * static_cast<double>(blocks.value()) * kPeakThreadsPerBlock;
    const Result<Rates> rates =
        measureRates(options, kMaxIterations, flopsPerIteration, [&](std::int64_t iterations) {
            return timer.time([&] { launch(blocks.value(), sink.get(), iterations); });
        });
    if (!rates)
        return rates.error();
    return ErtPeak{precision, rates->best, rates->worst};
}

template <class T>
Result<ErtPeak> measureFmaPeak(const char* precision, T alpha, T beta, const GpuErtOptions& options,
                               int multiprocessors, KernelTimer& timer) {
    const auto kernel = fmaChainsKernel<T>;
    return measurePeak<double>(precision, kernel, FmaFlops<T>::perStep * kFmaChains * kFmaStepsPerIteration,
                               options, multiprocessors, timer,
                               [&](int blocks, double* sink, std::int64_t iterations) {
                                   kernel<<<blocks, kPeakThreadsPerBlock>>>(sink, iterations, alpha, beta);
                               });
}

template <GpuMmaInput Input>
Result<ErtPeak> measureMmaPeak(const char* precision, const GpuErtOptions& options, int multiprocessors,
                               KernelTimer& timer) {
    const auto kernel = mmaChainsKernel<Input>;
    // An MMA is the warp's: each of its 32 threads does a 32nd of the FLOPs.
    return measurePeak<float>(precision, kernel, mmaFlops<Input>() * kMmaChains / 32, options,
                              multiprocessors, timer, [&](int blocks, float* sink, std::int64_t iterations) {
                                  kernel<<<blocks, kPeakThreadsPerBlock>>>(sink, iterations);
                              });
}

// Working sets from min to max (x growth), in whole pairs of doubles, without repeats.
std::vector<std::size_t> sweepPairs(const GpuErtOptions& options, std::size_t maxBytes) {
    std::vector<std::size_t> pairs;
    const double growth = std::max(options.growth, 1.01);
    for (double bytes = static_cast<double>(options.minWorkingSetBytes);
         bytes <= static_cast<double>(maxBytes); bytes *= growth) {
        const auto count = static_cast<std::size_t>(bytes / sizeof(double2));
        if (count > 0 && (pairs.empty() || count > pairs.back()))
            pairs.push_back(count);
    }
    return pairs;
}

// ERT asks a plateau for 6 points at growth 1.1, a span of 1.1^6 = 1.77x in working set; a coarser
// sweep gets the same span from fewer points (3 at growth 1.25), never fewer than 3.
roofline::PlateauOptions plateauOptionsFor(double growth) {
    roofline::PlateauOptions plateaus;
    const double points = 6 * std::log(1.1) / std::log(std::max(growth, 1.01));
    plateaus.minPoints = std::max<std::size_t>(3, static_cast<std::size_t>(std::ceil(points - 1e-9)));
    return plateaus;
}

} // namespace

Result<ErtResult> runGpuErt(const GpuErtOptions& options, ProgressReporter& progress) {
    const Result<cudaDeviceProp> properties = openDevice(options.device);
    if (!properties)
        return properties.error();
    const int multiprocessors = properties->multiProcessorCount;
    ErtResult result;
    result.threads = static_cast<unsigned>(multiprocessors);

    // The buffer stays below half of the free memory, whatever the options ask.
    std::size_t freeBytes = 0;
    std::size_t totalBytes = 0;
    SCIPERF_CUDA_TRY(cudaMemGetInfo(&freeBytes, &totalBytes));
    const std::size_t maxBytes = std::min(options.maxWorkingSetBytes, freeBytes / 2);
    const std::vector<std::size_t> sizes = sweepPairs(options, maxBytes);
    if (sizes.empty())
        return fail("GPU ERT: no working set between " + std::to_string(options.minWorkingSetBytes) +
                    " and " + std::to_string(maxBytes) + " bytes");

    KernelTimer timer;
    if (auto created = timer.create(); !created)
        return created.error();
    const double totalSteps = static_cast<double>(sizes.size() + 6);
    double step = 0;
    {
        DeviceArray<double2> buffer;
        if (auto allocated = buffer.allocate(sizes.back()); !allocated)
            return allocated.error();
        SCIPERF_CUDA_TRY(cudaMemset(buffer.get(), 0, sizes.back() * sizeof(double2)));
        const Result<int> blocks =
            fullDeviceBlocks(bandwidthKernel, kBandwidthThreadsPerBlock, multiprocessors);
        if (!blocks)
            return blocks.error();
        for (const std::size_t pairs : sizes) {
            if (progress.cancelRequested()) {
                result.cancelled = true;
                return result;
            }
            const double workingSetBytes = static_cast<double>(pairs * sizeof(double2));
            progress.progress(step++ / totalSteps, "GPU bandwidth sweep");
            const Result<Rates> rates =
                measureRates(options, kMaxTrials, kBytesPerPairAndTrial * static_cast<double>(pairs),
                             [&](std::int64_t trials) {
                                 return timer.time([&] {
                                     bandwidthKernel<<<blocks.value(), kBandwidthThreadsPerBlock>>>(
                                         buffer.get(), pairs, trials, 0.999999, 1e-6);
                                 });
                             });
            if (!rates)
                return fail("GPU bandwidth sweep at " + std::to_string(pairs * sizeof(double2)) +
                            " bytes: " + rates.error().message);
            result.sweep.push_back({workingSetBytes, rates->best, rates->worst});
        }
    }

    // The peaks in the order of the header.
    using PeakMeasure = Result<ErtPeak> (*)(const GpuErtOptions&, int, KernelTimer&);
    const std::pair<const char*, PeakMeasure> peaks[] = {
        {"GPU peak FP64 FMA",
         [](const GpuErtOptions& o, int sms, KernelTimer& t) {
             return measureFmaPeak<double>("FP64", 0.999999, 1e-6, o, sms, t);
         }},
        {"GPU peak FP32 FMA",
         [](const GpuErtOptions& o, int sms, KernelTimer& t) {
             return measureFmaPeak<float>("FP32", 0.999f, 1e-3f, o, sms, t);
         }},
        {"GPU peak FP16 FMA (half2)",
         [](const GpuErtOptions& o, int sms, KernelTimer& t) {
             return measureFmaPeak<__half2>("FP16", __float2half2_rn(0.999f), __float2half2_rn(1e-3f), o, sms,
                                            t);
         }},
        {"GPU Tensor Core FP16 (mma.sync)",
         [](const GpuErtOptions& o, int sms, KernelTimer& t) {
             return measureMmaPeak<GpuMmaInput::FP16>("TC FP16", o, sms, t);
         }},
        {"GPU Tensor Core BF16 (mma.sync)",
         [](const GpuErtOptions& o, int sms, KernelTimer& t) {
             return measureMmaPeak<GpuMmaInput::BF16>("TC BF16", o, sms, t);
         }},
        {"GPU Tensor Core TF32 (mma.sync)",
         [](const GpuErtOptions& o, int sms, KernelTimer& t) {
             return measureMmaPeak<GpuMmaInput::TF32>("TC TF32", o, sms, t);
         }},
    };
    for (const auto& [message, measure] : peaks) {
        if (progress.cancelRequested()) {
            result.cancelled = true;
            return result;
        }
        progress.progress(step++ / totalSteps, message);
        Result<ErtPeak> peak = measure(options, multiprocessors, timer);
        if (!peak)
            return fail(std::string(message) + ": " + peak.error().message);
        result.peaks.push_back(std::move(peak.value()));
    }

    std::vector<roofline::SweepPoint> curve;
    for (const auto& point : result.sweep)
        curve.push_back({point.workingSetBytes, point.bestBytesPerSecond});
    // A GPU's caches are an L1 per SM and one L2: the plateau next to HBM is the L2's.
    result.ceilings.bandwidth = roofline::nameLevels(
        roofline::detectBandwidthPlateaus(curve, plateauOptionsFor(options.growth)), "HBM", 2);
    for (const auto& peak : result.peaks)
        result.ceilings.compute.push_back({peak.precision, peak.bestFlopsPerSecond});
    progress.progress(1.0, "GPU ceilings measured");
    return result;
}

namespace gpu_ert_testing {

Result<std::vector<double>> runBandwidthKernel(std::vector<double> values, std::int64_t trials, double alpha,
                                               double beta, int device) {
    if (values.size() % 2 != 0 || values.empty())
        return fail("the bandwidth kernel works on pairs: give it an even, non-zero count of values");
    if (const Result<cudaDeviceProp> properties = openDevice(device); !properties)
        return properties.error();
    const std::size_t pairs = values.size() / 2;
    DeviceArray<double2> buffer;
    if (auto allocated = buffer.allocate(pairs); !allocated)
        return allocated.error();
    SCIPERF_CUDA_TRY(
        cudaMemcpy(buffer.get(), values.data(), pairs * sizeof(double2), cudaMemcpyHostToDevice));
    // Fewer threads than pairs, so that the unrolled loop, its tail and the grid stride all run.
    bandwidthKernel<<<2, 64>>>(buffer.get(), pairs, trials, alpha, beta);
    SCIPERF_CUDA_TRY(cudaGetLastError());
    SCIPERF_CUDA_TRY(cudaDeviceSynchronize());
    SCIPERF_CUDA_TRY(
        cudaMemcpy(values.data(), buffer.get(), pairs * sizeof(double2), cudaMemcpyDeviceToHost));
    return values;
}

Result<std::vector<float>> runMma(GpuMmaInput input, const std::vector<float>& a, const std::vector<float>& b,
                                  const std::vector<float>& c, int device) {
    const auto depth = static_cast<std::size_t>(mmaDepth(input));
    if (a.size() != kMmaRows * depth || b.size() != depth * kMmaColumns || c.size() != kMmaRows * kMmaColumns)
        return fail("runMma: A must be 16xK, B Kx8 and C 16x8 (K = " + std::to_string(depth) + ")");
    if (const Result<cudaDeviceProp> properties = openDevice(device); !properties)
        return properties.error();
    DeviceArray<float> deviceA;
    DeviceArray<float> deviceB;
    DeviceArray<float> deviceC;
    DeviceArray<float> deviceD;
    for (auto* array : {&deviceA, &deviceB, &deviceC, &deviceD})
        if (auto allocated = array->allocate(kMmaRows * 16); !allocated) // 16x16 floats fit every operand
            return allocated.error();
    SCIPERF_CUDA_TRY(cudaMemcpy(deviceA.get(), a.data(), a.size() * sizeof(float), cudaMemcpyHostToDevice));
    SCIPERF_CUDA_TRY(cudaMemcpy(deviceB.get(), b.data(), b.size() * sizeof(float), cudaMemcpyHostToDevice));
    SCIPERF_CUDA_TRY(cudaMemcpy(deviceC.get(), c.data(), c.size() * sizeof(float), cudaMemcpyHostToDevice));
    switch (input) {
    case GpuMmaInput::FP16:
        singleMmaKernel<GpuMmaInput::FP16>
            <<<1, 32>>>(deviceA.get(), deviceB.get(), deviceC.get(), deviceD.get());
        break;
    case GpuMmaInput::BF16:
        singleMmaKernel<GpuMmaInput::BF16>
            <<<1, 32>>>(deviceA.get(), deviceB.get(), deviceC.get(), deviceD.get());
        break;
    case GpuMmaInput::TF32:
        singleMmaKernel<GpuMmaInput::TF32>
            <<<1, 32>>>(deviceA.get(), deviceB.get(), deviceC.get(), deviceD.get());
        break;
    }
    SCIPERF_CUDA_TRY(cudaGetLastError());
    SCIPERF_CUDA_TRY(cudaDeviceSynchronize());
    std::vector<float> d(kMmaRows * kMmaColumns);
    SCIPERF_CUDA_TRY(cudaMemcpy(d.data(), deviceD.get(), d.size() * sizeof(float), cudaMemcpyDeviceToHost));
    return d;
}

} // namespace gpu_ert_testing

#undef SCIPERF_CUDA_TRY

} // namespace sciperf
