#include "sciperf/engine/gnn_layers.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#ifdef SCIPERF_HAVE_EIGEN
#include <Eigen/Core>
#endif

namespace sciperf::gnn {
namespace {

#ifdef SCIPERF_HAVE_EIGEN
template <class T> using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
template <class T> using ConstMatrixMap = Eigen::Map<const RowMatrix<T>>;
template <class T> using MatrixMap = Eigen::Map<RowMatrix<T>>;
template <class T> using ConstRowMap = Eigen::Map<const Eigen::Matrix<T, 1, Eigen::Dynamic>>;
template <class T> using RowMap = Eigen::Map<Eigen::Matrix<T, 1, Eigen::Dynamic>>;

template <class T> ConstMatrixMap<T> matrix(std::span<const T> data, std::size_t rows, std::size_t cols) {
    assert(data.size() >= rows * cols);
    return ConstMatrixMap<T>(data.data(), static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
}

template <class T> MatrixMap<T> matrix(std::span<T> data, std::size_t rows, std::size_t cols) {
    assert(data.size() >= rows * cols);
    return MatrixMap<T>(data.data(), static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(cols));
}
#endif

// log(1 + e^x) without overflow.
template <class T> T softplus(T x) {
    return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
}

template <class T> T sigmoid(T x) {
    if (x >= 0)
        return T(1) / (T(1) + std::exp(-x));
    const T e = std::exp(x);
    return e / (T(1) + e);
}

} // namespace

#ifdef SCIPERF_HAVE_EIGEN
template <class T>
void linearForward(std::span<const T> x, std::size_t rows, std::size_t in, std::span<const T> weight,
                   std::span<const T> bias, std::size_t out, std::span<T> y) {
    auto Y = matrix(y, rows, out);
    Y.noalias() = matrix(x, rows, in) * matrix(weight, in, out);
    Y.rowwise() += ConstRowMap<T>(bias.data(), static_cast<Eigen::Index>(out));
}

template <class T>
void linearBackward(std::span<const T> x, std::size_t rows, std::size_t in, std::span<const T> weight,
                    std::size_t out, std::span<const T> dy, std::span<T> dWeight, std::span<T> dBias,
                    std::span<T> dx) {
    const auto dY = matrix(dy, rows, out);
    matrix(dWeight, in, out).noalias() += matrix(x, rows, in).transpose() * dY;
    RowMap<T>(dBias.data(), static_cast<Eigen::Index>(out)) += dY.colwise().sum();
    if (!dx.empty())
        matrix(dx, rows, in).noalias() = dY * matrix(weight, in, out).transpose();
}
#else
// Without Eigen (a machine without libeigen3-dev, such as a bare GPU node): the same products as
// plain loops, slower but equal up to rounding.
template <class T>
void linearForward(std::span<const T> x, std::size_t rows, std::size_t in, std::span<const T> weight,
                   std::span<const T> bias, std::size_t out, std::span<T> y) {
    for (std::size_t r = 0; r < rows; ++r) {
        T* yr = y.data() + r * out;
        std::copy(bias.begin(), bias.begin() + static_cast<std::ptrdiff_t>(out), yr);
        for (std::size_t k = 0; k < in; ++k) {
            const T xk = x[r * in + k];
            const T* wk = weight.data() + k * out;
            for (std::size_t j = 0; j < out; ++j)
                yr[j] += xk * wk[j];
        }
    }
}

template <class T>
void linearBackward(std::span<const T> x, std::size_t rows, std::size_t in, std::span<const T> weight,
                    std::size_t out, std::span<const T> dy, std::span<T> dWeight, std::span<T> dBias,
                    std::span<T> dx) {
    for (std::size_t r = 0; r < rows; ++r) {
        const T* dyr = dy.data() + r * out;
        for (std::size_t j = 0; j < out; ++j)
            dBias[j] += dyr[j];
        for (std::size_t k = 0; k < in; ++k) {
            const T xk = x[r * in + k];
            T* dwk = dWeight.data() + k * out;
            T sum = 0;
            for (std::size_t j = 0; j < out; ++j) {
                dwk[j] += xk * dyr[j];
                sum += dyr[j] * weight[k * out + j];
            }
            if (!dx.empty())
                dx[r * in + k] = sum;
        }
    }
}
#endif

template <class T> void reluForward(std::span<const T> x, std::span<T> y) {
    for (std::size_t i = 0; i < x.size(); ++i)
        y[i] = std::max(x[i], T(0));
}

template <class T> void reluBackward(std::span<const T> y, std::span<const T> dy, std::span<T> dx) {
    for (std::size_t i = 0; i < y.size(); ++i)
        dx[i] = y[i] > 0 ? dy[i] : T(0);
}

template <class T> void tanhForward(std::span<const T> x, std::span<T> y) {
    for (std::size_t i = 0; i < x.size(); ++i)
        y[i] = std::tanh(x[i]);
}

template <class T> void tanhBackward(std::span<const T> y, std::span<const T> dy, std::span<T> dx) {
    for (std::size_t i = 0; i < y.size(); ++i)
        dx[i] = dy[i] * (T(1) - y[i] * y[i]);
}

template <class T>
void layerNormForward(std::span<const T> x, std::size_t rows, std::size_t dim, std::span<const T> gain,
                      std::span<const T> bias, std::span<T> y, std::span<T> mean, std::span<T> rstd) {
    const T n = static_cast<T>(dim);
    for (std::size_t r = 0; r < rows; ++r) {
        const T* xr = x.data() + r * dim;
        T* yr = y.data() + r * dim;
        T sum = 0;
        for (std::size_t j = 0; j < dim; ++j)
            sum += xr[j];
        const T mu = sum / n;
        T squares = 0;
        for (std::size_t j = 0; j < dim; ++j)
            squares += (xr[j] - mu) * (xr[j] - mu);
        const T s = T(1) / std::sqrt(squares / n + static_cast<T>(kLayerNormEpsilon));
        mean[r] = mu;
        rstd[r] = s;
        for (std::size_t j = 0; j < dim; ++j)
            yr[j] = (xr[j] - mu) * s * gain[j] + bias[j];
    }
}

template <class T>
void layerNormBackward(std::span<const T> x, std::size_t rows, std::size_t dim, std::span<const T> gain,
                       std::span<const T> mean, std::span<const T> rstd, std::span<const T> dy,
                       std::span<T> dGain, std::span<T> dBias, std::span<T> dx) {
    const T n = static_cast<T>(dim);
    for (std::size_t r = 0; r < rows; ++r) {
        const T* xr = x.data() + r * dim;
        const T* dyr = dy.data() + r * dim;
        const T mu = mean[r], s = rstd[r];
        // With x̂ = (x - μ)·s and g = dy·gain: dx = s · (g - mean(g) - x̂ · mean(g · x̂)).
        T sumG = 0, sumGX = 0;
        for (std::size_t j = 0; j < dim; ++j) {
            const T xhat = (xr[j] - mu) * s;
            const T g = dyr[j] * gain[j];
            sumG += g;
            sumGX += g * xhat;
            dGain[j] += dyr[j] * xhat;
            dBias[j] += dyr[j];
        }
        if (dx.empty())
            continue;
        T* dxr = dx.data() + r * dim;
        for (std::size_t j = 0; j < dim; ++j) {
            const T xhat = (xr[j] - mu) * s;
            dxr[j] = s * (dyr[j] * gain[j] - sumG / n - xhat * sumGX / n);
        }
    }
}

template <class T>
void gatherRows(std::span<const T> source, std::size_t cols, std::span<const std::int32_t> index,
                std::span<T> out, std::size_t outCols, std::size_t offset) {
    for (std::size_t i = 0; i < index.size(); ++i) {
        const T* from = source.data() + static_cast<std::size_t>(index[i]) * cols;
        std::copy(from, from + cols, out.data() + i * outCols + offset);
    }
}

template <class T>
void scatterAddRows(std::span<const T> in, std::size_t inCols, std::size_t offset,
                    std::span<const std::int32_t> index, std::span<T> dSource, std::size_t cols) {
    for (std::size_t i = 0; i < index.size(); ++i) {
        const T* from = in.data() + i * inCols + offset;
        T* to = dSource.data() + static_cast<std::size_t>(index[i]) * cols;
        for (std::size_t j = 0; j < cols; ++j)
            to[j] += from[j];
    }
}

template <class T>
void copyColumns(std::span<const T> x, std::size_t rows, std::size_t cols, std::span<T> out,
                 std::size_t outCols, std::size_t offset) {
    for (std::size_t r = 0; r < rows; ++r)
        std::copy(x.data() + r * cols, x.data() + (r + 1) * cols, out.data() + r * outCols + offset);
}

template <class T>
void columnsBackward(std::span<const T> dOut, std::size_t rows, std::size_t outCols, std::size_t offset,
                     std::size_t cols, std::span<T> dx, bool accumulate) {
    for (std::size_t r = 0; r < rows; ++r) {
        const T* from = dOut.data() + r * outCols + offset;
        T* to = dx.data() + r * cols;
        for (std::size_t j = 0; j < cols; ++j)
            to[j] = accumulate ? to[j] + from[j] : from[j];
    }
}

template <class T>
T bceWithLogits(std::span<const T> logits, std::span<const std::uint8_t> labels, T positiveWeight,
                std::span<T> dLogits) {
    if (logits.empty())
        return 0;
    const T n = static_cast<T>(logits.size());
    T sum = 0;
    for (std::size_t i = 0; i < logits.size(); ++i) {
        const T z = logits[i];
        // -log σ(z) = softplus(-z), -log(1 - σ(z)) = softplus(z).
        if (labels[i]) {
            sum += positiveWeight * softplus(-z);
            if (!dLogits.empty())
                dLogits[i] = positiveWeight * (sigmoid(z) - T(1)) / n;
        } else {
            sum += softplus(z);
            if (!dLogits.empty())
                dLogits[i] = sigmoid(z) / n;
        }
    }
    return sum / n;
}

Adam::Adam(std::size_t parameters, AdamConfig config)
    : m_config(config)
    , m_first(parameters, 0.0f)
    , m_second(parameters, 0.0f) {}

void Adam::step(std::span<float> parameters, std::span<const float> gradients) {
    assert(parameters.size() == m_first.size() && gradients.size() == m_first.size());
    ++m_steps;
    m_beta1Power *= m_config.beta1;
    m_beta2Power *= m_config.beta2;
    const float b1 = m_config.beta1, b2 = m_config.beta2;
    const auto correction1 = static_cast<float>(1 - m_beta1Power);
    const auto correction2 = static_cast<float>(1 - m_beta2Power);
    for (std::size_t i = 0; i < parameters.size(); ++i) {
        const float g = gradients[i];
        m_first[i] = b1 * m_first[i] + (1 - b1) * g;
        m_second[i] = b2 * m_second[i] + (1 - b2) * g * g;
        const float mhat = m_first[i] / correction1;
        const float vhat = m_second[i] / correction2;
        parameters[i] -= m_config.learningRate * mhat / (std::sqrt(vhat) + m_config.epsilon);
    }
}

#define SCIPERF_GNN_LAYERS(T)                                                                                \
    template void linearForward<T>(std::span<const T>, std::size_t, std::size_t, std::span<const T>,         \
                                   std::span<const T>, std::size_t, std::span<T>);                           \
    template void linearBackward<T>(std::span<const T>, std::size_t, std::size_t, std::span<const T>,        \
                                    std::size_t, std::span<const T>, std::span<T>, std::span<T>,             \
                                    std::span<T>);                                                           \
    template void reluForward<T>(std::span<const T>, std::span<T>);                                          \
    template void reluBackward<T>(std::span<const T>, std::span<const T>, std::span<T>);                     \
    template void tanhForward<T>(std::span<const T>, std::span<T>);                                          \
    template void tanhBackward<T>(std::span<const T>, std::span<const T>, std::span<T>);                     \
    template void layerNormForward<T>(std::span<const T>, std::size_t, std::size_t, std::span<const T>,      \
                                      std::span<const T>, std::span<T>, std::span<T>, std::span<T>);         \
    template void layerNormBackward<T>(std::span<const T>, std::size_t, std::size_t, std::span<const T>,     \
                                       std::span<const T>, std::span<const T>, std::span<const T>,           \
                                       std::span<T>, std::span<T>, std::span<T>);                            \
    template void gatherRows<T>(std::span<const T>, std::size_t, std::span<const std::int32_t>,              \
                                std::span<T>, std::size_t, std::size_t);                                     \
    template void scatterAddRows<T>(std::span<const T>, std::size_t, std::size_t,                            \
                                    std::span<const std::int32_t>, std::span<T>, std::size_t);               \
    template void copyColumns<T>(std::span<const T>, std::size_t, std::size_t, std::span<T>, std::size_t,    \
                                 std::size_t);                                                               \
    template void columnsBackward<T>(std::span<const T>, std::size_t, std::size_t, std::size_t, std::size_t, \
                                     std::span<T>, bool);                                                    \
    template T bceWithLogits<T>(std::span<const T>, std::span<const std::uint8_t>, T, std::span<T>);

SCIPERF_GNN_LAYERS(float)
SCIPERF_GNN_LAYERS(double)
#undef SCIPERF_GNN_LAYERS

} // namespace sciperf::gnn
