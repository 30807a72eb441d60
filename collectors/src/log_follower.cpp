#include "sciperf/collectors/log_follower.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace sciperf {

LogFollower::LogFollower(std::filesystem::path file, mlperf::Benchmark benchmark)
    : m_file(std::move(file))
    , m_benchmark(benchmark)
    , m_parser(m_file.string(), benchmark) {}

void LogFollower::restart() {
    m_parser = mlperf::LogParser(m_file.string(), m_benchmark);
    m_offset = 0;
    ++m_restarts;
}

Result<std::size_t> LogFollower::poll(std::size_t maxBytes) {
    const int fd = ::open(m_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail("cannot follow " + m_file.string() + ": " + std::strerror(errno));
    struct stat status {};
    if (::fstat(fd, &status) != 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        return fail("cannot follow " + m_file.string() + ": " + reason);
    }
    const auto device = static_cast<std::uint64_t>(status.st_dev);
    const auto inode = static_cast<std::uint64_t>(status.st_ino);
    const auto size = static_cast<std::uint64_t>(status.st_size);
    const bool replaced = m_offset > 0 && (device != m_device || inode != m_inode);
    if (replaced || size < m_offset)
        restart();
    m_device = device;
    m_inode = inode;

    std::string buffer(static_cast<std::size_t>(std::min<std::uint64_t>(size - m_offset, maxBytes)), '\0');
    std::size_t filled = 0;
    while (filled < buffer.size()) {
        const ssize_t got = ::pread(fd, buffer.data() + filled, buffer.size() - filled,
                                    static_cast<off_t>(m_offset + filled));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            return fail("cannot read " + m_file.string() + ": " + reason);
        }
        if (got == 0)
            break; // truncated between fstat and read: the next poll sees the new size
        filled += static_cast<std::size_t>(got);
    }
    ::close(fd);
    m_parser.feed(std::string_view(buffer.data(), filled));
    m_offset += filled;
    return filled;
}

} // namespace sciperf
