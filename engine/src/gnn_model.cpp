#include "sciperf/engine/gnn_model.h"

#include "gnn_internal.h"
#include "gnn_model_sequence.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace sciperf::gnn {

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
    m_layers.nodeEncoder = mlp("node_encoder", static_cast<std::size_t>(config.nodeFeatures));
    m_layers.edgeEncoder = mlp("edge_encoder", static_cast<std::size_t>(config.edgeFeatures));
    m_layers.edgeMlp = mlp("edge_mlp", 3 * h);
    m_layers.nodeMlp = mlp("node_mlp", 3 * h);
    m_layers.classifier1 = dense("classifier.linear1", 3 * h, h);
    m_layers.classifierNorm = norm("classifier.norm1", h);
    m_layers.classifier2 = dense("classifier.linear2", h, 1);
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
    for (const Mlp* m :
         {&m_layers.nodeEncoder, &m_layers.edgeEncoder, &m_layers.edgeMlp, &m_layers.nodeMlp}) {
        glorot(m->linear1);
        unitGain(m->norm1);
        glorot(m->linear2);
        unitGain(m->norm2);
    }
    glorot(m_layers.classifier1);
    unitGain(m_layers.classifierNorm);
    glorot(m_layers.classifier2);
}

template <class T>
void InteractionNetwork<T>::forward(const GraphView<T>& graph, std::span<const T> parameters,
                                    std::vector<T>& logits) const {
    sequence::CpuLayerOps<T> ops(parameters, {});
    sequence::Pass<sequence::CpuLayerOps<T>> pass;
    sequence::forward(ops, *this, graph, pass);
    logits = std::move(pass.logits);
}

template <class T>
T InteractionNetwork<T>::lossAndGradient(const GraphView<T>& graph, std::span<const T> p, T positiveWeight,
                                         std::span<T> g) const {
    assert(g.size() == m_parameterCount && graph.labels.size() == graph.edges);
    sequence::CpuLayerOps<T> ops(p, g);
    sequence::Pass<sequence::CpuLayerOps<T>> pass;
    return sequence::lossAndGradient(ops, *this, graph, positiveWeight, pass);
}

template class InteractionNetwork<float>;
template class InteractionNetwork<double>;

} // namespace sciperf::gnn
