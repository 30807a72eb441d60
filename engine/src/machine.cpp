#include "sciperf/engine/machine.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/utsname.h>
#include <tuple>
#include <unistd.h>

namespace sciperf {
namespace {

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string readFirstLine(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return trimmed(line);
}

int readInt(const std::filesystem::path& file, int fallback) {
    const auto text = readFirstLine(file);
    int value = fallback;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    return result.ec == std::errc() ? value : fallback;
}

// The value of the first "key<sep>value" line whose key matches, in a /proc-style file.
std::string findKeyValue(const std::filesystem::path& file, std::string_view wanted, char separator) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        const auto at = line.find(separator);
        if (at != std::string::npos && trimmed(std::string_view(line).substr(0, at)) == wanted)
            return trimmed(std::string_view(line).substr(at + 1));
    }
    return {};
}

// Counts the CPUs named by a sysfs list such as "0-3,8,10-11".
int countCpuList(std::string_view list) {
    int count = 0;
    std::stringstream parts{std::string(list)};
    std::string part;
    while (std::getline(parts, part, ',')) {
        int first = 0;
        int last = 0;
        const auto dash = part.find('-');
        const auto end = part.data() + part.size();
        if (dash == std::string::npos) {
            if (std::from_chars(part.data(), end, first).ec == std::errc())
                ++count;
        } else if (std::from_chars(part.data(), part.data() + dash, first).ec == std::errc() &&
                   std::from_chars(part.data() + dash + 1, end, last).ec == std::errc() && last >= first) {
            count += last - first + 1;
        }
    }
    return count;
}

bool isCpuFolderName(const std::string& name) {
    return name.size() > 3 && name.starts_with("cpu") &&
           std::all_of(name.begin() + 3, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void describeTopology(const std::filesystem::path& cpuRoot, CpuDescription& cpu) {
    std::set<std::pair<int, int>> cores; // (package, core)
    std::set<int> packages;
    // (level, type, shared_cpu_list) identifies one physical cache instance.
    std::map<std::tuple<int, std::string>, std::set<std::string>> cacheInstances;
    std::map<std::tuple<int, std::string>, CacheLevel> cacheLevels;
    std::error_code ec;
    int logical = 0;
    for (const auto& entry : std::filesystem::directory_iterator(cpuRoot, ec)) {
        const auto name = entry.path().filename().string();
        if (!isCpuFolderName(name))
            continue;
        ++logical;
        const int package = readInt(entry.path() / "topology/physical_package_id", 0);
        const int core = readInt(entry.path() / "topology/core_id", logical);
        cores.emplace(package, core);
        packages.insert(package);
        std::error_code cacheEc;
        for (const auto& index : std::filesystem::directory_iterator(entry.path() / "cache", cacheEc)) {
            if (!index.path().filename().string().starts_with("index"))
                continue;
            CacheLevel cache;
            cache.level = readInt(index.path() / "level", 0);
            cache.type = readFirstLine(index.path() / "type");
            cache.sizeBytes = parseSysfsSize(readFirstLine(index.path() / "size"));
            cache.lineBytes = static_cast<std::uint64_t>(readInt(index.path() / "coherency_line_size", 0));
            const auto shared = readFirstLine(index.path() / "shared_cpu_list");
            cache.sharedByLogicalCpus = std::max(1, countCpuList(shared));
            cache.source = "sysfs";
            if (cache.level <= 0 || cache.sizeBytes == 0)
                continue;
            const auto key = std::make_tuple(cache.level, cache.type);
            cacheInstances[key].insert(shared.empty() ? name : shared);
            cacheLevels.try_emplace(key, cache);
        }
    }
    cpu.logicalCpus = logical;
    cpu.physicalCores = static_cast<int>(cores.size());
    cpu.sockets = static_cast<int>(packages.size());
    for (auto& [key, cache] : cacheLevels) {
        cache.instances = static_cast<int>(cacheInstances[key].size());
        cpu.caches.push_back(cache);
    }
    // Sorted by level, then Data before Instruction before Unified: the order people read them.
    std::sort(cpu.caches.begin(), cpu.caches.end(), [](const CacheLevel& a, const CacheLevel& b) {
        return std::tie(a.level, a.type) < std::tie(b.level, b.type);
    });
}

// Many virtual machines have no /sys/.../cache folders; CPUID (through glibc) still knows sizes.
std::vector<CacheLevel> cachesFromCpuid() {
    struct Query {
        int level;
        const char* type;
        int size;
        int line;
    };
    constexpr std::array queries{
        Query{1, "Data", _SC_LEVEL1_DCACHE_SIZE, _SC_LEVEL1_DCACHE_LINESIZE},
        Query{1, "Instruction", _SC_LEVEL1_ICACHE_SIZE, _SC_LEVEL1_ICACHE_LINESIZE},
        Query{2, "Unified", _SC_LEVEL2_CACHE_SIZE, _SC_LEVEL2_CACHE_LINESIZE},
        Query{3, "Unified", _SC_LEVEL3_CACHE_SIZE, _SC_LEVEL3_CACHE_LINESIZE},
        Query{4, "Unified", _SC_LEVEL4_CACHE_SIZE, _SC_LEVEL4_CACHE_LINESIZE},
    };
    std::vector<CacheLevel> caches;
    for (const auto& query : queries) {
        const long size = ::sysconf(query.size);
        if (size <= 0)
            continue;
        CacheLevel cache;
        cache.level = query.level;
        cache.type = query.type;
        cache.sizeBytes = static_cast<std::uint64_t>(size);
        cache.lineBytes = static_cast<std::uint64_t>(std::max(0L, ::sysconf(query.line)));
        cache.source = "cpuid";
        caches.push_back(cache);
    }
    return caches;
}

std::string compilerDescription() {
#if defined(__clang__)
    std::string text = "Clang " __clang_version__;
#elif defined(__GNUC__)
    std::string text = "GCC " __VERSION__;
#else
    std::string text = "unknown compiler";
#endif
    return text + ", C++ " + std::to_string(__cplusplus);
}

} // namespace

std::uint64_t parseSysfsSize(std::string_view text) {
    std::uint64_t value = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
    if (result.ec != std::errc() || result.ptr == text.data())
        return 0;
    const std::string_view suffix(result.ptr,
                                  static_cast<std::size_t>(text.data() + text.size() - result.ptr));
    if (suffix.empty())
        return value;
    if (suffix == "K")
        return value * 1024;
    if (suffix == "M")
        return value * 1024 * 1024;
    if (suffix == "G")
        return value * 1024 * 1024 * 1024;
    return 0;
}

MachineDescription describeHost(const SystemRoots& roots) {
    MachineDescription machine;
    utsname names{};
    if (::uname(&names) == 0) {
        machine.hostname = names.nodename;
        machine.kernel = std::string(names.sysname) + " " + names.release + " " + names.machine;
    }
    machine.operatingSystem = findKeyValue(roots.etc / "os-release", "PRETTY_NAME", '=');
    machine.operatingSystem.erase(
        std::remove(machine.operatingSystem.begin(), machine.operatingSystem.end(), '"'),
        machine.operatingSystem.end());
    machine.compiler = compilerDescription();

    // "MemTotal:       24634832 kB"
    const auto memTotal = findKeyValue(roots.proc / "meminfo", "MemTotal", ':');
    std::uint64_t kibibytes = 0;
    if (std::from_chars(memTotal.data(), memTotal.data() + memTotal.size(), kibibytes).ec == std::errc())
        machine.memoryBytes = kibibytes * 1024;

    machine.cpu.model = findKeyValue(roots.proc / "cpuinfo", "model name", ':');
    describeTopology(roots.sys / "devices/system/cpu", machine.cpu);
    if (machine.cpu.caches.empty())
        machine.cpu.caches = cachesFromCpuid();
    return machine;
}

void writeMachineJson(JsonWriter& json, const MachineDescription& machine) {
    json.beginObject()
        .field("hostname", machine.hostname)
        .field("os", machine.operatingSystem)
        .field("kernel", machine.kernel)
        .field("compiler", machine.compiler)
        .field("memory_bytes", machine.memoryBytes);
    json.key("cpu")
        .beginObject()
        .field("model", machine.cpu.model)
        .field("logical_cpus", machine.cpu.logicalCpus)
        .field("physical_cores", machine.cpu.physicalCores)
        .field("sockets", machine.cpu.sockets);
    json.key("caches").beginArray();
    for (const auto& cache : machine.cpu.caches) {
        json.beginObject()
            .field("level", cache.level)
            .field("type", cache.type)
            .field("size_bytes", cache.sizeBytes)
            .field("line_bytes", cache.lineBytes)
            .field("shared_by_logical_cpus", cache.sharedByLogicalCpus)
            .field("instances", cache.instances)
            .field("source", cache.source)
            .endObject();
    }
    json.endArray().endObject();

    const auto& cuda = machine.cuda;
    json.key("cuda")
        .beginObject()
        .field("built_with_cuda", cuda.builtWithCuda)
        .field("runtime_version", cuda.runtimeVersion)
        .field("driver_version", cuda.driverVersion)
        .field("status", cuda.status);
    json.key("devices").beginArray();
    for (const auto& device : cuda.devices) {
        json.beginObject()
            .field("index", device.index)
            .field("name", device.name)
            .field("compute_capability", std::to_string(device.computeCapabilityMajor) + "." +
                                             std::to_string(device.computeCapabilityMinor))
            .field("multiprocessors", device.multiprocessors)
            .field("global_memory_bytes", device.globalMemoryBytes)
            .field("l2_cache_bytes", device.l2CacheBytes)
            .field("sm_clock_hz", device.smClockHz)
            .field("memory_clock_hz", device.memoryClockHz)
            .field("memory_bus_width_bits", device.memoryBusWidthBits)
            .endObject();
    }
    json.endArray().endObject();
    json.endObject();
}

} // namespace sciperf
