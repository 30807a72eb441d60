#pragma once
// GPU ceiling benchmarks, the CUDA twin of runCpuErt: FP64/FP32/FP16 FMA chains, Tensor Core MMA
// (FP16, BF16, TF32 inputs with FP32 accumulation) and a bandwidth sweep over working sets whose
// plateaus give L1, L2 and HBM. Always compiled where nvcc exists; without CUDA or a device it
// fails with the reason ("no CUDA device: ...", "built without CUDA"), never crashes.
//
// The Tensor Core peaks use the warp-level mma.sync instruction (register-resident operands), not
// Hopper's warp-group wgmma: on an H100 they measure what mma.sync code can reach, which public
// reports put near half of the published dense peak (989 TFLOP/s FP16), not the peak itself.

#include "sciperf/analysis/result.h"
#include "sciperf/engine/ert.h"
#include "sciperf/engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sciperf {

struct GpuErtOptions {
    int device = 0;
    std::size_t minWorkingSetBytes = 16 * 1024; // whole device
    std::size_t maxWorkingSetBytes = std::size_t{2} << 30;
    double growth = 1.25; // coarser than ERT's 1.1: the plateau detection asks for as wide a span
    int repeats = 3;
    double minSecondsPerMeasurement = 0.01; // kernel time, by CUDA events
};

// ErtResult as for the CPU: sweep (bytes per working set over the whole device), peaks named
// "FP64", "FP32", "FP16", "TC FP16", "TC BF16", "TC TF32", and ceilings with levels L1, L2, HBM.
// `threads` holds the number of SMs. Fails on any CUDA error, naming the call.
Result<ErtResult> runGpuErt(const GpuErtOptions& options, ProgressReporter& progress);

// The Tensor Core input types of the MMA kernels; all accumulate in FP32.
enum class GpuMmaInput { FP16, BF16, TF32 };

// The GPU kernels' arithmetic on known inputs, for tests to compare with the same computation on
// the CPU. Both run the very device code that the benchmarks time.
namespace gpu_ert_testing {

// The bandwidth kernel over `values` (an even count: it works on pairs) for `trials` traversals:
// every element becomes fma(value, alpha, beta), `trials` times over.
Result<std::vector<double>> runBandwidthKernel(std::vector<double> values, std::int64_t trials, double alpha,
                                               double beta, int device = 0);

// The MMA dimensions: D (16x8) = A (16xK) * B (Kx8) + C, K = 16 for FP16/BF16 and 8 for TF32.
constexpr int kMmaRows = 16;
constexpr int kMmaColumns = 8;
constexpr int mmaDepth(GpuMmaInput input) {
    return input == GpuMmaInput::TF32 ? 8 : 16;
}

// One MMA of the peak kernel on one warp: A, B, C and the result row-major; A and B are rounded
// to the input type on the device (round to nearest).
Result<std::vector<float>> runMma(GpuMmaInput input, const std::vector<float>& a, const std::vector<float>& b,
                                  const std::vector<float>& c, int device = 0);

} // namespace gpu_ert_testing

} // namespace sciperf
