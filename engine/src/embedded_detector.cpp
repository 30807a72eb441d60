// The built-in TrackML detector description: resources/trackml/detectors.csv.gz, assembled into
// the engine library with `.incbin` (the engine has no Qt, so no Qt resource system), inflated
// (analysis/gzip.h) and parsed on demand.

#include "sciperf/analysis/gzip.h"
#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/engine/event_simulation.h"

#include <string>
#include <string_view>

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

Result<tracking::Detector> builtInDetector() {
    const std::string_view compressed(
        reinterpret_cast<const char*>(sciperf_detectors_gz_begin),
        static_cast<std::size_t>(sciperf_detectors_gz_end - sciperf_detectors_gz_begin));
    Result<std::string> text = gunzip(compressed, "built-in detectors.csv.gz");
    if (!text)
        return text.error();
    return tracking::parseDetector(text.value(), "built-in detectors.csv");
}

} // namespace sciperf
