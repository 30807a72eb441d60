#pragma once
// Writes that matter are atomic: the new contents go to a temporary file in the same folder,
// are flushed to disk, then renamed over the target. A crash leaves the old file or the new one.

#include "sciperf/analysis/result.h"

#include <filesystem>
#include <string_view>

namespace sciperf {

Result<void> writeFileAtomically(const std::filesystem::path& target, std::string_view contents);

// A unique, not yet existing path next to `target` for a temporary file (same file system, so
// that std::filesystem::rename onto `target` is atomic).
std::filesystem::path temporarySiblingPath(const std::filesystem::path& target);

// fsync a finished file (by path) and its folder, so a following rename survives a power cut.
Result<void> syncFileAndFolder(const std::filesystem::path& file);

} // namespace sciperf
