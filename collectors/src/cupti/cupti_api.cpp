#include "cupti_api.h"

#include "sciperf/collectors/runtime_libraries.h"

#include <dlfcn.h>
#include <mutex>

namespace sciperf::cupti {
namespace {

template <class Function>
bool bind(void* handle, const char* name, Function& function, std::string& missing) {
    function = reinterpret_cast<Function>(::dlsym(handle, name));
    if (function == nullptr && missing.empty())
        missing = name;
    return function != nullptr;
}

Result<CuptiApi> loadCupti() {
    const OpenedLibrary library = openCupti13();
    if (library.handle == nullptr)
        return fail("CUPTI unavailable: " + library.error);
    CuptiApi api;
    std::string missing;
#define SCIPERF_BIND(name) bind(library.handle, #name, api.name, missing);
    SCIPERF_CUPTI_FUNCTIONS(SCIPERF_BIND)
#undef SCIPERF_BIND
    if (!missing.empty())
        return fail("CUPTI unavailable: " + library.location + " has no " + missing +
                    " (not the CUDA 13 CUPTI this build expects)");
    return api;
}

Result<CudaDriverApi> loadDriver() {
    const OpenedLibrary library = openCudaDriver();
    if (library.handle == nullptr)
        return fail("no CUDA device: the CUDA driver is not installed (" + library.error + ")");
    CudaDriverApi api;
    std::string missing;
#define SCIPERF_BIND(name) bind(library.handle, #name, api.name, missing);
    SCIPERF_CUDA_DRIVER_FUNCTIONS(SCIPERF_BIND)
#undef SCIPERF_BIND
    if (!missing.empty())
        return fail("no CUDA device: " + library.location + " has no " + missing);
    return api;
}

} // namespace

Result<const CuptiApi*> cuptiApi() {
    static const Result<CuptiApi> loaded = loadCupti();
    if (!loaded)
        return loaded.error();
    return &loaded.value();
}

Result<const CudaDriverApi*> cudaDriverApi() {
    static const Result<CudaDriverApi> loaded = loadDriver();
    if (!loaded)
        return loaded.error();
    return &loaded.value();
}

std::string cuptiError(const CuptiApi& api, const char* call, CUptiResult result) {
    const char* text = nullptr;
    if (api.cuptiGetResultString == nullptr || api.cuptiGetResultString(result, &text) != CUPTI_SUCCESS ||
        text == nullptr)
        text = "unknown error";
    return std::string(call) + " failed: " + text + " (" + std::to_string(static_cast<int>(result)) + ")";
}

std::string driverError(const CudaDriverApi& api, const char* call, CUresult result) {
    const char* text = nullptr;
    if (api.cuGetErrorString == nullptr || api.cuGetErrorString(result, &text) != CUDA_SUCCESS ||
        text == nullptr)
        text = "unknown error";
    return std::string(call) + " failed: " + text + " (" + std::to_string(static_cast<int>(result)) + ")";
}

} // namespace sciperf::cupti
