#include "sciperf/analysis/gzip.h"

#include <algorithm>
#include <cstddef>

#if SCIPERF_HAVE_ZLIB
#include <zlib.h>
#endif

namespace sciperf {

bool isGzip(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

#if SCIPERF_HAVE_ZLIB

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

Result<std::string> gzipCompress(std::string_view text) {
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

#else

Result<std::string> gunzip(std::string_view, const std::string& file) {
    return fail(file + ": gzip data, and this build has no zlib (install zlib1g-dev and rebuild)");
}

Result<std::string> gzipCompress(std::string_view) {
    return fail("gzip needs zlib, and this build has none (install zlib1g-dev and rebuild)");
}

#endif

} // namespace sciperf
