#pragma once
// Live mode: follows a growing MLPerf log (a run in progress). Each poll() reads what was appended
// since the last one and feeds it to the streaming parser, whose summary is then current. A file
// that shrinks or is replaced by a new one (a rerun, a rotated log) starts the summary over.

#include "sciperf/analysis/mlperf/log.h"
#include "sciperf/analysis/result.h"

#include <cstdint>
#include <filesystem>

namespace sciperf {

class LogFollower {
public:
    LogFollower(std::filesystem::path file, mlperf::Benchmark benchmark);

    // Reads at most `maxBytes` new bytes (so that a caller on the GUI thread stays responsive;
    // call again to catch up). Returns the number of bytes read, or an error naming the file.
    Result<std::size_t> poll(std::size_t maxBytes = 8 * 1024 * 1024);

    const mlperf::RunSummary& summary() const { return m_parser.summary(); }
    const std::filesystem::path& file() const { return m_file; }
    std::uint64_t offset() const { return m_offset; }
    // How many times the file was found shrunk or replaced and the summary started over.
    int restarts() const { return m_restarts; }

private:
    void restart();

    std::filesystem::path m_file;
    mlperf::Benchmark m_benchmark;
    mlperf::LogParser m_parser;
    std::uint64_t m_offset = 0;
    std::uint64_t m_device = 0;
    std::uint64_t m_inode = 0;
    int m_restarts = 0;
};

} // namespace sciperf
