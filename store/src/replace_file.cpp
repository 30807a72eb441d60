#include "replace_file.h"

#include "sciperf/engine/atomic_file.h"

#include <system_error>

namespace sciperf {

Result<void> replaceWithFinishedFile(const std::filesystem::path& temporary,
                                     const std::filesystem::path& target) {
    std::error_code ignored;
    if (auto synced = syncFileAndFolder(temporary); !synced) {
        std::filesystem::remove(temporary, ignored);
        return synced;
    }
    std::error_code renamed;
    std::filesystem::rename(temporary, target, renamed);
    if (renamed) {
        std::filesystem::remove(temporary, ignored);
        return fail("cannot replace " + target.string() + ": " + renamed.message());
    }
    // Flushes the folder again, now holding the rename.
    return syncFileAndFolder(target);
}

} // namespace sciperf
