// The GNN layers' own kernels (gnn_gpu_kernels.h): element-wise and row-wise twins of the loops
// in gnn_layers.cpp, with grid-stride loops over the elements.
#include "gnn_gpu_kernels.h"

#include <cuda_runtime.h>

namespace sciperf::gnn::gpu::kernels {
namespace {

constexpr unsigned kThreads = 256;

unsigned blocksFor(size_t n) {
    const size_t blocks = (n + kThreads - 1) / kThreads;
    return static_cast<unsigned>(blocks < (size_t(1) << 20) ? (blocks > 0 ? blocks : 1) : (size_t(1) << 20));
}

__device__ size_t firstIndex() {
    return static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
}

__device__ size_t stride() {
    return static_cast<size_t>(gridDim.x) * blockDim.x;
}

__device__ float softplus(float x) {
    return x > 0 ? x + log1pf(expf(-x)) : log1pf(expf(x));
}

__device__ float sigmoid(float x) {
    if (x >= 0)
        return 1.0f / (1.0f + expf(-x));
    const float e = expf(x);
    return e / (1.0f + e);
}

// The sum of `value` over the block's threads (blockDim.x == kThreads), valid in thread 0.
template <class V> __device__ V blockSum(V value) {
    __shared__ V partial[kThreads];
    partial[threadIdx.x] = value;
    __syncthreads();
    for (unsigned half = blockDim.x / 2; half > 0; half /= 2) {
        if (threadIdx.x < half)
            partial[threadIdx.x] += partial[threadIdx.x + half];
        __syncthreads();
    }
    return partial[0];
}

__global__ void broadcastRowsKernel(const float* bias, size_t rows, size_t cols, float* y) {
    for (size_t i = firstIndex(); i < rows * cols; i += stride())
        y[i] = bias[i % cols];
}

// One block per column.
__global__ void addColumnSumsKernel(const float* x, size_t rows, size_t cols, float* sums) {
    const size_t col = blockIdx.x;
    float sum = 0;
    for (size_t r = threadIdx.x; r < rows; r += blockDim.x)
        sum += x[r * cols + col];
    sum = blockSum(sum);
    if (threadIdx.x == 0)
        sums[col] += sum;
}

__global__ void addKernel(const float* x, size_t n, float* y) {
    for (size_t i = firstIndex(); i < n; i += stride())
        y[i] += x[i];
}

__global__ void reluForwardKernel(const float* x, size_t n, float* y) {
    for (size_t i = firstIndex(); i < n; i += stride())
        y[i] = fmaxf(x[i], 0.0f);
}

__global__ void reluBackwardKernel(const float* y, const float* dy, size_t n, float* dx) {
    for (size_t i = firstIndex(); i < n; i += stride())
        dx[i] = y[i] > 0 ? dy[i] : 0.0f;
}

__global__ void tanhForwardKernel(const float* x, size_t n, float* y) {
    for (size_t i = firstIndex(); i < n; i += stride())
        y[i] = tanhf(x[i]);
}

__global__ void tanhBackwardKernel(const float* y, const float* dy, size_t n, float* dx) {
    for (size_t i = firstIndex(); i < n; i += stride())
        dx[i] = dy[i] * (1.0f - y[i] * y[i]);
}

__global__ void layerNormForwardKernel(const float* x, size_t rows, size_t dim, const float* gain,
                                       const float* bias, float epsilon, float* y, float* mean, float* rstd) {
    const float n = static_cast<float>(dim);
    for (size_t r = firstIndex(); r < rows; r += stride()) {
        const float* xr = x + r * dim;
        float* yr = y + r * dim;
        float sum = 0;
        for (size_t j = 0; j < dim; ++j)
            sum += xr[j];
        const float mu = sum / n;
        float squares = 0;
        for (size_t j = 0; j < dim; ++j)
            squares += (xr[j] - mu) * (xr[j] - mu);
        const float s = 1.0f / sqrtf(squares / n + epsilon);
        mean[r] = mu;
        rstd[r] = s;
        for (size_t j = 0; j < dim; ++j)
            yr[j] = (xr[j] - mu) * s * gain[j] + bias[j];
    }
}

__global__ void layerNormBackwardKernel(const float* x, size_t rows, size_t dim, const float* gain,
                                        const float* mean, const float* rstd, const float* dy, float* dx,
                                        float* dyXhat) {
    const float n = static_cast<float>(dim);
    for (size_t r = firstIndex(); r < rows; r += stride()) {
        const float* xr = x + r * dim;
        const float* dyr = dy + r * dim;
        const float mu = mean[r], s = rstd[r];
        float sumG = 0, sumGX = 0;
        for (size_t j = 0; j < dim; ++j) {
            const float xhat = (xr[j] - mu) * s;
            const float g = dyr[j] * gain[j];
            sumG += g;
            sumGX += g * xhat;
            dyXhat[r * dim + j] = dyr[j] * xhat;
        }
        for (size_t j = 0; j < dim; ++j) {
            const float xhat = (xr[j] - mu) * s;
            dx[r * dim + j] = s * (dyr[j] * gain[j] - sumG / n - xhat * sumGX / n);
        }
    }
}

__global__ void gatherRowsKernel(const float* source, size_t cols, const std::int32_t* index, size_t count,
                                 float* out, size_t outCols, size_t offset) {
    for (size_t i = firstIndex(); i < count * cols; i += stride()) {
        const size_t row = i / cols, col = i % cols;
        out[row * outCols + offset + col] = source[static_cast<size_t>(index[row]) * cols + col];
    }
}

__global__ void scatterAddRowsKernel(const float* in, size_t inCols, size_t offset, const std::int32_t* index,
                                     size_t count, float* dSource, size_t cols) {
    for (size_t i = firstIndex(); i < count * cols; i += stride()) {
        const size_t row = i / cols, col = i % cols;
        atomicAdd(dSource + static_cast<size_t>(index[row]) * cols + col, in[row * inCols + offset + col]);
    }
}

__global__ void copyColumnsKernel(const float* x, size_t rows, size_t cols, float* out, size_t outCols,
                                  size_t offset) {
    for (size_t i = firstIndex(); i < rows * cols; i += stride()) {
        const size_t row = i / cols, col = i % cols;
        out[row * outCols + offset + col] = x[i];
    }
}

__global__ void columnsBackwardKernel(const float* dOut, size_t rows, size_t outCols, size_t offset,
                                      size_t cols, float* dx, bool accumulate) {
    for (size_t i = firstIndex(); i < rows * cols; i += stride()) {
        const size_t row = i / cols, col = i % cols;
        const float from = dOut[row * outCols + offset + col];
        dx[i] = accumulate ? dx[i] + from : from;
    }
}

__global__ void bceKernel(const float* logits, const std::uint8_t* labels, size_t count, float positiveWeight,
                          float* dLogits, double* sum) {
    const float n = static_cast<float>(count);
    double local = 0;
    for (size_t i = firstIndex(); i < count; i += stride()) {
        const float z = logits[i];
        // -log σ(z) = softplus(-z), -log(1 - σ(z)) = softplus(z).
        if (labels[i]) {
            local += positiveWeight * softplus(-z);
            if (dLogits != nullptr)
                dLogits[i] = positiveWeight * (sigmoid(z) - 1.0f) / n;
        } else {
            local += softplus(z);
            if (dLogits != nullptr)
                dLogits[i] = sigmoid(z) / n;
        }
    }
    local = blockSum(local);
    if (threadIdx.x == 0)
        atomicAdd(sum, local);
}

// Queues `kernel` over `n` elements (rows, for the row-wise kernels) on the default stream.
template <class... Params, class... Args>
cudaError_t launch(void (*kernel)(Params...), size_t n, Args... args) {
    kernel<<<blocksFor(n), kThreads>>>(static_cast<Params>(args)...);
    return cudaGetLastError();
}

} // namespace

cudaError_t broadcastRows(const float* bias, size_t rows, size_t cols, float* y) {
    return launch(broadcastRowsKernel, rows * cols, bias, rows, cols, y);
}

cudaError_t addColumnSums(const float* x, size_t rows, size_t cols, float* sums) {
    if (cols == 0)
        return cudaSuccess;
    addColumnSumsKernel<<<static_cast<unsigned>(cols), kThreads>>>(x, rows, cols, sums);
    return cudaGetLastError();
}

cudaError_t add(const float* x, size_t n, float* y) {
    return launch(addKernel, n, x, n, y);
}

cudaError_t reluForward(const float* x, size_t n, float* y) {
    return launch(reluForwardKernel, n, x, n, y);
}

cudaError_t reluBackward(const float* y, const float* dy, size_t n, float* dx) {
    return launch(reluBackwardKernel, n, y, dy, n, dx);
}

cudaError_t tanhForward(const float* x, size_t n, float* y) {
    return launch(tanhForwardKernel, n, x, n, y);
}

cudaError_t tanhBackward(const float* y, const float* dy, size_t n, float* dx) {
    return launch(tanhBackwardKernel, n, y, dy, n, dx);
}

cudaError_t layerNormForward(const float* x, size_t rows, size_t dim, const float* gain, const float* bias,
                             float epsilon, float* y, float* mean, float* rstd) {
    return launch(layerNormForwardKernel, rows, x, rows, dim, gain, bias, epsilon, y, mean, rstd);
}

cudaError_t layerNormBackward(const float* x, size_t rows, size_t dim, const float* gain, const float* mean,
                              const float* rstd, const float* dy, float* dx, float* dyXhat) {
    return launch(layerNormBackwardKernel, rows, x, rows, dim, gain, mean, rstd, dy, dx, dyXhat);
}

cudaError_t gatherRows(const float* source, size_t cols, const std::int32_t* index, size_t count, float* out,
                       size_t outCols, size_t offset) {
    return launch(gatherRowsKernel, count * cols, source, cols, index, count, out, outCols, offset);
}

cudaError_t scatterAddRows(const float* in, size_t inCols, size_t offset, const std::int32_t* index,
                           size_t count, float* dSource, size_t cols) {
    return launch(scatterAddRowsKernel, count * cols, in, inCols, offset, index, count, dSource, cols);
}

cudaError_t copyColumns(const float* x, size_t rows, size_t cols, float* out, size_t outCols, size_t offset) {
    return launch(copyColumnsKernel, rows * cols, x, rows, cols, out, outCols, offset);
}

cudaError_t columnsBackward(const float* dOut, size_t rows, size_t outCols, size_t offset, size_t cols,
                            float* dx, bool accumulate) {
    return launch(columnsBackwardKernel, rows * cols, dOut, rows, outCols, offset, cols, dx, accumulate);
}

cudaError_t bceWithLogits(const float* logits, const std::uint8_t* labels, size_t n, float positiveWeight,
                          float* dLogits, double* sum) {
    return launch(bceKernel, n, logits, labels, n, positiveWeight, dLogits, sum);
}

} // namespace sciperf::gnn::gpu::kernels
