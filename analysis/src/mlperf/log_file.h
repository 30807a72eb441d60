#pragma once
// Reading a log file in bounded chunks, shared by parseLogFile and the results-tree loader (which
// also needs the content hash, computed on the same pass over the bytes).

#include "sciperf/analysis/mlperf/log.h"

#include <cstdint>
#include <string>

namespace sciperf::mlperf {

// Parses `path`; when `hash` is given, stores the FNV-1a hash of the bytes read. `ok` is false
// when the file could not be opened or read (the summary then carries the Error diagnostic).
struct ReadLog {
    ParsedLog parsed;
    std::uint64_t hash = 0;
    bool ok = false;
};
ReadLog readLogFile(const std::string& path, Benchmark benchmark, bool keepEvents);

} // namespace sciperf::mlperf
