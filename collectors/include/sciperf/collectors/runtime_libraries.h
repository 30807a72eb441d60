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

} // namespace sciperf
