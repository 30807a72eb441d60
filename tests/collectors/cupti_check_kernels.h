#pragma once
// Kernels of known work for the CUPTI device check (cupti_device_check.cpp): GEMMs whose FLOPs are
// exactly 2·M·N·K per precision path, and a copy kernel whose DRAM traffic is 2·N·4 bytes. Plain
// C++ interface; the CUDA side is cupti_check_kernels.cu. Each function launches once and waits.

#include <string>

namespace sciperf::check {

struct GpuBuffers; // device memory for all kernels, allocated once

// nullptr and `error` set when there is no device or allocation fails.
GpuBuffers* allocate(int gemmSize, long long copyElements, std::string& error);
void release(GpuBuffers* buffers);

// Naive GEMMs, C = A·B, one thread per element of C, K fused multiply-adds each (no epilogue).
void dgemm(GpuBuffers& buffers);
void sgemm(GpuBuffers& buffers);
void hgemm(GpuBuffers& buffers); // __half operands and accumulator (HFMA)
// Tensor cores: WMMA 16x16x16, FP16 inputs, FP32 accumulate (HMMA on sm_90).
void tensorGemm(GpuBuffers& buffers);
// out[i] = in[i] over copyElements floats.
void copy(GpuBuffers& buffers);

} // namespace sciperf::check
