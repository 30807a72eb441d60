// The built-in TrackML detector description: resources/trackml/detectors.csv.gz, assembled into
// the engine library with `.incbin` (the engine has no Qt, so no Qt resource system), inflated
// and parsed on demand.

#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/engine/event_simulation.h"

#include <string>
#include <string_view>
#include <zlib.h>

#ifndef SCIPERF_DETECTORS_GZ
#error "SCIPERF_DETECTORS_GZ (the path of detectors.csv.gz) must be defined by the build"
#endif

// Hidden: the bytes are the engine's own, not part of any library interface.
__asm__(".pushsection .rodata.sciperf_detectors, \"a\", @progbits\n"
        ".balign 16\n"
        ".globl sciperf_detectors_gz_begin\n"
        ".hidden sciperf_detectors_gz_begin\n"
        "sciperf_detectors_gz_begin:\n"
        ".incbin \"" SCIPERF_DETECTORS_GZ "\"\n"
        ".globl sciperf_detectors_gz_end\n"
        ".hidden sciperf_detectors_gz_end\n"
        "sciperf_detectors_gz_end:\n"
        ".popsection\n");

extern "C" const unsigned char sciperf_detectors_gz_begin[];
extern "C" const unsigned char sciperf_detectors_gz_end[];

namespace sciperf {
namespace {

// One gzip member inflated into memory. (The analysis layer inflates files only, by path.)
Result<std::string> gunzip(std::string_view compressed) {
    z_stream stream{};
    if (inflateInit2(&stream, 15 + 16) != Z_OK) // 15: largest window; +16: gzip wrapper
        return fail("cannot initialise zlib");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::string text;
    int status = Z_OK;
    while (status == Z_OK) {
        const std::size_t done = text.size();
        text.resize(done + (std::size_t{1} << 20));
        stream.next_out = reinterpret_cast<Bytef*>(text.data() + done);
        stream.avail_out = 1u << 20;
        status = inflate(&stream, Z_NO_FLUSH);
        text.resize(text.size() - stream.avail_out);
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END)
        return fail("the built-in detector description is not valid gzip data");
    return text;
}

} // namespace

Result<tracking::Detector> builtInDetector() {
    const std::string_view compressed(
        reinterpret_cast<const char*>(sciperf_detectors_gz_begin),
        static_cast<std::size_t>(sciperf_detectors_gz_end - sciperf_detectors_gz_begin));
    Result<std::string> text = gunzip(compressed);
    if (!text)
        return text.error();
    return tracking::parseDetector(text.value(), "built-in detectors.csv");
}

} // namespace sciperf
