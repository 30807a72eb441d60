// The GPU ceiling benchmark. Without a device (or without CUDA) every entry point must fail with
// the reason, and the test is skipped (exit code 77); with one, each kernel's arithmetic is
// compared with the same computation on the CPU and a short run must give positive, ordered
// ceilings. Rates against the published peaks belong in scripts/device-check, not here.
//
// No Qt Test: the GPU machine builds the headless preset, which has no Qt, and runs this test there.
#include "gpu_test_support.h"
#include "sciperf/engine/ert_gpu.h"
#include "sciperf/engine/machine.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

using namespace sciperf;
using namespace gpu_test;

namespace {

class CountingProgress final : public ProgressReporter {
public:
    void progress(double fraction, std::string_view) override { fractions.push_back(fraction); }
    bool cancelRequested() const override { return false; }
    std::vector<double> fractions;
};

template <class T> std::string errorOf(const Result<T>& result) {
    return result.ok() ? std::string("(succeeded)") : result.error().message;
}

// Small integers: exact in FP16, BF16 and TF32, and so are their products and the FP32 sums, so the
// GPU must match the CPU exactly. The patterns differ by row and column: a transposed or misplaced
// fragment changes the result.
std::vector<float> pattern(int rows, int columns, int rowStep, int columnStep, int modulus) {
    std::vector<float> matrix(static_cast<std::size_t>(rows * columns));
    for (int row = 0; row < rows; ++row)
        for (int column = 0; column < columns; ++column)
            matrix[static_cast<std::size_t>(row * columns + column)] =
                static_cast<float>((row * rowStep + column * columnStep) % modulus - modulus / 2);
    return matrix;
}

void failsWithTheReason() {
    CountingProgress progress;
    const auto result = runGpuErt({}, progress);
    check(!result.ok() && namesMissingDevice(errorOf(result)),
          "runGpuErt names the missing device: " + errorOf(result));
    check(progress.fractions.empty(), "runGpuErt fails before measuring anything");
    const auto bandwidth = gpu_ert_testing::runBandwidthKernel({1.0, 2.0}, 1, 1.0, 0.0);
    check(!bandwidth.ok() && namesMissingDevice(errorOf(bandwidth)),
          "runBandwidthKernel: " + errorOf(bandwidth));
    const auto mma = gpu_ert_testing::runMma(GpuMmaInput::FP16, pattern(16, 16, 1, 1, 5),
                                             pattern(16, 8, 1, 1, 5), pattern(16, 8, 1, 1, 5));
    check(!mma.ok() && namesMissingDevice(errorOf(mma)), "runMma: " + errorOf(mma));
}

void bandwidthKernelMatchesTheCpu() {
    // 1000 pairs on the test launch's 128 threads: the unrolled loop, its tail and the grid stride.
    std::vector<double> values(2000);
    for (std::size_t index = 0; index < values.size(); ++index)
        values[index] = 0.001 * static_cast<double>(index) - 0.5;
    constexpr std::int64_t trials = 7;
    constexpr double alpha = 0.999999;
    constexpr double beta = 1e-6;
    const auto onGpu = gpu_ert_testing::runBandwidthKernel(values, trials, alpha, beta);
    check(onGpu.ok(), "runBandwidthKernel: " + errorOf(onGpu));
    if (!onGpu.ok())
        return;
    check(onGpu->size() == values.size(), "the bandwidth kernel returns every value");
    int mismatches = 0;
    for (std::size_t index = 0; index < std::min(values.size(), onGpu->size()); ++index) {
        double expected = values[index];
        for (std::int64_t trial = 0; trial < trials; ++trial)
            expected = std::fma(expected, alpha, beta); // the kernel's fused multiply-add, bit for bit
        if (onGpu.value()[index] != expected && mismatches++ < 5)
            check(false, "bandwidth kernel value " + std::to_string(index) + ": " +
                             std::to_string(onGpu.value()[index]) + ", CPU " + std::to_string(expected));
    }
    check(mismatches == 0, std::to_string(mismatches) + " bandwidth kernel values differ from the CPU's");
    check(!gpu_ert_testing::runBandwidthKernel({1.0, 2.0, 3.0}, 1, alpha, beta).ok(),
          "an odd count is refused");
}

void mmaMatchesTheCpu(GpuMmaInput type, const char* name) {
    const int rows = gpu_ert_testing::kMmaRows;
    const int columns = gpu_ert_testing::kMmaColumns;
    const int depth = gpu_ert_testing::mmaDepth(type);
    const auto a = pattern(rows, depth, 3, 5, 9);
    const auto b = pattern(depth, columns, 7, 2, 7);
    const auto c = pattern(rows, columns, 1, 3, 11);
    const auto onGpu = gpu_ert_testing::runMma(type, a, b, c);
    check(onGpu.ok(), std::string("runMma ") + name + ": " + errorOf(onGpu));
    if (!onGpu.ok())
        return;
    int mismatches = 0;
    for (int row = 0; row < rows; ++row)
        for (int column = 0; column < columns; ++column) {
            double expected = c[static_cast<std::size_t>(row * columns + column)];
            for (int k = 0; k < depth; ++k)
                expected += static_cast<double>(a[static_cast<std::size_t>(row * depth + k)]) *
                            b[static_cast<std::size_t>(k * columns + column)];
            const double measured = onGpu.value()[static_cast<std::size_t>(row * columns + column)];
            if (std::abs(measured - expected) > 1e-6 * std::max(1.0, std::abs(expected)) && mismatches++ < 5)
                check(false, std::string(name) + " D[" + std::to_string(row) + "][" + std::to_string(column) +
                                 "] = " + std::to_string(measured) + ", CPU " + std::to_string(expected));
        }
    check(mismatches == 0, std::string(name) + ": " + std::to_string(mismatches) + " of 128 elements differ");
}

void shortRunGivesOrderedCeilings(int multiprocessors) {
    GpuErtOptions options;
    options.maxWorkingSetBytes = 256u << 20; // past H100's 50 MB L2: HBM shows
    options.repeats = 2;
    options.minSecondsPerMeasurement = 0.005;
    CountingProgress progress;
    const auto result = runGpuErt(options, progress);
    check(result.ok(), "runGpuErt: " + errorOf(result));
    if (!result.ok())
        return;
    check(!result->cancelled, "not cancelled");
    check(static_cast<int>(result->threads) == multiprocessors, "threads = the SM count");

    double previous = 0;
    for (const auto& point : result->sweep) {
        check(point.workingSetBytes > previous, "working sets grow");
        previous = point.workingSetBytes;
        check(point.worstBytesPerSecond > 0 && point.bestBytesPerSecond >= point.worstBytesPerSecond,
              "best >= worst > 0 at " + std::to_string(point.workingSetBytes) + " bytes");
    }

    const std::vector<std::string> names{"FP64", "FP32", "FP16", "TC FP16", "TC BF16", "TC TF32"};
    check(result->peaks.size() == names.size() && result->ceilings.compute.size() == names.size(),
          "six peaks and six compute ceilings");
    if (result->peaks.size() != names.size() || result->ceilings.compute.size() != names.size())
        return;
    for (std::size_t index = 0; index < names.size(); ++index) {
        const auto& peak = result->peaks[index];
        check(peak.precision == names[index], "peak " + std::to_string(index) + " is " + names[index]);
        check(peak.worstFlopsPerSecond > 0 && peak.bestFlopsPerSecond >= peak.worstFlopsPerSecond,
              names[index] + ": best >= worst > 0");
        check(result->ceilings.compute[index].flopsPerSecond == peak.bestFlopsPerSecond,
              names[index] + ": the ceiling is the best rate");
        std::cout << names[index] << ": " << peak.bestFlopsPerSecond / 1e12 << " TFLOP/s\n";
    }
    // On every GPU with Tensor Cores: Tensor Core FP16 > FP32 > FP64.
    check(result->peaks[3].bestFlopsPerSecond > result->peaks[1].bestFlopsPerSecond, "TC FP16 beats FP32");
    check(result->peaks[1].bestFlopsPerSecond > result->peaks[0].bestFlopsPerSecond, "FP32 beats FP64");

    // Levels fastest first (L1 > L2 > HBM where three are found), HBM last, all positive.
    const auto& levels = result->ceilings.bandwidth;
    check(!levels.empty(), "a bandwidth plateau is found");
    if (levels.empty())
        return;
    check(levels.back().level == "HBM", "the last level is HBM");
    for (std::size_t index = 0; index < levels.size(); ++index) {
        std::cout << levels[index].level << ": " << levels[index].bytesPerSecond / 1e9 << " GB/s\n";
        check(levels[index].bytesPerSecond > 0, levels[index].level + " is positive");
        if (index > 0)
            check(levels[index].bytesPerSecond < levels[index - 1].bytesPerSecond,
                  levels[index].level + " is slower than " + levels[index - 1].level);
    }
    if (levels.size() == 3)
        check(levels[0].level == "L1" && levels[1].level == "L2", "three levels are L1, L2, HBM");
    // The plateau next to HBM is the L2's (its stores go there, whatever the L1 holds).
    if (levels.size() == 2)
        check(levels[0].level == "L2", "two levels are L2, HBM");
    check(std::is_sorted(progress.fractions.begin(), progress.fractions.end()), "progress rises");
    check(!progress.fractions.empty() && progress.fractions.back() == 1.0, "progress ends at 1");
}

} // namespace

int main() {
    const CudaDescription cuda = describeCudaDevices();
    if (cuda.status != "ok" || cuda.devices.empty()) {
        failsWithTheReason();
        if (failures > 0)
            return 1;
        std::cout << "SKIP: " << cuda.status << '\n';
        return kSkipped;
    }
    bandwidthKernelMatchesTheCpu();
    mmaMatchesTheCpu(GpuMmaInput::FP16, "FP16");
    mmaMatchesTheCpu(GpuMmaInput::BF16, "BF16");
    mmaMatchesTheCpu(GpuMmaInput::TF32, "TF32");
    shortRunGivesOrderedCeilings(cuda.devices.front().multiprocessors);
    std::cout << (failures == 0 ? "PASS" : "FAIL") << ": tst_ert_gpu on " << cuda.devices.front().name
              << '\n';
    return failures == 0 ? 0 : 1;
}
