#include "cupti_backend.h"
#include "sciperf/collectors/cupti_profiler.h"
#include "sciperf/engine/atomic_file.h"

#include <algorithm>

namespace sciperf {
namespace {

// Ranges the counter data image has room for; later kernels are dropped (and counted).
constexpr std::size_t kMaxRanges = 4096;

class ProfileCapture final : public RunCapture {
public:
    explicit ProfileCapture(ProfileMode mode)
        : m_mode(mode) {}

    void begin() override {
        const ProfilerAvailability availability = profilerAvailability();
        if (!availability.available) {
            m_gpuStatus = availability.reason;
            return;
        }
        if (m_mode == ProfileMode::Timeline) {
            auto trace = cupti::startActivityTrace();
            if (trace)
                m_trace = std::move(trace).value();
            else
                m_gpuStatus = "failed: " + trace.error().message;
        } else {
            auto profile = cupti::startRangeProfile(kMaxRanges);
            if (profile)
                m_profile = std::move(profile).value();
            else
                m_gpuStatus = "failed: " + profile.error().message;
        }
    }

    Result<void> finish(const std::filesystem::path& directory,
                        std::vector<roofline::KernelRecord> workloadRecords, JsonWriter& profile) override {
        std::vector<roofline::KernelRecord> gpuRecords;
        if (m_trace)
            gpuRecords = stopped(*m_trace);
        else if (m_profile)
            gpuRecords = stopped(*m_profile);
        const std::size_t gpuCount = gpuRecords.size();
        const std::size_t workloadCount = workloadRecords.size();
        std::vector<roofline::KernelRecord> records = std::move(gpuRecords);
        records.insert(records.end(), std::make_move_iterator(workloadRecords.begin()),
                       std::make_move_iterator(workloadRecords.end()));

        profile.field("mode", profileModeName(m_mode))
            .field("status", records.empty() ? "not captured" : "captured")
            .field("gpu", m_gpuStatus)
            .field("records", static_cast<std::int64_t>(records.size()))
            .field("gpu_records", static_cast<std::int64_t>(gpuCount))
            .field("workload_records", static_cast<std::int64_t>(workloadCount));
        if (m_trace)
            profile.field("dropped_records", static_cast<std::int64_t>(m_trace->droppedRecords()));
        if (m_profile) {
            profile.field("chip", m_profile->chip())
                .field("passes", static_cast<std::int64_t>(m_profile->passes()))
                .field("dropped_ranges", static_cast<std::int64_t>(m_profile->droppedRanges()));
            profile.key("unsupported_metrics").beginArray();
            for (const auto& metric : m_profile->unsupportedMetrics())
                profile.value(metric);
            profile.endArray();
        }
        if (records.empty())
            return {};
        const std::string source =
            gpuCount > 0 ? (m_mode == ProfileMode::Timeline ? "CUPTI activity" : "CUPTI range profiler")
                         : "workload";
        profile.field("file", roofline::kKernelRecordsFile);
        return writeFileAtomically(directory / roofline::kKernelRecordsFile,
                                   roofline::writeKernelRecordsJsonl(records, source));
    }

private:
    // The records of a started trace or profile; where stopping fails, none, and the status says why.
    template <class Capture> std::vector<roofline::KernelRecord> stopped(Capture& capture) {
        auto records = capture.stop();
        if (!records) {
            m_gpuStatus = "failed: " + records.error().message;
            return {};
        }
        m_gpuStatus = "captured";
        return std::move(records).value();
    }

    ProfileMode m_mode;
    std::string m_gpuStatus = "not started";
    std::unique_ptr<cupti::ActivityTrace> m_trace;
    std::unique_ptr<cupti::RangeProfile> m_profile;
};

} // namespace

std::string_view profileModeName(ProfileMode mode) {
    return mode == ProfileMode::Timeline ? "timeline" : "metrics";
}

std::optional<ProfileMode> profileModeNamed(std::string_view name) {
    for (const ProfileMode mode : {ProfileMode::Timeline, ProfileMode::Metrics})
        if (profileModeName(mode) == name)
            return mode;
    return std::nullopt;
}

ProfilerAvailability profilerAvailability() {
    std::string reason = cupti::unavailableReason();
    return {reason.empty(), std::move(reason)};
}

std::unique_ptr<RunCapture> makeProfileCapture(ProfileMode mode) {
    return std::make_unique<ProfileCapture>(mode);
}

Result<ChipMetricSupport> kernelMetricSupport(const std::string& chip) {
    return kernelMetricSupport(chip, roofline::kernelMetricNames());
}

Result<ChipMetricSupport> kernelMetricSupport(const std::string& chip,
                                              const std::vector<std::string>& metrics) {
    auto support = cupti::checkMetricsOnChip(chip, metrics);
    if (!support)
        return support.error();
    return ChipMetricSupport{std::move(support->unsupported), support->passes};
}

} // namespace sciperf
