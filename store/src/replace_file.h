#pragma once
// Internal: the last step of every atomic write in the store, shared by SQLite and HDF5 writers.

#include "sciperf/analysis/result.h"

#include <filesystem>

namespace sciperf {

// Moves a finished temporary file over `target`: flush it, rename, flush the folder, so that a
// crash leaves either the old target or the new one. On failure the temporary file is removed.
Result<void> replaceWithFinishedFile(const std::filesystem::path& temporary,
                                     const std::filesystem::path& target);

} // namespace sciperf
