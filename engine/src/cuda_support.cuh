#pragma once
// What the CUDA files share: errors as Results naming the failed call, and device arrays that free
// themselves. nvcc only (CUDA C++17).

#include "sciperf/analysis/result.h"

#include <cuda_runtime.h>
#include <string>

namespace sciperf::cuda_support {

inline Error cudaFailure(const char* call, cudaError_t status) {
    return fail(std::string(call) + " failed: " + cudaGetErrorString(status));
}

// Returns the failure, naming the call, from a function that returns a Result.
#define SCIPERF_CUDA_TRY(call)                                                                               \
    do {                                                                                                     \
        if (const cudaError_t status_ = (call); status_ != cudaSuccess)                                      \
            return ::sciperf::cuda_support::cudaFailure(#call, status_);                                     \
    } while (false)

template <class T> class DeviceArray {
public:
    DeviceArray() = default;
    DeviceArray(const DeviceArray&) = delete;
    DeviceArray& operator=(const DeviceArray&) = delete;
    ~DeviceArray() {
        if (m_data != nullptr)
            cudaFree(m_data);
    }
    Result<void> allocate(std::size_t count) {
        SCIPERF_CUDA_TRY(cudaMalloc(&m_data, count * sizeof(T)));
        m_count = count;
        return {};
    }
    T* get() const { return m_data; }
    std::size_t size() const { return m_count; }

private:
    T* m_data = nullptr;
    std::size_t m_count = 0;
};

} // namespace sciperf::cuda_support
