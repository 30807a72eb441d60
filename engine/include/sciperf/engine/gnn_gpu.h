#pragma once
// The CUDA twin of the GNN edge classifier (gnn_model.h, gnn_layers.h), in float: the matrix
// products through cuBLAS, gather, scatter-add, concatenation, LayerNorm, activations and the loss
// in own kernels (gnn_gpu_kernels.cu). The whole model runs the CPU model's own sequence of layers
// (gnn_model_sequence.h) with a device backend, so the two cannot drift apart.
//
// Every entry point takes and returns host data and fails with "no CUDA device: ..." where there is
// no device, "built without CUDA: ..." in a build without nvcc, or the failed CUDA/cuBLAS call.
// The single layers have the arguments and the semantics of their CPU twins (outputs that the CPU
// adds into are read first and added into here too); they exist to compare the two.

#include "sciperf/analysis/result.h"
#include "sciperf/engine/gnn_model.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sciperf::gnn::gpu {

struct ModelOutput {
    std::vector<float> logits;    // one per edge
    float loss = 0;               // bceWithLogits over the edges
    std::vector<float> gradients; // d loss / d parameters, the model's flat layout
};

// InteractionNetwork::forward and lossAndGradient in one pass on the GPU (the graph needs labels).
Result<ModelOutput> forwardBackward(const InteractionNetwork<float>& model, const GraphView<float>& graph,
                                    std::span<const float> parameters, float positiveWeight);

Result<void> linearForward(std::span<const float> x, std::size_t rows, std::size_t in,
                           std::span<const float> weight, std::span<const float> bias, std::size_t out,
                           std::span<float> y);
Result<void> linearBackward(std::span<const float> x, std::size_t rows, std::size_t in,
                            std::span<const float> weight, std::size_t out, std::span<const float> dy,
                            std::span<float> dWeight, std::span<float> dBias, std::span<float> dx);
Result<void> reluForward(std::span<const float> x, std::span<float> y);
Result<void> reluBackward(std::span<const float> y, std::span<const float> dy, std::span<float> dx);
Result<void> tanhForward(std::span<const float> x, std::span<float> y);
Result<void> tanhBackward(std::span<const float> y, std::span<const float> dy, std::span<float> dx);
Result<void> layerNormForward(std::span<const float> x, std::size_t rows, std::size_t dim,
                              std::span<const float> gain, std::span<const float> bias, std::span<float> y,
                              std::span<float> mean, std::span<float> rstd);
Result<void> layerNormBackward(std::span<const float> x, std::size_t rows, std::size_t dim,
                               std::span<const float> gain, std::span<const float> mean,
                               std::span<const float> rstd, std::span<const float> dy, std::span<float> dGain,
                               std::span<float> dBias, std::span<float> dx);
Result<void> gatherRows(std::span<const float> source, std::size_t cols, std::span<const std::int32_t> index,
                        std::span<float> out, std::size_t outCols, std::size_t offset);
Result<void> scatterAddRows(std::span<const float> in, std::size_t inCols, std::size_t offset,
                            std::span<const std::int32_t> index, std::span<float> dSource, std::size_t cols);
Result<void> copyColumns(std::span<const float> x, std::size_t rows, std::size_t cols, std::span<float> out,
                         std::size_t outCols, std::size_t offset);
Result<void> columnsBackward(std::span<const float> dOut, std::size_t rows, std::size_t outCols,
                             std::size_t offset, std::size_t cols, std::span<float> dx, bool accumulate);
Result<float> bceWithLogits(std::span<const float> logits, std::span<const std::uint8_t> labels,
                            float positiveWeight, std::span<float> dLogits);

} // namespace sciperf::gnn::gpu
