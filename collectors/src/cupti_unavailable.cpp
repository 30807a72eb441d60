// The CUPTI backend of a build without the CUDA toolkit's headers: nothing can be profiled, and
// every entry point says why.
#include "cupti_backend.h"

namespace sciperf::cupti {
namespace {
constexpr char kReason[] = "CUPTI unavailable: built without the CUDA toolkit (no CUPTI headers)";
}

std::string unavailableReason() {
    return kReason;
}

Result<std::unique_ptr<ActivityTrace>> startActivityTrace() {
    return fail(kReason);
}

Result<std::unique_ptr<RangeProfile>> startRangeProfile(std::size_t) {
    return fail(kReason);
}

Result<MetricSupport> checkMetricsOnChip(const std::string&, const std::vector<std::string>&) {
    return fail(kReason);
}

} // namespace sciperf::cupti
