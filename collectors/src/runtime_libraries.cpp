#include "sciperf/collectors/runtime_libraries.h"

#include <array>
#include <cstdint>
#include <cstdlib>
#include <dlfcn.h>
#include <link.h>

namespace sciperf {
namespace {

// Library names in the loader's search path first, then the toolkit's default install places.
constexpr std::array kCudaRuntimeCandidates{"libcudart.so", "libcudart.so.13", "libcudart.so.12",
                                            "/usr/local/cuda/lib64/libcudart.so",
                                            "/usr/local/cuda/targets/x86_64-linux/lib/libcudart.so"};
constexpr std::array kCuptiCandidates{"libcupti.so",
                                      "libcupti.so.13",
                                      "libcupti.so.12",
                                      "/usr/local/cuda/extras/CUPTI/lib64/libcupti.so",
                                      "/usr/local/cuda/lib64/libcupti.so",
                                      "/usr/local/cuda/targets/x86_64-linux/lib/libcupti.so"};

constexpr std::array kCupti13Candidates{"libcupti.so.13", "/usr/local/cuda/lib64/libcupti.so.13",
                                        "/usr/local/cuda/extras/CUPTI/lib64/libcupti.so.13",
                                        "/usr/local/cuda/targets/x86_64-linux/lib/libcupti.so.13"};
constexpr std::array kCudaDriverCandidates{"libcuda.so.1"};

using Loaded = OpenedLibrary;

template <class Candidates> Loaded loadFirst(const Candidates& candidates) {
    Loaded loaded;
    for (const char* candidate : candidates) {
        // RTLD_LOCAL: its symbols stay private to this probe. The handle is kept open on purpose:
        // unloading the CUDA runtime after use is known to be unsafe.
        if (void* handle = ::dlopen(candidate, RTLD_NOW | RTLD_LOCAL)) {
            loaded.handle = handle;
            link_map* map = nullptr;
            loaded.location = ::dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map ? map->l_name : candidate;
            return loaded;
        }
        if (const char* error = ::dlerror())
            loaded.error = error;
    }
    return loaded;
}

template <class Function> Function symbol(void* handle, const char* name) {
    return reinterpret_cast<Function>(::dlsym(handle, name));
}

} // namespace

OpenedLibrary openCupti13() {
    if (const char* chosen = std::getenv("SCIPERF_CUPTI_LIBRARY"); chosen != nullptr && *chosen != '\0')
        return loadFirst(std::array{chosen});
    return loadFirst(kCupti13Candidates);
}

OpenedLibrary openCudaDriver() {
    return loadFirst(kCudaDriverCandidates);
}

RuntimeLibrary probeCudaRuntime() {
    RuntimeLibrary library{"CUDA runtime", false, {}, {}, {}};
    const Loaded loaded = loadFirst(kCudaRuntimeCandidates);
    if (!loaded.handle) {
        library.note = "not found (" + loaded.error + ")";
        return library;
    }
    library.location = loaded.location;
    using GetVersion = int (*)(int*);
    const auto runtimeVersion = symbol<GetVersion>(loaded.handle, "cudaRuntimeGetVersion");
    const auto driverVersion = symbol<GetVersion>(loaded.handle, "cudaDriverGetVersion");
    int version = 0;
    if (!runtimeVersion || runtimeVersion(&version) != 0) {
        library.note = "loaded, but cudaRuntimeGetVersion failed";
        return library;
    }
    library.found = true;
    library.version = std::to_string(version / 1000) + "." + std::to_string(version % 1000 / 10);
    int driver = 0;
    if (driverVersion && driverVersion(&driver) == 0 && driver > 0)
        library.note = "driver supports CUDA " + std::to_string(driver / 1000) + "." +
                       std::to_string(driver % 1000 / 10);
    else
        library.note = "no CUDA driver installed";
    return library;
}

RuntimeLibrary probeCupti() {
    RuntimeLibrary library{"CUPTI", false, {}, {}, {}};
    const Loaded loaded = loadFirst(kCuptiCandidates);
    if (!loaded.handle) {
        library.note = "not found (" + loaded.error + ")";
        return library;
    }
    library.location = loaded.location;
    using GetVersion = int (*)(std::uint32_t*);
    const auto getVersion = symbol<GetVersion>(loaded.handle, "cuptiGetVersion");
    std::uint32_t version = 0;
    if (!getVersion || getVersion(&version) != 0) {
        library.note = "loaded, but cuptiGetVersion failed";
        return library;
    }
    library.found = true;
    library.version = "API " + std::to_string(version);
    return library;
}

} // namespace sciperf
