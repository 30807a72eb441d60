#include "sciperf/analysis/tracking/csv.h"

#include "csv_table.h"

#include <algorithm>
#include <array>
#include <fstream>
#include <zlib.h>

namespace sciperf::tracking {
namespace {

using detail::BasicColumn;

bool isGzip(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// Inflates every gzip member of `compressed` (gzip allows several, concatenated).
Result<std::string> gunzip(std::string_view compressed, const std::string& file) {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) // 15: largest window; +16: gzip wrapper
        return fail(file + ": zlib cannot start inflating");
    std::string text;
    // The last four bytes hold the uncompressed size modulo 4 GiB: a hint for one allocation.
    std::size_t sizeHint = 0;
    if (compressed.size() >= 4) {
        const auto tail = reinterpret_cast<const unsigned char*>(compressed.data() + compressed.size() - 4);
        sizeHint = tail[0] | (tail[1] << 8) | (tail[2] << 16) | (std::size_t(tail[3]) << 24);
    }
    text.resize(std::max<std::size_t>(std::min<std::size_t>(sizeHint, std::size_t(1) << 30) + 1, 1 << 16));

    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = uInt(compressed.size());
    std::size_t produced = 0;
    int status = Z_OK;
    while (true) {
        if (produced == text.size())
            text.resize(text.size() * 2);
        stream.next_out = reinterpret_cast<Bytef*>(text.data() + produced);
        stream.avail_out = uInt(std::min<std::size_t>(text.size() - produced, 1u << 30));
        const uInt before = stream.avail_out;
        status = inflate(&stream, Z_NO_FLUSH);
        produced += before - stream.avail_out;
        if (status == Z_STREAM_END && stream.avail_in > 0) {
            inflateReset(&stream);
            continue;
        }
        // Z_BUF_ERROR with input left means only that the output was full.
        if (status == Z_BUF_ERROR && stream.avail_in == 0)
            break; // input exhausted inside a member
        if (status != Z_OK && status != Z_BUF_ERROR)
            break;
    }
    const char* message = stream.msg;
    inflateEnd(&stream);
    text.resize(produced);
    if (status == Z_STREAM_END)
        return text;
    if (status == Z_BUF_ERROR || status == Z_OK) {
        const auto line = std::count(text.begin(), text.end(), '\n') + 1;
        return fail(file + ":" + std::to_string(line) + ": gzip data ends early (truncated file)");
    }
    return fail(file + ": not valid gzip data (" + (message ? message : "zlib error") + ")");
}

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

std::string gzipCompress(std::string_view text) {
    z_stream stream{};
    deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
    std::string compressed(deflateBound(&stream, uLong(text.size())), '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
    stream.avail_in = uInt(text.size());
    stream.next_out = reinterpret_cast<Bytef*>(compressed.data());
    stream.avail_out = uInt(compressed.size());
    deflate(&stream, Z_FINISH); // one call suffices: the output holds deflateBound bytes
    compressed.resize(stream.total_out);
    deflateEnd(&stream);
    return compressed;
}

} // namespace sciperf::tracking
