#include "sciperf/analysis/tracking/csv.h"

#include "csv_table.h"
#include "sciperf/analysis/gzip.h"

#include <algorithm>
#include <array>
#include <fstream>

namespace sciperf::tracking {
namespace {

using detail::BasicColumn;

// Column bindings of each file; `Part` is const for writing.
template <class Part> using ColumnOf = BasicColumn<!std::is_const_v<Part>>;

template <class Part>
requires std::same_as<std::remove_const_t<Part>, Hits>
auto columnsOf(Part& p) {
    using C = ColumnOf<Part>;
    return std::array{C{"hit_id", &p.hitId},
                      C{"x", &p.x},
                      C{"y", &p.y},
                      C{"z", &p.z},
                      C{"volume_id", &p.volumeId},
                      C{"layer_id", &p.layerId},
                      C{"module_id", &p.moduleId}};
}

template <class Part>
requires std::same_as<std::remove_const_t<Part>, Cells>
auto columnsOf(Part& p) {
    using C = ColumnOf<Part>;
    return std::array{C{"hit_id", &p.hitId}, C{"ch0", &p.ch0}, C{"ch1", &p.ch1}, C{"value", &p.value}};
}

template <class Part>
requires std::same_as<std::remove_const_t<Part>, Particles>
auto columnsOf(Part& p) {
    using C = ColumnOf<Part>;
    return std::array{C{"particle_id", &p.particleId},
                      C{"particle_type", &p.particleType, false},
                      C{"vx", &p.vx},
                      C{"vy", &p.vy},
                      C{"vz", &p.vz},
                      C{"px", &p.px},
                      C{"py", &p.py},
                      C{"pz", &p.pz},
                      C{"q", &p.q},
                      C{"nhits", &p.nhits}};
}

template <class Part>
requires std::same_as<std::remove_const_t<Part>, Truth>
auto columnsOf(Part& p) {
    using C = ColumnOf<Part>;
    return std::array{C{"hit_id", &p.hitId}, C{"particle_id", &p.particleId},
                      C{"tx", &p.tx},        C{"ty", &p.ty},
                      C{"tz", &p.tz},        C{"tpx", &p.tpx},
                      C{"tpy", &p.tpy},      C{"tpz", &p.tpz},
                      C{"weight", &p.weight}};
}

template <class Part>
requires std::same_as<std::remove_const_t<Part>, Submission>
auto columnsOf(Part& p) {
    using C = ColumnOf<Part>;
    return std::array{C{"hit_id", &p.hitId}, C{"track_id", &p.trackId}};
}

template <class Part> Result<Part> parsePart(std::string_view text, const std::string& file) {
    Part part;
    if (const Result<void> parsed = detail::parseTable(text, file, columnsOf(part)); !parsed)
        return parsed.error();
    return part;
}

template <class Part> Result<Part> readPart(const std::filesystem::path& file) {
    Part part;
    if (const Result<void> read = detail::readTable(file.string(), columnsOf(part)); !read)
        return read.error();
    return part;
}

template <class Part> void writePart(std::ostream& out, const Part& part) {
    detail::writeTable(out, columnsOf(part));
}

// Reads the optional part `name` of an event into `part` when its file exists.
template <class Part>
Result<void> readOptionalPart(const std::filesystem::path& dir, std::string_view prefix,
                              std::string_view name, std::optional<Part>& part) {
    const std::filesystem::path file = findEventFile(dir, prefix, name);
    if (file.empty())
        return {};
    Result<Part> read = readPart<Part>(file);
    if (!read)
        return read.error();
    part = std::move(read).value();
    return {};
}

} // namespace

Result<std::string> readText(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary | std::ios::ate);
    if (!in)
        return fail(file.string() + ": cannot open");
    std::string bytes(std::size_t(in.tellg()), '\0');
    in.seekg(0);
    if (!in.read(bytes.data(), std::streamsize(bytes.size())))
        return fail(file.string() + ": cannot read");
    if (isGzip(bytes))
        return gunzip(bytes, file.string());
    return bytes;
}

Result<Hits> parseHits(std::string_view text, const std::string& file) {
    return parsePart<Hits>(text, file);
}
Result<Cells> parseCells(std::string_view text, const std::string& file) {
    return parsePart<Cells>(text, file);
}
Result<Particles> parseParticles(std::string_view text, const std::string& file) {
    return parsePart<Particles>(text, file);
}
Result<Truth> parseTruth(std::string_view text, const std::string& file) {
    return parsePart<Truth>(text, file);
}
Result<Submission> parseSubmission(std::string_view text, const std::string& file) {
    return parsePart<Submission>(text, file);
}

Result<Hits> readHits(const std::filesystem::path& file) {
    return readPart<Hits>(file);
}
Result<Cells> readCells(const std::filesystem::path& file) {
    return readPart<Cells>(file);
}
Result<Particles> readParticles(const std::filesystem::path& file) {
    return readPart<Particles>(file);
}
Result<Truth> readTruth(const std::filesystem::path& file) {
    return readPart<Truth>(file);
}
Result<Submission> readSubmission(const std::filesystem::path& file) {
    return readPart<Submission>(file);
}

std::filesystem::path findEventFile(const std::filesystem::path& dir, std::string_view prefix,
                                    std::string_view part) {
    const std::string stem = std::string(prefix) + "-" + std::string(part) + ".csv";
    for (const std::string& name : {stem, stem + ".gz"})
        if (std::filesystem::is_regular_file(dir / name))
            return dir / name;
    return {};
}

std::vector<std::string> listEvents(const std::filesystem::path& dir) {
    std::vector<std::string> prefixes;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        const std::string name = entry.path().filename().string();
        for (const std::string_view suffix : {"-hits.csv", "-hits.csv.gz"})
            if (name.size() > suffix.size() && name.ends_with(suffix) && entry.is_regular_file(error))
                prefixes.push_back(name.substr(0, name.size() - suffix.size()));
    }
    std::sort(prefixes.begin(), prefixes.end());
    prefixes.erase(std::unique(prefixes.begin(), prefixes.end()), prefixes.end());
    return prefixes;
}

Result<Event> readEvent(const std::filesystem::path& dir, std::string_view prefix) {
    Event event;
    const std::filesystem::path hitsFile = findEventFile(dir, prefix, "hits");
    if (hitsFile.empty())
        return fail((dir / (std::string(prefix) + "-hits.csv")).string() + ": no such file (nor .csv.gz)");
    Result<Hits> hits = readHits(hitsFile);
    if (!hits)
        return hits.error();
    event.hits = std::move(hits).value();
    for (const Result<void>& read : {readOptionalPart(dir, prefix, "cells", event.cells),
                                     readOptionalPart(dir, prefix, "particles", event.particles),
                                     readOptionalPart(dir, prefix, "truth", event.truth)})
        if (!read)
            return read.error();
    return event;
}

void writeCsv(std::ostream& out, const Hits& hits) {
    writePart(out, hits);
}
void writeCsv(std::ostream& out, const Cells& cells) {
    writePart(out, cells);
}
void writeCsv(std::ostream& out, const Particles& particles) {
    writePart(out, particles);
}
void writeCsv(std::ostream& out, const Truth& truth) {
    writePart(out, truth);
}
void writeCsv(std::ostream& out, const Submission& submission) {
    writePart(out, submission);
}

void writeCsv(std::ostream& out, const Submission& submission, std::int64_t eventId) {
    const std::vector<std::int64_t> eventIds(submission.size(), eventId);
    using C = ColumnOf<const Submission>;
    detail::writeTable(out, std::array{C{"event_id", &eventIds}, C{"hit_id", &submission.hitId},
                                       C{"track_id", &submission.trackId}});
}

} // namespace sciperf::tracking
