#pragma once
// Which CUDA runtime and CUPTI this process would use, found at run time with dlopen: the GUI
// never links them, so a machine without CUDA runs it, and a broken driver cannot crash it.

#include <string>

namespace sciperf {

struct RuntimeLibrary {
    std::string name; // "CUDA runtime", "CUPTI"
    bool found = false;
    std::string version;  // "13.0" for the runtime; the CUPTI API version number for CUPTI
    std::string location; // the file dlopen loaded
    std::string note;     // why it was not found, or what the version means
};

RuntimeLibrary probeCudaRuntime();
RuntimeLibrary probeCupti();

// A library opened with dlopen (RTLD_NOW | RTLD_LOCAL, never closed), or why none could be.
struct OpenedLibrary {
    void* handle = nullptr;
    std::string location; // the file dlopen loaded
    std::string error;    // dlopen's message for the last candidate tried
};
// CUPTI of the CUDA 13 ABI the profiler is built against (libcupti.so.13): $SCIPERF_CUPTI_LIBRARY
// alone where set, else the loader's search path, then the toolkit's default places.
OpenedLibrary openCupti13();
// The CUDA driver (libcuda.so.1), installed with the NVIDIA driver, not the toolkit.
OpenedLibrary openCudaDriver();

} // namespace sciperf
