#pragma once
// What a run ran on: CPU, caches, memory, OS, compiler and CUDA devices, read from /proc, /sys
// and /etc (whose roots tests replace with fixtures) and from the CUDA runtime.

#include "sciperf/analysis/json_writer.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf {

struct CacheLevel {
    int level = 0;
    std::string type; // "Data", "Instruction" or "Unified", as sysfs says
    std::uint64_t sizeBytes = 0;
    std::uint64_t lineBytes = 0;
    int sharedByLogicalCpus = 0;
    int instances = 0;  // how many of these caches the machine has; 0 when unknown
    std::string source; // "sysfs", or "cpuid" where the kernel exposes no cache folders (VMs)
};

struct CpuDescription {
    std::string model;
    int logicalCpus = 0;
    int physicalCores = 0;
    int sockets = 0;
    std::vector<CacheLevel> caches;
};

struct CudaDevice {
    int index = 0;
    std::string name;
    int computeCapabilityMajor = 0;
    int computeCapabilityMinor = 0;
    int multiprocessors = 0;
    std::uint64_t globalMemoryBytes = 0;
    std::uint64_t l2CacheBytes = 0;
    double smClockHz = 0;
    double memoryClockHz = 0;
    int memoryBusWidthBits = 0;
};

struct CudaDescription {
    bool builtWithCuda = false;
    int runtimeVersion = 0; // e.g. 13000 for 13.0; 0 when unknown
    int driverVersion = 0;  // 0 when no driver is installed
    std::vector<CudaDevice> devices;
    std::string status; // "ok", or why there is no device ("no CUDA device: ...")
};

struct MachineDescription {
    std::string hostname;
    std::string operatingSystem;
    std::string kernel;
    std::string compiler;
    std::uint64_t memoryBytes = 0;
    CpuDescription cpu;
    CudaDescription cuda;
};

struct SystemRoots {
    std::filesystem::path proc = "/proc";
    std::filesystem::path sys = "/sys";
    std::filesystem::path etc = "/etc";
};

// CPU, memory, OS and compiler. Missing files leave fields empty or zero, never fail. Caches
// come from sysfs, else from CPUID as glibc's sysconf reports it.
MachineDescription describeHost(const SystemRoots& roots = {});
// The CUDA devices this process can see (compiled in cuda_devices.cu, or reports "built without CUDA").
CudaDescription describeCudaDevices();

// Parses a sysfs cache size such as "48K", "2048K" or "32M" into bytes; 0 when malformed.
std::uint64_t parseSysfsSize(std::string_view text);

void writeMachineJson(JsonWriter& json, const MachineDescription& machine);

} // namespace sciperf
