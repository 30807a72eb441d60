// The GPU ceilings of a build without nvcc: every entry point says so plainly.
#include "sciperf/engine/ert_gpu.h"

namespace sciperf {

namespace {
constexpr const char* kBuiltWithoutCuda =
    "built without CUDA: this build of SciPerf Studio has no GPU kernels";
} // namespace

Result<ErtResult> runGpuErt(const GpuErtOptions&, ProgressReporter&) {
    return fail(kBuiltWithoutCuda);
}

namespace gpu_ert_testing {

Result<std::vector<double>> runBandwidthKernel(std::vector<double>, std::int64_t, double, double, int) {
    return fail(kBuiltWithoutCuda);
}

Result<std::vector<float>> runMma(GpuMmaInput, const std::vector<float>&, const std::vector<float>&,
                                  const std::vector<float>&, int) {
    return fail(kBuiltWithoutCuda);
}

} // namespace gpu_ert_testing

} // namespace sciperf
