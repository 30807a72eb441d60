#pragma once
// The layers of the GNN edge classifier (gnn_model.h) as plain functions with hand-written forward
// and backward passes, on row-major buffers: a matrix of `rows` × `cols` is element [i * cols + j].
// Parameters and their gradients are slices of one flat vector each, so that a data-parallel
// all-reduce is one call and a CUDA twin can implement the same functions on device pointers with
// the same layout. Backward passes add into parameter gradients (several uses of one layer
// accumulate) and overwrite input gradients unless they say otherwise. Instantiated for float
// (training) and double (finite-difference gradient checks). Matrix products go through Eigen.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace sciperf::gnn {

// y (rows × out) = x (rows × in) · weight (in × out) + bias (out).
template <class T>
void linearForward(std::span<const T> x, std::size_t rows, std::size_t in, std::span<const T> weight,
                   std::span<const T> bias, std::size_t out, std::span<T> y);
// dWeight += xᵀ·dy, dBias += Σ_rows dy, dx = dy · weightᵀ (dx may be empty: not wanted).
template <class T>
void linearBackward(std::span<const T> x, std::size_t rows, std::size_t in, std::span<const T> weight,
                    std::size_t out, std::span<const T> dy, std::span<T> dWeight, std::span<T> dBias,
                    std::span<T> dx);

// y = max(x, 0); y may be x. Backward from the output: dx = dy where y > 0 (dx may be dy).
template <class T> void reluForward(std::span<const T> x, std::span<T> y);
template <class T> void reluBackward(std::span<const T> y, std::span<const T> dy, std::span<T> dx);
// y = tanh(x); backward from the output: dx = dy · (1 - y²).
template <class T> void tanhForward(std::span<const T> x, std::span<T> y);
template <class T> void tanhBackward(std::span<const T> y, std::span<const T> dy, std::span<T> dx);

// Per row: y = (x - mean) / sqrt(var + eps) · gain + bias; mean and rstd (one per row) are kept
// for the backward pass.
inline constexpr double kLayerNormEpsilon = 1e-5;
template <class T>
void layerNormForward(std::span<const T> x, std::size_t rows, std::size_t dim, std::span<const T> gain,
                      std::span<const T> bias, std::span<T> y, std::span<T> mean, std::span<T> rstd);
template <class T>
void layerNormBackward(std::span<const T> x, std::size_t rows, std::size_t dim, std::span<const T> gain,
                       std::span<const T> mean, std::span<const T> rstd, std::span<const T> dy,
                       std::span<T> dGain, std::span<T> dBias, std::span<T> dx);

// Gather into a column block (the concat of [h_src, h_dst, e]): for every i,
// out[i, offset .. offset + cols) = source[index[i], 0 .. cols), out having outCols columns.
template <class T>
void gatherRows(std::span<const T> source, std::size_t cols, std::span<const std::int32_t> index,
                std::span<T> out, std::size_t outCols, std::size_t offset);
// Its backward and the message aggregation: dSource[index[i], :] += in[i, offset .. offset + cols).
template <class T>
void scatterAddRows(std::span<const T> in, std::size_t inCols, std::size_t offset,
                    std::span<const std::int32_t> index, std::span<T> dSource, std::size_t cols);
// The plain column copy of a concat (forward) and its backward (dx = the block of dOut, added when
// `accumulate`): out[i, offset .. offset + cols) = x[i, :].
template <class T>
void copyColumns(std::span<const T> x, std::size_t rows, std::size_t cols, std::span<T> out,
                 std::size_t outCols, std::size_t offset);
template <class T>
void columnsBackward(std::span<const T> dOut, std::size_t rows, std::size_t outCols, std::size_t offset,
                     std::size_t cols, std::span<T> dx, bool accumulate);

// Binary cross-entropy of sigmoid(logit) against 0/1 labels, positives weighted by
// `positiveWeight`, averaged over the elements: mean(-(w·y·log σ(z) + (1 - y)·log(1 - σ(z)))).
// Computed from the logits (softplus) so that no probability rounds to 0 or 1. dLogits (may be
// empty) gets the gradient of that mean.
template <class T>
T bceWithLogits(std::span<const T> logits, std::span<const std::uint8_t> labels, T positiveWeight,
                std::span<T> dLogits);

// Adam (Kingma & Ba) with bias correction, on the flat parameter vector.
struct AdamConfig {
    float learningRate = 1e-3f;
    float beta1 = 0.9f;
    float beta2 = 0.999f;
    float epsilon = 1e-8f;
};

class Adam {
public:
    Adam(std::size_t parameters, AdamConfig config);
    // One step: moments from `gradients`, then parameters -= lr · m̂ / (sqrt(v̂) + eps).
    void step(std::span<float> parameters, std::span<const float> gradients);
    const AdamConfig& config() const { return m_config; }
    std::int64_t steps() const { return m_steps; }

private:
    AdamConfig m_config;
    std::int64_t m_steps = 0;
    double m_beta1Power = 1, m_beta2Power = 1;
    std::vector<float> m_first, m_second; // moment estimates, one per parameter
};

} // namespace sciperf::gnn
