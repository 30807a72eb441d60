#pragma once
// The GNN layers' own CUDA kernels (gnn_gpu_kernels.cu), on device pointers with the row-major
// layout of gnn_layers.h; the matrix products go through cuBLAS (gnn_gpu.cpp). Each launcher
// queues its kernel on the default stream and returns the launch's status. C++17, for nvcc and
// the host compiler alike.

#include <cstddef>
#include <cstdint>
#include <cuda_runtime_api.h>

namespace sciperf::gnn::gpu::kernels {

using std::size_t;

// y[r, :] = bias for every row.
cudaError_t broadcastRows(const float* bias, size_t rows, size_t cols, float* y);
// sums[j] += Σ_r x[r, j].
cudaError_t addColumnSums(const float* x, size_t rows, size_t cols, float* sums);
// y[i] += x[i].
cudaError_t add(const float* x, size_t n, float* y);
cudaError_t reluForward(const float* x, size_t n, float* y);
cudaError_t reluBackward(const float* y, const float* dy, size_t n, float* dx);
cudaError_t tanhForward(const float* x, size_t n, float* y);
cudaError_t tanhBackward(const float* y, const float* dy, size_t n, float* dx);
// One thread per row, the CPU's steps.
cudaError_t layerNormForward(const float* x, size_t rows, size_t dim, const float* gain, const float* bias,
                             float epsilon, float* y, float* mean, float* rstd);
// dx per row, and dyXhat[r, j] = dy[r, j] · x̂[r, j] (whose column sums are the gain's gradient).
cudaError_t layerNormBackward(const float* x, size_t rows, size_t dim, const float* gain, const float* mean,
                              const float* rstd, const float* dy, float* dx, float* dyXhat);
cudaError_t gatherRows(const float* source, size_t cols, const std::int32_t* index, size_t count, float* out,
                       size_t outCols, size_t offset);
// atomicAdd: rows of `in` that share a target are added in any order.
cudaError_t scatterAddRows(const float* in, size_t inCols, size_t offset, const std::int32_t* index,
                           size_t count, float* dSource, size_t cols);
cudaError_t copyColumns(const float* x, size_t rows, size_t cols, float* out, size_t outCols, size_t offset);
cudaError_t columnsBackward(const float* dOut, size_t rows, size_t outCols, size_t offset, size_t cols,
                            float* dx, bool accumulate);
// dLogits (may be null) as bceWithLogits; *sum (device, zeroed by the caller) += Σ of the terms.
cudaError_t bceWithLogits(const float* logits, const std::uint8_t* labels, size_t n, float positiveWeight,
                          float* dLogits, double* sum);

} // namespace sciperf::gnn::gpu::kernels
