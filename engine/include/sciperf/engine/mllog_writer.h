#pragma once
// Writes an MLPerf log of an own run (reference/mlperf-hpc.md §1), one event a line exactly as
// mlcommons' mllog does:
//   :::MLLOG {"namespace": "", "time_ms": 1601089214811, "event_type": "INTERVAL_START",
//             "key": "run_start", "value": null, "metadata": {"file": "gnn_workload.cpp", "lineno": 210}}
// Every line is flushed as it is written, so that a live tail (collectors' log follower) sees the
// run as it goes and a crash loses no finished line. The metadata's file and lineno are the
// caller's (std::source_location).

#include "sciperf/analysis/result.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <source_location>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sciperf {

class MlLogWriter {
public:
    // Creates (truncates) `file`.
    static Result<MlLogWriter> create(const std::filesystem::path& file);

    // Extra metadata members: {name, JSON value text}, e.g. {"epoch_num", "3"}.
    using Metadata = std::vector<std::pair<std::string, std::string>>;

    // `valueJson` is the value's JSON text ("null", "0.95", "\"adam\"").
    void event(std::string_view key, std::string_view valueJson, const Metadata& metadata = {},
               std::source_location where = std::source_location::current());
    void start(std::string_view key, const Metadata& metadata = {},
               std::source_location where = std::source_location::current());
    void end(std::string_view key, const Metadata& metadata = {},
             std::source_location where = std::source_location::current());

    // JSON value texts.
    static std::string text(std::string_view value);
    static std::string number(double value);
    static std::string integer(std::int64_t value);

private:
    struct Closer {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    explicit MlLogWriter(std::FILE* file)
        : m_file(file) {}
    void write(std::string_view eventType, std::string_view key, std::string_view valueJson,
               const Metadata& metadata, const std::source_location& where);
    std::unique_ptr<std::FILE, Closer> m_file;
};

} // namespace sciperf
