#pragma once
// TrackML CSV files (reference/trackml.md §1): reading, plain or gzip, and writing.
//
// Reading finds columns by header name, so extra columns (particle_type, pandas' unnamed leading
// index column) and any column order are accepted; what matters is checked: a missing column, a
// value that is not a number of the column's type, a row with another number of fields than the
// header, an empty file and gzip data that ends early are errors "file:line: what". Blank lines
// are skipped, as pandas does. gzip is recognised by its magic bytes, not by the file name.
// The text is parsed in place with std::from_chars (no allocation per line or field).

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/event.h"

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf::tracking {

// The bytes of a file, gunzipped when it is gzip data. Errors: "file: cannot open",
// "file:line: gzip data ends early (truncated file)", "file: not valid gzip data (...)".
Result<std::string> readText(const std::filesystem::path& file);

// Parsing text already in memory; `file` names it in error messages.
Result<Hits> parseHits(std::string_view text, const std::string& file);
Result<Cells> parseCells(std::string_view text, const std::string& file);
Result<Particles> parseParticles(std::string_view text, const std::string& file);
Result<Truth> parseTruth(std::string_view text, const std::string& file);
Result<Submission> parseSubmission(std::string_view text, const std::string& file);

// readText + parse.
Result<Hits> readHits(const std::filesystem::path& file);
Result<Cells> readCells(const std::filesystem::path& file);
Result<Particles> readParticles(const std::filesystem::path& file);
Result<Truth> readTruth(const std::filesystem::path& file);
Result<Submission> readSubmission(const std::filesystem::path& file);

// The file of one part of an event, `dir/prefix-part.csv` or `.csv.gz` (as the library's glob
// `prefix-part.csv*`); empty when neither exists. `part` is "hits", "cells", "particles", "truth".
std::filesystem::path findEventFile(const std::filesystem::path& dir, std::string_view prefix,
                                    std::string_view part);

// The events in `dir`: the prefixes of its `prefix-hits.csv` and `.csv.gz` files, sorted, each once.
std::vector<std::string> listEvents(const std::filesystem::path& dir);

// The event `prefix` (e.g. "event000000001") in `dir`: hits are required, cells, particles and
// truth are read when their file exists.
Result<Event> readEvent(const std::filesystem::path& dir, std::string_view prefix);

// Writing: exactly the challenge's column names and order (particles: particle_type second, only
// when present), numbers in their shortest exact text. Sizes of a structure's columns must agree.
void writeCsv(std::ostream& out, const Hits& hits);
void writeCsv(std::ostream& out, const Cells& cells);
void writeCsv(std::ostream& out, const Particles& particles);
void writeCsv(std::ostream& out, const Truth& truth);
void writeCsv(std::ostream& out, const Submission& submission);
// The challenge's submission file for one event: event_id,hit_id,track_id (readSubmission skips
// the event_id column).
void writeCsv(std::ostream& out, const Submission& submission, std::int64_t eventId);

} // namespace sciperf::tracking
