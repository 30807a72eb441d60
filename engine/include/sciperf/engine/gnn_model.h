#pragma once
// The Interaction Network edge classifier of the HEP.TrkX / Exa.TrkX pipeline (arXiv:1810.06111,
// 2003.11603): node and edge encoders, `iterations` rounds of message passing with weights shared
// between rounds,
//   e ← e + edgeMlp([h_src, h_dst, e]),   h ← h + nodeMlp([h, Σ_incoming e, Σ_outgoing e]),
// then an edge classifier MLP on [h_src, h_dst, e] giving one logit per edge. Every MLP is
// Linear → LayerNorm → ReLU → Linear → LayerNorm → ReLU (the classifier ends in a bare Linear).
// Forward and backward are written out layer by layer (gnn_layers.h); parameters and gradients
// are one flat vector each, laid out by parameterLayout(), which a CUDA twin would share.
// Deterministic: the same inputs give the same bits on any machine with the same build.

#include "sciperf/engine/gnn_layers.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace sciperf::gnn {

struct ModelConfig {
    int nodeFeatures = 3; // r, φ, z, scaled (gnn_graph.h)
    int edgeFeatures = 4;
    int hidden = 16;
    int iterations = 3;
};

// A graph as the model reads it: row-major features, edges as (source, target) node indices.
template <class T> struct GraphView {
    std::size_t nodes = 0;
    std::size_t edges = 0;
    std::span<const T> nodeFeatures; // nodes × ModelConfig::nodeFeatures
    std::span<const T> edgeFeatures; // edges × ModelConfig::edgeFeatures
    std::span<const std::int32_t> source, target;
    std::span<const std::uint8_t> labels; // 1: a true segment; may be empty for inference
};

// One parameter tensor's place in the flat vector.
struct ParameterSlice {
    std::string name; // e.g. "edge_mlp.linear1.weight"
    std::size_t offset = 0;
    std::size_t size = 0;
};

template <class T> class InteractionNetwork {
public:
    explicit InteractionNetwork(ModelConfig config);

    const ModelConfig& config() const { return m_config; }
    std::size_t parameterCount() const { return m_parameterCount; }
    const std::vector<ParameterSlice>& parameterLayout() const { return m_layout; }

    // Glorot-uniform weights from `seed`, zero biases, unit LayerNorm gains.
    void initialize(std::span<T> parameters, std::uint64_t seed) const;
    // One logit per edge.
    void forward(const GraphView<T>& graph, std::span<const T> parameters, std::vector<T>& logits) const;
    // The mean binary cross-entropy over the graph's edges (bceWithLogits); its gradient with
    // respect to the parameters is added to `gradients`.
    T lossAndGradient(const GraphView<T>& graph, std::span<const T> parameters, T positiveWeight,
                      std::span<T> gradients) const;

    struct Dense {
        std::size_t in = 0, out = 0, weight = 0, bias = 0;
    };
    struct Norm {
        std::size_t dim = 0, gain = 0, bias = 0;
    };
    struct Mlp {
        Dense linear1;
        Norm norm1;
        Dense linear2;
        Norm norm2;
    };

    // The layers' places in the parameter vector, which the passes (gnn_model_sequence.h, shared
    // with the CUDA twin gnn_gpu.h) read.
    struct Layers {
        Mlp nodeEncoder, edgeEncoder, edgeMlp, nodeMlp;
        Dense classifier1;
        Norm classifierNorm;
        Dense classifier2;
    };
    const Layers& layers() const { return m_layers; }

private:
    ModelConfig m_config;
    Layers m_layers;
    std::vector<ParameterSlice> m_layout;
    std::size_t m_parameterCount = 0;
};

extern template class InteractionNetwork<float>;
extern template class InteractionNetwork<double>;

} // namespace sciperf::gnn
