#include "sciperf/engine/atomic_file.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace sciperf {
namespace {

Error systemError(const std::string& what, const std::filesystem::path& path) {
    return fail(what + " " + path.string() + ": " + std::strerror(errno));
}

Result<void> syncPath(const std::filesystem::path& path, int flags) {
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0)
        return systemError("cannot open", path);
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        return systemError("cannot flush", path);
    return {};
}

} // namespace

std::filesystem::path temporarySiblingPath(const std::filesystem::path& target) {
    static std::atomic<unsigned> counter{0};
    auto name = target.filename().string();
    name = "." + name + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    return target.parent_path() / name;
}

Result<void> syncFileAndFolder(const std::filesystem::path& file) {
    if (auto synced = syncPath(file, O_RDONLY); !synced)
        return synced;
    const auto folder = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    return syncPath(folder, O_RDONLY | O_DIRECTORY);
}

Result<void> writeFileAtomically(const std::filesystem::path& target, std::string_view contents) {
    const auto temporary = temporarySiblingPath(target);
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0)
        return systemError("cannot create", temporary);
    const char* data = contents.data();
    std::size_t left = contents.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, left);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            auto error = systemError("cannot write", temporary);
            ::close(fd);
            ::unlink(temporary.c_str());
            return error;
        }
        data += written;
        left -= static_cast<std::size_t>(written);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        auto error = systemError("cannot flush", temporary);
        ::unlink(temporary.c_str());
        return error;
    }
    if (::rename(temporary.c_str(), target.c_str()) != 0) {
        auto error = systemError("cannot replace", target);
        ::unlink(temporary.c_str());
        return error;
    }
    const auto folder = target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
    return syncPath(folder, O_RDONLY | O_DIRECTORY);
}

} // namespace sciperf
