// The GNN's CUDA twin in a build without nvcc: every entry point says so plainly.
#include "sciperf/engine/gnn_gpu.h"

namespace sciperf::gnn::gpu {
namespace {

Error unavailable() {
    return fail("built without CUDA: this build of SciPerf Studio has no GPU kernels");
}

} // namespace

Result<ModelOutput> forwardBackward(const InteractionNetwork<float>&, const GraphView<float>&,
                                    std::span<const float>, float) {
    return unavailable();
}
Result<void> linearForward(std::span<const float>, std::size_t, std::size_t, std::span<const float>,
                           std::span<const float>, std::size_t, std::span<float>) {
    return unavailable();
}
Result<void> linearBackward(std::span<const float>, std::size_t, std::size_t, std::span<const float>,
                            std::size_t, std::span<const float>, std::span<float>, std::span<float>,
                            std::span<float>) {
    return unavailable();
}
Result<void> reluForward(std::span<const float>, std::span<float>) {
    return unavailable();
}
Result<void> reluBackward(std::span<const float>, std::span<const float>, std::span<float>) {
    return unavailable();
}
Result<void> tanhForward(std::span<const float>, std::span<float>) {
    return unavailable();
}
Result<void> tanhBackward(std::span<const float>, std::span<const float>, std::span<float>) {
    return unavailable();
}
Result<void> layerNormForward(std::span<const float>, std::size_t, std::size_t, std::span<const float>,
                              std::span<const float>, std::span<float>, std::span<float>, std::span<float>) {
    return unavailable();
}
Result<void> layerNormBackward(std::span<const float>, std::size_t, std::size_t, std::span<const float>,
                               std::span<const float>, std::span<const float>, std::span<const float>,
                               std::span<float>, std::span<float>, std::span<float>) {
    return unavailable();
}
Result<void> gatherRows(std::span<const float>, std::size_t, std::span<const std::int32_t>, std::span<float>,
                        std::size_t, std::size_t) {
    return unavailable();
}
Result<void> scatterAddRows(std::span<const float>, std::size_t, std::size_t, std::span<const std::int32_t>,
                            std::span<float>, std::size_t) {
    return unavailable();
}
Result<void> copyColumns(std::span<const float>, std::size_t, std::size_t, std::span<float>, std::size_t,
                         std::size_t) {
    return unavailable();
}
Result<void> columnsBackward(std::span<const float>, std::size_t, std::size_t, std::size_t, std::size_t,
                             std::span<float>, bool) {
    return unavailable();
}
Result<float> bceWithLogits(std::span<const float>, std::span<const std::uint8_t>, float, std::span<float>) {
    return unavailable();
}

} // namespace sciperf::gnn::gpu
