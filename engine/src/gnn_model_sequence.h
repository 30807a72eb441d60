#pragma once
// The Interaction Network's forward and backward passes (gnn_model.h), written once over a backend
// of layer operations, so that the CPU model (gnn_model.cpp, CpuLayerOps below) and its CUDA twin
// (gnn_gpu.cpp) run the same sequence. A backend `Ops` provides:
//   Value, Buffer (owned storage), View / ConstView (what a Buffer converts to), Index, Labels,
//   Graph (nodes, edges, nodeFeatures, edgeFeatures, source, target, labels as GraphView<T> has);
//   resize(Buffer&, n) (contents unspecified), zeros(Buffer&, n), copy(Buffer&, ConstView),
//   add(View y, ConstView x) (y += x), param(offset, size) -> ConstView and grad(offset, size) ->
//   View into the flat parameter and gradient vectors, and the layers of gnn_layers.h with the
//   same arguments (spans replaced by views).

#include "sciperf/engine/gnn_model.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace sciperf::gnn::sequence {

template <class Ops> struct MlpCache {
    typename Ops::ConstView x; // the input, owned by the caller
    std::size_t rows = 0;
    typename Ops::Buffer z1, h1, mean1, rstd1, z2, y, mean2, rstd2;
};

template <class Ops> struct Pass {
    using Buffer = typename Ops::Buffer;
    MlpCache<Ops> nodeEncoder, edgeEncoder;
    std::vector<Buffer> h, e; // per iteration, iterations + 1 of each
    std::vector<Buffer> edgeIn, nodeIn;
    std::vector<MlpCache<Ops>> edgeMlp, nodeMlp;
    Buffer classIn, classZ, classH, classMean, classRstd, logits;
};

template <class Ops> using Network = InteractionNetwork<typename Ops::Value>;
template <class Ops> using Dense = typename Network<Ops>::Dense;
template <class Ops> using Norm = typename Network<Ops>::Norm;
template <class Ops> using Mlp = typename Network<Ops>::Mlp;

template <class Ops>
void denseForward(Ops& ops, const Dense<Ops>& d, typename Ops::ConstView x, std::size_t rows,
                  typename Ops::Buffer& y) {
    ops.resize(y, rows * d.out);
    ops.linearForward(x, rows, d.in, ops.param(d.weight, d.in * d.out), ops.param(d.bias, d.out), d.out, y);
}

template <class Ops>
void denseBackward(Ops& ops, const Dense<Ops>& d, typename Ops::ConstView x, std::size_t rows,
                   typename Ops::ConstView dy, typename Ops::View dx) {
    ops.linearBackward(x, rows, d.in, ops.param(d.weight, d.in * d.out), d.out, dy,
                       ops.grad(d.weight, d.in * d.out), ops.grad(d.bias, d.out), dx);
}

// LayerNorm then ReLU, in place on `y` (which holds the normalised, activated values after).
template <class Ops>
void normReluForward(Ops& ops, const Norm<Ops>& n, typename Ops::ConstView z, std::size_t rows,
                     typename Ops::Buffer& y, typename Ops::Buffer& mean, typename Ops::Buffer& rstd) {
    ops.resize(y, rows * n.dim);
    ops.resize(mean, rows);
    ops.resize(rstd, rows);
    ops.layerNormForward(z, rows, n.dim, ops.param(n.gain, n.dim), ops.param(n.bias, n.dim), y, mean, rstd);
    ops.reluForward(y, y);
}

// dy (the gradient at the ReLU's output) becomes the gradient at the LayerNorm's input, in `dz`.
template <class Ops>
void normReluBackward(Ops& ops, const Norm<Ops>& n, typename Ops::ConstView z, std::size_t rows,
                      typename Ops::ConstView y, typename Ops::ConstView mean, typename Ops::ConstView rstd,
                      typename Ops::Buffer& dy, typename Ops::Buffer& dz) {
    ops.reluBackward(y, dy, dy);
    ops.resize(dz, rows * n.dim);
    ops.layerNormBackward(z, rows, n.dim, ops.param(n.gain, n.dim), mean, rstd, dy, ops.grad(n.gain, n.dim),
                          ops.grad(n.bias, n.dim), dz);
}

template <class Ops>
void mlpForward(Ops& ops, const Mlp<Ops>& m, typename Ops::ConstView x, std::size_t rows, MlpCache<Ops>& c) {
    c.x = x;
    c.rows = rows;
    denseForward(ops, m.linear1, x, rows, c.z1);
    normReluForward(ops, m.norm1, c.z1, rows, c.h1, c.mean1, c.rstd1);
    denseForward(ops, m.linear2, c.h1, rows, c.z2);
    normReluForward(ops, m.norm2, c.z2, rows, c.y, c.mean2, c.rstd2);
}

// `dy` (rows × out) is consumed; dx (rows × in) may be empty.
template <class Ops>
void mlpBackward(Ops& ops, const Mlp<Ops>& m, const MlpCache<Ops>& c, typename Ops::Buffer& dy,
                 typename Ops::View dx) {
    typename Ops::Buffer dz, dh;
    normReluBackward(ops, m.norm2, c.z2, c.rows, c.y, c.mean2, c.rstd2, dy, dz);
    ops.resize(dh, c.rows * m.linear2.in);
    denseBackward(ops, m.linear2, c.h1, c.rows, dz, dh);
    normReluBackward(ops, m.norm1, c.z1, c.rows, c.h1, c.mean1, c.rstd1, dh, dz);
    denseBackward(ops, m.linear1, c.x, c.rows, dz, dx);
}

// [a[src], b[dst], e] for every edge: the input of the edge MLP and of the classifier.
template <class Ops>
void edgeInput(Ops& ops, const typename Ops::Graph& graph, typename Ops::ConstView h,
               typename Ops::ConstView e, std::size_t hidden, typename Ops::Buffer& out) {
    const std::size_t cols = 3 * hidden;
    ops.resize(out, graph.edges * cols);
    ops.gatherRows(h, hidden, graph.source, out, cols, 0);
    ops.gatherRows(h, hidden, graph.target, out, cols, hidden);
    ops.copyColumns(e, graph.edges, hidden, out, cols, 2 * hidden);
}

// The gradient of edgeInput: into dh (scatter-add) and de (added).
template <class Ops>
void edgeInputBackward(Ops& ops, const typename Ops::Graph& graph, typename Ops::ConstView dIn,
                       std::size_t hidden, typename Ops::View dh, typename Ops::View de) {
    const std::size_t cols = 3 * hidden;
    ops.scatterAddRows(dIn, cols, 0, graph.source, dh, hidden);
    ops.scatterAddRows(dIn, cols, hidden, graph.target, dh, hidden);
    ops.columnsBackward(dIn, graph.edges, cols, 2 * hidden, hidden, de, true);
}

// The forward pass: pass.logits holds one logit per edge after.
template <class Ops>
void forward(Ops& ops, const Network<Ops>& model, const typename Ops::Graph& graph, Pass<Ops>& pass) {
    const auto& layers = model.layers();
    const auto hidden = static_cast<std::size_t>(model.config().hidden);
    const auto iterations = static_cast<std::size_t>(model.config().iterations);
    const std::size_t n = graph.nodes, e = graph.edges;
    mlpForward(ops, layers.nodeEncoder, graph.nodeFeatures, n, pass.nodeEncoder);
    mlpForward(ops, layers.edgeEncoder, graph.edgeFeatures, e, pass.edgeEncoder);
    // Fresh buffers (resize: a device buffer cannot be copied).
    pass.h.clear();
    pass.e.clear();
    pass.edgeIn.clear();
    pass.nodeIn.clear();
    pass.edgeMlp.clear();
    pass.nodeMlp.clear();
    pass.h.resize(iterations + 1);
    pass.e.resize(iterations + 1);
    pass.edgeIn.resize(iterations);
    pass.nodeIn.resize(iterations);
    pass.edgeMlp.resize(iterations);
    pass.nodeMlp.resize(iterations);
    ops.copy(pass.h[0], pass.nodeEncoder.y);
    ops.copy(pass.e[0], pass.edgeEncoder.y);
    typename Ops::Buffer aggregate;
    ops.resize(aggregate, n * hidden);
    for (std::size_t k = 0; k < iterations; ++k) {
        edgeInput(ops, graph, pass.h[k], pass.e[k], hidden, pass.edgeIn[k]);
        mlpForward(ops, layers.edgeMlp, pass.edgeIn[k], e, pass.edgeMlp[k]);
        ops.copy(pass.e[k + 1], pass.e[k]);
        ops.add(pass.e[k + 1], pass.edgeMlp[k].y);
        // [h, Σ over edges into the node, Σ over edges out of it].
        auto& in = pass.nodeIn[k];
        ops.resize(in, n * 3 * hidden);
        ops.copyColumns(pass.h[k], n, hidden, in, 3 * hidden, 0);
        ops.zeros(aggregate, n * hidden);
        ops.scatterAddRows(pass.e[k + 1], hidden, 0, graph.target, aggregate, hidden);
        ops.copyColumns(aggregate, n, hidden, in, 3 * hidden, hidden);
        ops.zeros(aggregate, n * hidden);
        ops.scatterAddRows(pass.e[k + 1], hidden, 0, graph.source, aggregate, hidden);
        ops.copyColumns(aggregate, n, hidden, in, 3 * hidden, 2 * hidden);
        mlpForward(ops, layers.nodeMlp, in, n, pass.nodeMlp[k]);
        ops.copy(pass.h[k + 1], pass.h[k]);
        ops.add(pass.h[k + 1], pass.nodeMlp[k].y);
    }
    edgeInput(ops, graph, pass.h[iterations], pass.e[iterations], hidden, pass.classIn);
    denseForward(ops, layers.classifier1, pass.classIn, e, pass.classZ);
    normReluForward(ops, layers.classifierNorm, pass.classZ, e, pass.classH, pass.classMean, pass.classRstd);
    denseForward(ops, layers.classifier2, pass.classH, e, pass.logits);
}

// The forward pass (into `pass`), the loss (bceWithLogits) and its gradient, added to ops.grad().
template <class Ops>
typename Ops::Value lossAndGradient(Ops& ops, const Network<Ops>& model, const typename Ops::Graph& graph,
                                    typename Ops::Value positiveWeight, Pass<Ops>& pass) {
    using Buffer = typename Ops::Buffer;
    const auto& layers = model.layers();
    const auto hidden = static_cast<std::size_t>(model.config().hidden);
    const auto iterations = static_cast<std::size_t>(model.config().iterations);
    const std::size_t n = graph.nodes, e = graph.edges;
    forward(ops, model, graph, pass);
    Buffer dLogits;
    ops.resize(dLogits, e);
    const auto loss = ops.bceWithLogits(pass.logits, graph.labels, positiveWeight, dLogits);

    // Classifier.
    Buffer dClassH, dClassZ, dClassIn;
    ops.resize(dClassH, e * hidden);
    ops.resize(dClassIn, e * 3 * hidden);
    denseBackward(ops, layers.classifier2, pass.classH, e, dLogits, dClassH);
    normReluBackward(ops, layers.classifierNorm, pass.classZ, e, pass.classH, pass.classMean, pass.classRstd,
                     dClassH, dClassZ);
    denseBackward(ops, layers.classifier1, pass.classIn, e, dClassZ, dClassIn);
    Buffer dh, de;
    ops.zeros(dh, n * hidden);
    ops.zeros(de, e * hidden);
    edgeInputBackward(ops, graph, dClassIn, hidden, dh, de);

    // Message passing, last round first.
    Buffer dy, dNodeIn, dEdgeIn, dAggregate, gathered;
    ops.resize(dNodeIn, n * 3 * hidden);
    ops.resize(dEdgeIn, e * 3 * hidden);
    ops.resize(dAggregate, n * hidden);
    ops.resize(gathered, e * hidden);
    for (std::size_t k = iterations; k-- > 0;) {
        // h[k + 1] = h[k] + nodeMlp([h[k], Σ_in e[k + 1], Σ_out e[k + 1]]).
        ops.copy(dy, dh);
        mlpBackward(ops, layers.nodeMlp, pass.nodeMlp[k], dy, dNodeIn);
        ops.columnsBackward(dNodeIn, n, 3 * hidden, 0, hidden, dh, true);
        // The sums' gradient goes back to every edge they summed (a gather).
        for (const auto& [offset, index] :
             {std::pair{hidden, graph.target}, std::pair{2 * hidden, graph.source}}) {
            ops.columnsBackward(dNodeIn, n, 3 * hidden, offset, hidden, dAggregate, false);
            ops.gatherRows(dAggregate, hidden, index, gathered, hidden, 0);
            ops.add(de, gathered);
        }
        // e[k + 1] = e[k] + edgeMlp([h[k][src], h[k][dst], e[k]]).
        ops.copy(dy, de);
        mlpBackward(ops, layers.edgeMlp, pass.edgeMlp[k], dy, dEdgeIn);
        edgeInputBackward(ops, graph, dEdgeIn, hidden, dh, de);
    }
    mlpBackward(ops, layers.nodeEncoder, pass.nodeEncoder, dh, {});
    mlpBackward(ops, layers.edgeEncoder, pass.edgeEncoder, de, {});
    return loss;
}

// The CPU backend: the functions of gnn_layers.h on host vectors.
template <class T> class CpuLayerOps {
public:
    using Value = T;
    using Buffer = std::vector<T>;
    using View = std::span<T>;
    using ConstView = std::span<const T>;
    using Index = std::span<const std::int32_t>;
    using Labels = std::span<const std::uint8_t>;
    using Graph = GraphView<T>;

    CpuLayerOps(std::span<const T> parameters, std::span<T> gradients)
        : m_parameters(parameters)
        , m_gradients(gradients) {}

    ConstView param(std::size_t offset, std::size_t size) const { return m_parameters.subspan(offset, size); }
    View grad(std::size_t offset, std::size_t size) const { return m_gradients.subspan(offset, size); }
    void resize(Buffer& b, std::size_t n) const { b.resize(n); }
    void zeros(Buffer& b, std::size_t n) const { b.assign(n, T(0)); }
    void copy(Buffer& to, ConstView from) const { to.assign(from.begin(), from.end()); }
    void add(View y, ConstView x) const {
        for (std::size_t i = 0; i < y.size(); ++i)
            y[i] += x[i];
    }

    void linearForward(ConstView x, std::size_t rows, std::size_t in, ConstView weight, ConstView bias,
                       std::size_t out, View y) const {
        gnn::linearForward<T>(x, rows, in, weight, bias, out, y);
    }
    void linearBackward(ConstView x, std::size_t rows, std::size_t in, ConstView weight, std::size_t out,
                        ConstView dy, View dWeight, View dBias, View dx) const {
        gnn::linearBackward<T>(x, rows, in, weight, out, dy, dWeight, dBias, dx);
    }
    void reluForward(ConstView x, View y) const { gnn::reluForward<T>(x, y); }
    void reluBackward(ConstView y, ConstView dy, View dx) const { gnn::reluBackward<T>(y, dy, dx); }
    void layerNormForward(ConstView x, std::size_t rows, std::size_t dim, ConstView gain, ConstView bias,
                          View y, View mean, View rstd) const {
        gnn::layerNormForward<T>(x, rows, dim, gain, bias, y, mean, rstd);
    }
    void layerNormBackward(ConstView x, std::size_t rows, std::size_t dim, ConstView gain, ConstView mean,
                           ConstView rstd, ConstView dy, View dGain, View dBias, View dx) const {
        gnn::layerNormBackward<T>(x, rows, dim, gain, mean, rstd, dy, dGain, dBias, dx);
    }
    void gatherRows(ConstView source, std::size_t cols, Index index, View out, std::size_t outCols,
                    std::size_t offset) const {
        gnn::gatherRows<T>(source, cols, index, out, outCols, offset);
    }
    void scatterAddRows(ConstView in, std::size_t inCols, std::size_t offset, Index index, View dSource,
                        std::size_t cols) const {
        gnn::scatterAddRows<T>(in, inCols, offset, index, dSource, cols);
    }
    void copyColumns(ConstView x, std::size_t rows, std::size_t cols, View out, std::size_t outCols,
                     std::size_t offset) const {
        gnn::copyColumns<T>(x, rows, cols, out, outCols, offset);
    }
    void columnsBackward(ConstView dOut, std::size_t rows, std::size_t outCols, std::size_t offset,
                         std::size_t cols, View dx, bool accumulate) const {
        gnn::columnsBackward<T>(dOut, rows, outCols, offset, cols, dx, accumulate);
    }
    T bceWithLogits(ConstView logits, Labels labels, T positiveWeight, View dLogits) const {
        return gnn::bceWithLogits<T>(logits, labels, positiveWeight, dLogits);
    }

private:
    std::span<const T> m_parameters;
    std::span<T> m_gradients;
};

} // namespace sciperf::gnn::sequence
