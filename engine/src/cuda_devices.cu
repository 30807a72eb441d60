// The CUDA device query, compiled by nvcc when CUDA is enabled. With no driver or no device the
// runtime returns an error code, which becomes the description's status: never a crash.
#include "sciperf/engine/machine.h"

#include <cuda_runtime.h>

namespace sciperf {

CudaDescription describeCudaDevices() {
    CudaDescription cuda;
    cuda.builtWithCuda = true;
    cudaRuntimeGetVersion(&cuda.runtimeVersion);
    cudaDriverGetVersion(&cuda.driverVersion);
    int count = 0;
    if (const cudaError_t status = cudaGetDeviceCount(&count); status != cudaSuccess || count == 0) {
        if (cuda.driverVersion == 0)
            cuda.status = "no CUDA device: no NVIDIA driver is installed";
        else
            cuda.status = std::string("no CUDA device: ") +
                          (status != cudaSuccess ? cudaGetErrorString(status) : "the driver reports none");
        return cuda;
    }
    for (int index = 0; index < count; ++index) {
        cudaDeviceProp properties{};
        if (cudaGetDeviceProperties(&properties, index) != cudaSuccess)
            continue;
        CudaDevice device;
        device.index = index;
        device.name = properties.name;
        device.computeCapabilityMajor = properties.major;
        device.computeCapabilityMinor = properties.minor;
        device.multiprocessors = properties.multiProcessorCount;
        device.globalMemoryBytes = properties.totalGlobalMem;
        device.l2CacheBytes = static_cast<std::uint64_t>(properties.l2CacheSize);
        device.memoryBusWidthBits = properties.memoryBusWidth;
        // CUDA 13 removed the clock fields from cudaDeviceProp; the attributes remain (kHz).
        int kiloHertz = 0;
        if (cudaDeviceGetAttribute(&kiloHertz, cudaDevAttrClockRate, index) == cudaSuccess)
            device.smClockHz = kiloHertz * 1e3;
        if (cudaDeviceGetAttribute(&kiloHertz, cudaDevAttrMemoryClockRate, index) == cudaSuccess)
            device.memoryClockHz = kiloHertz * 1e3;
        cuda.devices.push_back(device);
    }
    cuda.status = cuda.devices.empty() ? "no CUDA device: properties unavailable" : "ok";
    return cuda;
}

} // namespace sciperf
