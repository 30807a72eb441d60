#pragma once
// gzip in memory, for TrackML's .csv.gz files and the engine's built-in detector description.
// zlib is optional: the headless targets must build with the C++ standard library alone on the GPU
// machine (DESIGN.md), where a build without zlib answers every gzip request with a clear error.

#include "sciperf/analysis/result.h"

#include <string>
#include <string_view>

namespace sciperf {

// gzip's magic bytes at the start.
bool isGzip(std::string_view bytes);

// Inflates every gzip member of `compressed` (gzip allows several, concatenated). Errors name
// `file`: "file:line: gzip data ends early (truncated file)" (the line reached), "file: not valid
// gzip data (...)", or that this build has no zlib.
Result<std::string> gunzip(std::string_view compressed, const std::string& file);

// `text` as one gzip member (what `gzip` writes, readable by gunzip and pandas).
Result<std::string> gzipCompress(std::string_view text);

} // namespace sciperf
