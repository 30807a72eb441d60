#include "sciperf/engine/mllog_writer.h"

#include "sciperf/analysis/json_writer.h"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>

namespace sciperf {

Result<MlLogWriter> MlLogWriter::create(const std::filesystem::path& file) {
    std::FILE* f = std::fopen(file.c_str(), "w");
    if (f == nullptr)
        return fail("cannot write " + file.string() + ": " + std::strerror(errno));
    return MlLogWriter(f);
}

std::string MlLogWriter::text(std::string_view value) {
    return jsonQuoted(value);
}

std::string MlLogWriter::number(double value) {
    if (!std::isfinite(value))
        return "null";
    JsonWriter json;
    json.value(value);
    return json.text();
}

std::string MlLogWriter::integer(std::int64_t value) {
    return std::to_string(value);
}

void MlLogWriter::event(std::string_view key, std::string_view valueJson, const Metadata& metadata,
                        std::source_location where) {
    write("POINT_IN_TIME", key, valueJson, metadata, where);
}

void MlLogWriter::start(std::string_view key, const Metadata& metadata, std::source_location where) {
    write("INTERVAL_START", key, "null", metadata, where);
}

void MlLogWriter::end(std::string_view key, const Metadata& metadata, std::source_location where) {
    write("INTERVAL_END", key, "null", metadata, where);
}

void MlLogWriter::write(std::string_view eventType, std::string_view key, std::string_view valueJson,
                        const Metadata& metadata, const std::source_location& where) {
    const auto timeMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    std::string line = ":::MLLOG {\"namespace\": \"\", \"time_ms\": " + std::to_string(timeMs) +
                       ", \"event_type\": \"" + std::string(eventType) + "\", \"key\": " + jsonQuoted(key) +
                       ", \"value\": " + std::string(valueJson) + ", \"metadata\": {\"file\": " +
                       jsonQuoted(std::filesystem::path(where.file_name()).filename().string()) +
                       ", \"lineno\": " + std::to_string(where.line());
    for (const auto& [name, value] : metadata)
        line += ", " + jsonQuoted(name) + ": " + value;
    line += "}}\n";
    std::fputs(line.c_str(), m_file.get());
    std::fflush(m_file.get());
}

} // namespace sciperf
