#include "cupti_check_kernels.h"

#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <mma.h>

namespace sciperf::check {

struct GpuBuffers {
    int n = 0;
    long long copyElements = 0;
    double *ad = nullptr, *bd = nullptr, *cd = nullptr;
    float *af = nullptr, *bf = nullptr, *cf = nullptr;
    __half *ah = nullptr, *bh = nullptr, *ch = nullptr;
    float *in = nullptr, *out = nullptr;
};

namespace {

template <class T> __global__ void gemmKernel(const T* a, const T* b, T* c, int n) {
    const int row = blockIdx.y * blockDim.y + threadIdx.y;
    const int column = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= n || column >= n)
        return;
    T accumulator = c[row * n + column]; // zero-filled: keeps the first operation an FMA
    for (int k = 0; k < n; ++k)
        accumulator = fma(a[row * n + k], b[k * n + column], accumulator);
    c[row * n + column] = accumulator;
}

__global__ void hgemmKernel(const __half* a, const __half* b, __half* c, int n) {
    const int row = blockIdx.y * blockDim.y + threadIdx.y;
    const int column = blockIdx.x * blockDim.x + threadIdx.x;
    if (row >= n || column >= n)
        return;
    __half accumulator = c[row * n + column];
    for (int k = 0; k < n; ++k)
        accumulator = __hfma(a[row * n + k], b[k * n + column], accumulator);
    c[row * n + column] = accumulator;
}

// One warp per 16x16 tile of C.
__global__ void wmmaKernel(const __half* a, const __half* b, float* c, int n) {
    using namespace nvcuda;
    const int tileRow = blockIdx.y;
    const int tileColumn = blockIdx.x;
    wmma::fragment<wmma::matrix_a, 16, 16, 16, __half, wmma::row_major> aFragment;
    wmma::fragment<wmma::matrix_b, 16, 16, 16, __half, wmma::row_major> bFragment;
    wmma::fragment<wmma::accumulator, 16, 16, 16, float> cFragment;
    wmma::fill_fragment(cFragment, 0.0f);
    for (int k = 0; k < n; k += 16) {
        wmma::load_matrix_sync(aFragment, a + tileRow * 16 * n + k, n);
        wmma::load_matrix_sync(bFragment, b + k * n + tileColumn * 16, n);
        wmma::mma_sync(cFragment, aFragment, bFragment, cFragment);
    }
    wmma::store_matrix_sync(c + tileRow * 16 * n + tileColumn * 16, cFragment, n, wmma::mem_row_major);
}

__global__ void copyKernel(const float* in, float* out, long long count) {
    const long long stride = static_cast<long long>(gridDim.x) * blockDim.x;
    for (long long i = blockIdx.x * static_cast<long long>(blockDim.x) + threadIdx.x; i < count; i += stride)
        out[i] = in[i];
}

template <class T> bool allocateMatrix(T*& pointer, int n) {
    return cudaMalloc(&pointer, sizeof(T) * n * n) == cudaSuccess &&
           cudaMemset(pointer, 0, sizeof(T) * n * n) == cudaSuccess;
}

dim3 gemmGrid(int n) {
    return dim3((n + 15) / 16, (n + 15) / 16);
}

} // namespace

GpuBuffers* allocate(int gemmSize, long long copyElements, std::string& error) {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        error = "no CUDA device";
        return nullptr;
    }
    auto* buffers = new GpuBuffers;
    buffers->n = gemmSize;
    buffers->copyElements = copyElements;
    const bool ok = allocateMatrix(buffers->ad, gemmSize) && allocateMatrix(buffers->bd, gemmSize) &&
                    allocateMatrix(buffers->cd, gemmSize) && allocateMatrix(buffers->af, gemmSize) &&
                    allocateMatrix(buffers->bf, gemmSize) && allocateMatrix(buffers->cf, gemmSize) &&
                    allocateMatrix(buffers->ah, gemmSize) && allocateMatrix(buffers->bh, gemmSize) &&
                    allocateMatrix(buffers->ch, gemmSize) &&
                    cudaMalloc(&buffers->in, sizeof(float) * copyElements) == cudaSuccess &&
                    cudaMalloc(&buffers->out, sizeof(float) * copyElements) == cudaSuccess &&
                    cudaMemset(buffers->in, 0, sizeof(float) * copyElements) == cudaSuccess;
    if (!ok) {
        error = std::string("allocation failed: ") + cudaGetErrorString(cudaGetLastError());
        release(buffers);
        return nullptr;
    }
    return buffers;
}

void release(GpuBuffers* buffers) {
    if (buffers == nullptr)
        return;
    for (void* pointer :
         {static_cast<void*>(buffers->ad), static_cast<void*>(buffers->bd), static_cast<void*>(buffers->cd),
          static_cast<void*>(buffers->af), static_cast<void*>(buffers->bf), static_cast<void*>(buffers->cf),
          static_cast<void*>(buffers->ah), static_cast<void*>(buffers->bh), static_cast<void*>(buffers->ch),
          static_cast<void*>(buffers->in), static_cast<void*>(buffers->out)})
        cudaFree(pointer);
    delete buffers;
}

void dgemm(GpuBuffers& b) {
    gemmKernel<double><<<gemmGrid(b.n), dim3(16, 16)>>>(b.ad, b.bd, b.cd, b.n);
    cudaDeviceSynchronize();
}

void sgemm(GpuBuffers& b) {
    gemmKernel<float><<<gemmGrid(b.n), dim3(16, 16)>>>(b.af, b.bf, b.cf, b.n);
    cudaDeviceSynchronize();
}

void hgemm(GpuBuffers& b) {
    hgemmKernel<<<gemmGrid(b.n), dim3(16, 16)>>>(b.ah, b.bh, b.ch, b.n);
    cudaDeviceSynchronize();
}

void tensorGemm(GpuBuffers& b) {
    wmmaKernel<<<dim3(b.n / 16, b.n / 16), 32>>>(b.ah, b.bh, b.cf, b.n);
    cudaDeviceSynchronize();
}

void copy(GpuBuffers& b) {
    copyKernel<<<1024, 256>>>(b.in, b.out, b.copyElements);
    cudaDeviceSynchronize();
}

} // namespace sciperf::check
