#include "sciperf/engine/gnn_model.h"

#include "gnn_internal.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sciperf::gnn {
namespace {

template <class T> std::span<const T> slice(std::span<const T> p, std::size_t offset, std::size_t size) {
    return p.subspan(offset, size);
}

template <class T> struct MlpCache {
    std::span<const T> x; // the input, owned by the caller
    std::size_t rows = 0;
    std::vector<T> z1, h1, mean1, rstd1, z2, y, mean2, rstd2;
};

template <class T> using Mlp = typename InteractionNetwork<T>::Mlp;
template <class T> using Dense = typename InteractionNetwork<T>::Dense;
template <class T> using Norm = typename InteractionNetwork<T>::Norm;

template <class T>
void denseForward(const Dense<T>& d, std::span<const T> p, std::span<const T> x, std::size_t rows,
                  std::vector<T>& y) {
    y.resize(rows * d.out);
    linearForward<T>(x, rows, d.in, slice(p, d.weight, d.in * d.out), slice(p, d.bias, d.out), d.out, y);
}

template <class T>
void denseBackward(const Dense<T>& d, std::span<const T> p, std::span<const T> x, std::size_t rows,
                   std::span<const T> dy, std::span<T> g, std::span<T> dx) {
    linearBackward<T>(x, rows, d.in, slice(p, d.weight, d.in * d.out), d.out, dy,
                      g.subspan(d.weight, d.in * d.out), g.subspan(d.bias, d.out), dx);
}

// LayerNorm then ReLU, in place on `y` (which holds the normalised, activated values after).
template <class T>
void normReluForward(const Norm<T>& n, std::span<const T> p, const std::vector<T>& z, std::size_t rows,
                     std::vector<T>& y, std::vector<T>& mean, std::vector<T>& rstd) {
    y.resize(rows * n.dim);
    mean.resize(rows);
    rstd.resize(rows);
    layerNormForward<T>(z, rows, n.dim, slice(p, n.gain, n.dim), slice(p, n.bias, n.dim), y, mean, rstd);
    reluForward<T>(y, y);
}

// dy (the gradient at the ReLU's output) becomes the gradient at the LayerNorm's input, in `dz`.
template <class T>
void normReluBackward(const Norm<T>& n, std::span<const T> p, const std::vector<T>& z, std::size_t rows,
                      const std::vector<T>& y, const std::vector<T>& mean, const std::vector<T>& rstd,
                      std::vector<T>& dy, std::span<T> g, std::vector<T>& dz) {
    reluBackward<T>(y, dy, dy);
    dz.resize(rows * n.dim);
    layerNormBackward<T>(z, rows, n.dim, slice(p, n.gain, n.dim), mean, rstd, dy, g.subspan(n.gain, n.dim),
                         g.subspan(n.bias, n.dim), dz);
}

template <class T>
void mlpForward(const Mlp<T>& m, std::span<const T> p, std::span<const T> x, std::size_t rows,
                MlpCache<T>& c) {
    c.x = x;
    c.rows = rows;
    denseForward(m.linear1, p, x, rows, c.z1);
    normReluForward(m.norm1, p, c.z1, rows, c.h1, c.mean1, c.rstd1);
    denseForward<T>(m.linear2, p, c.h1, rows, c.z2);
    normReluForward(m.norm2, p, c.z2, rows, c.y, c.mean2, c.rstd2);
}

// `dy` (rows × out) is consumed; dx (rows × in) may be empty.
template <class T>
void mlpBackward(const Mlp<T>& m, std::span<const T> p, const MlpCache<T>& c, std::vector<T>& dy,
                 std::span<T> g, std::span<T> dx) {
    std::vector<T> dz, dh;
    normReluBackward(m.norm2, p, c.z2, c.rows, c.y, c.mean2, c.rstd2, dy, g, dz);
    dh.resize(c.rows * m.linear2.in);
    denseBackward<T>(m.linear2, p, c.h1, c.rows, dz, g, dh);
    normReluBackward(m.norm1, p, c.z1, c.rows, c.h1, c.mean1, c.rstd1, dh, g, dz);
    denseBackward<T>(m.linear1, p, c.x, c.rows, dz, g, dx);
}

// [a[src], b[dst], e] for every edge: the input of the edge MLP and of the classifier.
template <class T>
void edgeInput(const GraphView<T>& graph, std::span<const T> h, std::span<const T> e, std::size_t hidden,
               std::vector<T>& out) {
    const std::size_t cols = 3 * hidden;
    out.resize(graph.edges * cols);
    gatherRows<T>(h, hidden, graph.source, out, cols, 0);
    gatherRows<T>(h, hidden, graph.target, out, cols, hidden);
    copyColumns<T>(e, graph.edges, hidden, out, cols, 2 * hidden);
}

// The gradient of edgeInput: into dh (scatter-add) and de (added).
template <class T>
void edgeInputBackward(const GraphView<T>& graph, const std::vector<T>& dIn, std::size_t hidden,
                       std::vector<T>& dh, std::vector<T>& de) {
    const std::size_t cols = 3 * hidden;
    scatterAddRows<T>(dIn, cols, 0, graph.source, dh, hidden);
    scatterAddRows<T>(dIn, cols, hidden, graph.target, dh, hidden);
    columnsBackward<T>(dIn, graph.edges, cols, 2 * hidden, hidden, de, true);
}

} // namespace

template <class T> struct InteractionNetwork<T>::Pass {
    MlpCache<T> nodeEncoder, edgeEncoder;
    std::vector<std::vector<T>> h, e; // per iteration, iterations + 1 of each
    std::vector<std::vector<T>> edgeIn, nodeIn;
    std::vector<MlpCache<T>> edgeMlp, nodeMlp;
    std::vector<T> classIn, classZ, classH, classMean, classRstd, logits;
};

template <class T>
InteractionNetwork<T>::InteractionNetwork(ModelConfig config)
    : m_config(config) {
    const auto h = static_cast<std::size_t>(config.hidden);
    const auto add = [&](const std::string& name, std::size_t size) {
        m_layout.push_back({name, m_parameterCount, size});
        m_parameterCount += size;
        return m_layout.back().offset;
    };
    const auto dense = [&](const std::string& name, std::size_t in, std::size_t out) {
        Dense d;
        d.in = in;
        d.out = out;
        d.weight = add(name + ".weight", in * out);
        d.bias = add(name + ".bias", out);
        return d;
    };
    const auto norm = [&](const std::string& name, std::size_t dim) {
        Norm n;
        n.dim = dim;
        n.gain = add(name + ".gain", dim);
        n.bias = add(name + ".bias", dim);
        return n;
    };
    const auto mlp = [&](const std::string& name, std::size_t in) {
        Mlp m;
        m.linear1 = dense(name + ".linear1", in, h);
        m.norm1 = norm(name + ".norm1", h);
        m.linear2 = dense(name + ".linear2", h, h);
        m.norm2 = norm(name + ".norm2", h);
        return m;
    };
    m_nodeEncoder = mlp("node_encoder", static_cast<std::size_t>(config.nodeFeatures));
    m_edgeEncoder = mlp("edge_encoder", static_cast<std::size_t>(config.edgeFeatures));
    m_edgeMlp = mlp("edge_mlp", 3 * h);
    m_nodeMlp = mlp("node_mlp", 3 * h);
    m_classifier1 = dense("classifier.linear1", 3 * h, h);
    m_classifierNorm = norm("classifier.norm1", h);
    m_classifier2 = dense("classifier.linear2", h, 1);
}

template <class T> void InteractionNetwork<T>::initialize(std::span<T> parameters, std::uint64_t seed) const {
    assert(parameters.size() == m_parameterCount);
    SplitMix random(seed ^ 0x5c1e9f6a3b7d2e41ULL);
    std::fill(parameters.begin(), parameters.end(), T(0));
    const auto glorot = [&](const Dense& d) {
        const double limit = std::sqrt(6.0 / static_cast<double>(d.in + d.out));
        for (std::size_t i = 0; i < d.in * d.out; ++i)
            parameters[d.weight + i] = static_cast<T>((2 * random.uniform() - 1) * limit);
    };
    const auto unitGain = [&](const Norm& n) {
        std::fill_n(parameters.begin() + n.gain, n.dim, T(1));
    };
    for (const Mlp* m : {&m_nodeEncoder, &m_edgeEncoder, &m_edgeMlp, &m_nodeMlp}) {
        glorot(m->linear1);
        unitGain(m->norm1);
        glorot(m->linear2);
        unitGain(m->norm2);
    }
    glorot(m_classifier1);
    unitGain(m_classifierNorm);
    glorot(m_classifier2);
}

template <class T>
void InteractionNetwork<T>::run(const GraphView<T>& graph, std::span<const T> p, Pass& pass) const {
    const auto hidden = static_cast<std::size_t>(m_config.hidden);
    const auto iterations = static_cast<std::size_t>(m_config.iterations);
    const std::size_t n = graph.nodes, e = graph.edges;
    mlpForward(m_nodeEncoder, p, graph.nodeFeatures, n, pass.nodeEncoder);
    mlpForward(m_edgeEncoder, p, graph.edgeFeatures, e, pass.edgeEncoder);
    pass.h.assign(iterations + 1, {});
    pass.e.assign(iterations + 1, {});
    pass.edgeIn.assign(iterations, {});
    pass.nodeIn.assign(iterations, {});
    pass.edgeMlp.assign(iterations, {});
    pass.nodeMlp.assign(iterations, {});
    pass.h[0] = pass.nodeEncoder.y;
    pass.e[0] = pass.edgeEncoder.y;
    std::vector<T> aggregate(n * hidden);
    for (std::size_t k = 0; k < iterations; ++k) {
        edgeInput<T>(graph, pass.h[k], pass.e[k], hidden, pass.edgeIn[k]);
        mlpForward<T>(m_edgeMlp, p, pass.edgeIn[k], e, pass.edgeMlp[k]);
        pass.e[k + 1] = pass.e[k];
        for (std::size_t i = 0; i < e * hidden; ++i)
            pass.e[k + 1][i] += pass.edgeMlp[k].y[i];
        // [h, Σ over edges into the node, Σ over edges out of it].
        std::vector<T>& in = pass.nodeIn[k];
        in.resize(n * 3 * hidden);
        copyColumns<T>(pass.h[k], n, hidden, in, 3 * hidden, 0);
        std::fill(aggregate.begin(), aggregate.end(), T(0));
        scatterAddRows<T>(pass.e[k + 1], hidden, 0, graph.target, aggregate, hidden);
        copyColumns<T>(aggregate, n, hidden, in, 3 * hidden, hidden);
        std::fill(aggregate.begin(), aggregate.end(), T(0));
        scatterAddRows<T>(pass.e[k + 1], hidden, 0, graph.source, aggregate, hidden);
        copyColumns<T>(aggregate, n, hidden, in, 3 * hidden, 2 * hidden);
        mlpForward<T>(m_nodeMlp, p, in, n, pass.nodeMlp[k]);
        pass.h[k + 1] = pass.h[k];
        for (std::size_t i = 0; i < n * hidden; ++i)
            pass.h[k + 1][i] += pass.nodeMlp[k].y[i];
    }
    edgeInput<T>(graph, pass.h[iterations], pass.e[iterations], hidden, pass.classIn);
    denseForward<T>(m_classifier1, p, pass.classIn, e, pass.classZ);
    normReluForward(m_classifierNorm, p, pass.classZ, e, pass.classH, pass.classMean, pass.classRstd);
    denseForward<T>(m_classifier2, p, pass.classH, e, pass.logits);
}

template <class T>
void InteractionNetwork<T>::forward(const GraphView<T>& graph, std::span<const T> parameters,
                                    std::vector<T>& logits) const {
    Pass pass;
    run(graph, parameters, pass);
    logits = std::move(pass.logits);
}

template <class T>
T InteractionNetwork<T>::lossAndGradient(const GraphView<T>& graph, std::span<const T> p, T positiveWeight,
                                         std::span<T> g) const {
    assert(g.size() == m_parameterCount && graph.labels.size() == graph.edges);
    const auto hidden = static_cast<std::size_t>(m_config.hidden);
    const auto iterations = static_cast<std::size_t>(m_config.iterations);
    const std::size_t n = graph.nodes, e = graph.edges;
    Pass pass;
    run(graph, p, pass);
    std::vector<T> dLogits(e);
    const T loss = bceWithLogits<T>(pass.logits, graph.labels, positiveWeight, dLogits);

    // Classifier.
    std::vector<T> dClassH(e * hidden), dClassZ, dClassIn(e * 3 * hidden);
    denseBackward<T>(m_classifier2, p, pass.classH, e, dLogits, g, dClassH);
    normReluBackward(m_classifierNorm, p, pass.classZ, e, pass.classH, pass.classMean, pass.classRstd,
                     dClassH, g, dClassZ);
    denseBackward<T>(m_classifier1, p, pass.classIn, e, dClassZ, g, dClassIn);
    std::vector<T> dh(n * hidden, T(0)), de(e * hidden, T(0));
    edgeInputBackward<T>(graph, dClassIn, hidden, dh, de);

    // Message passing, last round first.
    std::vector<T> dy, dNodeIn(n * 3 * hidden), dEdgeIn(e * 3 * hidden), dAggregate(n * hidden),
        gathered(e * hidden);
    for (std::size_t k = iterations; k-- > 0;) {
        // h[k + 1] = h[k] + nodeMlp([h[k], Σ_in e[k + 1], Σ_out e[k + 1]]).
        dy = dh;
        mlpBackward<T>(m_nodeMlp, p, pass.nodeMlp[k], dy, g, dNodeIn);
        columnsBackward<T>(dNodeIn, n, 3 * hidden, 0, hidden, dh, true);
        // The sums' gradient goes back to every edge they summed (a gather).
        for (const auto& [offset, index] :
             {std::pair{hidden, graph.target}, std::pair{2 * hidden, graph.source}}) {
            columnsBackward<T>(dNodeIn, n, 3 * hidden, offset, hidden, dAggregate, false);
            gatherRows<T>(dAggregate, hidden, index, gathered, hidden, 0);
            for (std::size_t i = 0; i < e * hidden; ++i)
                de[i] += gathered[i];
        }
        // e[k + 1] = e[k] + edgeMlp([h[k][src], h[k][dst], e[k]]).
        dy = de;
        mlpBackward<T>(m_edgeMlp, p, pass.edgeMlp[k], dy, g, dEdgeIn);
        edgeInputBackward<T>(graph, dEdgeIn, hidden, dh, de);
    }
    mlpBackward<T>(m_nodeEncoder, p, pass.nodeEncoder, dh, g, {});
    mlpBackward<T>(m_edgeEncoder, p, pass.edgeEncoder, de, g, {});
    return loss;
}

template class InteractionNetwork<float>;
template class InteractionNetwork<double>;

} // namespace sciperf::gnn
