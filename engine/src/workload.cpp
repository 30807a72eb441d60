#include "sciperf/engine/workload.h"

#include "event_simulation_workload.h"
#include "gnn_workload.h"
#include "sciperf/engine/atomic_file.h"
#include "sciperf/engine/cpu_kernels.h"
#include "sciperf/engine/ert.h"
#include "sciperf/engine/ert_gpu.h"
#include "sciperf/engine/machine.h"
#include "track_reconstruction_workload.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <ctime>
#include <optional>

#ifndef SCIPERF_VERSION
#error "SCIPERF_VERSION must be defined by the build"
#endif

namespace sciperf {
namespace {

// sysinfo records only the machine description that every run carries.
Result<void> runSysinfo(const RunContext&, JsonWriter&) {
    return {};
}

// Maps a part's progress in [0, 1] onto its share of the whole: a workload's after the machine
// description step, and ert's CPU and GPU parts within the workload.
class ScaledProgress final : public ProgressReporter {
public:
    ScaledProgress(ProgressReporter& outer, double offset, double scale)
        : m_outer(outer)
        , m_offset(offset)
        , m_scale(scale) {}
    void progress(double fraction, std::string_view message) override {
        m_outer.progress(m_offset + m_scale * fraction, message);
    }
    bool cancelRequested() const override { return m_outer.cancelRequested(); }

private:
    ProgressReporter& m_outer;
    double m_offset;
    double m_scale;
};

// The members that CPU and GPU ceilings share in run.json: levels, peaks and the sweep.
void writeErtMembers(JsonWriter& results, const ErtResult& measured) {
    if (!measured.vectorIsa.empty())
        results.field("vector_isa", measured.vectorIsa);
    results.key("bandwidth_ceilings").beginArray();
    for (const auto& level : measured.ceilings.bandwidth)
        results.beginObject()
            .field("level", level.level)
            .field("bytes_per_second", level.bytesPerSecond)
            .endObject();
    results.endArray();
    results.key("peaks").beginArray();
    for (const auto& peak : measured.peaks)
        results.beginObject()
            .field("precision", peak.precision)
            .field("best_flops_per_second", peak.bestFlopsPerSecond)
            .field("worst_flops_per_second", peak.worstFlopsPerSecond)
            .endObject();
    results.endArray();
    // [working set per thread (bytes), best, worst (bytes/s)] per point of the sweep.
    results.key("bandwidth_sweep").beginArray();
    for (const auto& point : measured.sweep)
        results.beginArray()
            .value(point.workingSetBytes)
            .value(point.bestBytesPerSecond)
            .value(point.worstBytesPerSecond)
            .endArray();
    results.endArray();
    if (!measured.intensitySweep.empty()) {
        // [FLOPs per byte, best, worst (FLOP/s)] per point of the FLOPs-per-element sweep.
        results.key("intensity_sweep").beginArray();
        for (const auto& point : measured.intensitySweep)
            results.beginArray()
                .value(point.flopsPerByte)
                .value(point.bestFlopsPerSecond)
                .value(point.worstFlopsPerSecond)
                .endArray();
        results.endArray();
    }
}

// ert: this machine's CPU ceilings, then its GPU's where there is one; roofline.json (CPU) and
// roofline-gpu.json beside run.json in ERT's own format. No GPU is no failure: gpu_status says why.
Result<void> runErt(const RunContext& context, JsonWriter& results) {
    const CudaDescription cuda = describeCudaDevices();
    const bool hasGpu = cuda.status == "ok" && !cuda.devices.empty();
    ScaledProgress cpuProgress(context.progress, 0.0, hasGpu ? 0.8 : 1.0);
    const ErtResult measured = runCpuErt({}, cpuProgress);
    if (measured.cancelled)
        return {};
    if (auto written = writeFileAtomically(context.directory / "roofline.json",
                                           roofline::writeErtJson(measured.ceilings));
        !written)
        return written;
    results.field("threads", static_cast<std::int64_t>(measured.threads));
    writeErtMembers(results, measured);
    if (!hasGpu) {
        results.field("gpu_status", cuda.status);
        return {};
    }
    ScaledProgress gpuProgress(context.progress, 0.8, 0.2);
    const Result<ErtResult> gpu = runGpuErt({}, gpuProgress);
    if (!gpu) {
        results.field("gpu_status", "failed: " + gpu.error().message);
        return {};
    }
    if (gpu->cancelled)
        return {};
    if (auto written = writeFileAtomically(context.directory / "roofline-gpu.json",
                                           roofline::writeErtJson(gpu->ceilings));
        !written)
        return written;
    results.field("gpu_status", "ok");
    results.key("gpu").beginObject();
    results.field("device", cuda.devices.front().name)
        .field("multiprocessors", static_cast<std::int64_t>(gpu->threads))
        // Warp-level mma.sync, not Hopper's wgmma: on an H100 about half the published dense peak.
        .field("tensor_core_instruction", "mma.sync");
    writeErtMembers(results, gpu.value());
    results.endObject();
    return {};
}

// cpu-kernels: embedded CPU kernels with their own FLOP and byte counts, timed on all cores:
// the points of this machine's roofline.
Result<void> runCpuKernelsWorkload(const RunContext& context, JsonWriter& results) {
    const CpuKernelsResult measured = runCpuKernels({}, context.progress);
    if (measured.cancelled)
        return {};
    if (!measured.verificationError.empty())
        return fail(measured.verificationError);
    results.key("kernels");
    roofline::writeKernelPoints(results, measured.kernels);
    if (context.kernelRecords != nullptr)
        context.kernelRecords->insert(context.kernelRecords->end(), measured.launches.begin(),
                                      measured.launches.end());
    return {};
}

constexpr std::array kWorkloads{
    Workload{"sysinfo", "describe this machine: CPU, caches, memory, OS, compiler, CUDA devices",
             &runSysinfo},
    Workload{"ert", "measure this machine's CPU roofline ceilings (cache/DRAM bandwidth, FP64/FP32 peaks)",
             &runErt},
    Workload{"cpu-kernels",
             "run embedded CPU kernels (triad, dot, saxpy, stencil, dgemm) that count their FLOPs and bytes",
             &runCpuKernelsWorkload},
    Workload{"simulate", "simulate TrackML events (particles, hits, truth) as challenge CSV files",
             &runSimulateWorkload, kSimulateOptions},
    Workload{
        "track",
        "reconstruct tracks in TrackML events into challenge submission files, scored where truth is given",
        &runTrackWorkload, kTrackOptions},
    Workload{"track-train",
             "learn the tracker's tuning (windows, layer links, seed layers) from simulated events",
             &runTrackTrainWorkload, kTrackTrainOptions},
    Workload{"train",
             "train the GNN tracking pipeline (Interaction Network edge classifier) on simulated events, "
             "logged as an MLPerf HPC run (mllog.txt), and score its tracks",
             &runTrainWorkload, kTrainOptions},
};

std::string utcTimestamp(std::chrono::system_clock::time_point when) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(when);
    std::tm parts{};
    gmtime_r(&seconds, &parts);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return buffer;
}

Result<void> prepareDirectory(const std::filesystem::path& directory) {
    std::error_code ec;
    if (std::filesystem::exists(directory, ec)) {
        if (!std::filesystem::is_directory(directory, ec))
            return fail("run directory " + directory.string() + " exists and is not a folder");
        if (!std::filesystem::is_empty(directory, ec))
            return fail("run directory " + directory.string() + " is not empty; choose a new one");
        return {};
    }
    if (!std::filesystem::create_directories(directory, ec))
        return fail("cannot create run directory " + directory.string() + ": " + ec.message());
    return {};
}

std::optional<std::int64_t> parseInteger(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

} // namespace

std::int64_t RunContext::integer(std::string_view name, std::int64_t fallback) const {
    const auto found = arguments.find(name);
    return found == arguments.end() ? fallback : parseInteger(found->second).value_or(fallback);
}

std::string RunContext::text(std::string_view name, std::string fallback) const {
    const auto found = arguments.find(name);
    return found == arguments.end() ? fallback : found->second;
}

Result<void> checkArguments(const Workload& workload, const WorkloadArguments& arguments) {
    for (const auto& [name, value] : arguments) {
        const auto option = std::find_if(workload.options.begin(), workload.options.end(),
                                         [&](const WorkloadOption& o) { return o.name == name; });
        if (option == workload.options.end()) {
            std::string accepted;
            for (const WorkloadOption& o : workload.options)
                accepted += (accepted.empty() ? "" : ", ") + ("--" + std::string(o.name));
            return fail(std::string(workload.name) + " has no argument --" + name +
                        (accepted.empty() ? " (it takes none)" : " (it takes " + accepted + ")"));
        }
        if (option->kind == WorkloadOption::Kind::Integer) {
            const std::optional<std::int64_t> number = parseInteger(value);
            if (!number || *number < option->minimum || *number > option->maximum)
                return fail("--" + name + ": '" + value + "' is not a whole number from " +
                            std::to_string(option->minimum) + " to " + std::to_string(option->maximum));
        } else if (value.empty()) {
            return fail("--" + name + ": the path is empty");
        }
    }
    return {};
}

std::span<const Workload> allWorkloads() {
    return kWorkloads;
}

const Workload* findWorkload(std::string_view name) {
    for (const auto& workload : kWorkloads)
        if (workload.name == name)
            return &workload;
    return nullptr;
}

Result<RunOutcome> executeWorkload(const Workload& workload, const std::filesystem::path& directory,
                                   ProgressReporter& progress, const std::vector<std::string>& commandLine,
                                   const WorkloadArguments& arguments, RunCapture* capture,
                                   Communicator& communicator) {
    if (auto checked = checkArguments(workload, arguments); !checked)
        return checked.error();
    if (auto prepared = prepareDirectory(directory); !prepared)
        return prepared.error();
    const auto started = std::chrono::system_clock::now();
    const auto startedSteady = std::chrono::steady_clock::now();

    progress.progress(0.0, "Reading CPU, caches and memory");
    MachineDescription machine = describeHost();
    progress.progress(0.1, "Querying CUDA devices");
    machine.cuda = describeCudaDevices();

    JsonWriter results(JsonWriter::Layout::Indented);
    JsonWriter profile(JsonWriter::Layout::Indented);
    RunOutcome outcome{"completed", {}};
    if (progress.cancelRequested()) {
        outcome = {"cancelled", "cancelled before the workload started"};
    } else {
        ScaledProgress workloadProgress(progress, 0.2, 0.75);
        results.beginObject();
        std::vector<roofline::KernelRecord> records;
        const RunContext context{directory, workloadProgress, arguments, communicator,
                                 capture ? &records : nullptr};
        if (capture != nullptr)
            capture->begin();
        if (auto ran = workload.body(context, results); !ran)
            outcome = {"failed", ran.error().message};
        else if (progress.cancelRequested())
            outcome = {"cancelled", "cancelled while running"};
        results.endObject();
        if (capture != nullptr) {
            profile.beginObject();
            if (auto finished = capture->finish(directory, std::move(records), profile); !finished)
                profile.field("error", finished.error().message);
            profile.endObject();
        }
    }

    progress.progress(0.95, "Writing run.json");
    const auto wallSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - startedSteady).count();
    JsonWriter json(JsonWriter::Layout::Indented);
    json.beginObject()
        .field("schema", "sciperf.run/1")
        .field("workload", workload.name)
        .field("status", outcome.status)
        .field("message", outcome.message)
        .field("sciperf_version", SCIPERF_VERSION)
        .field("started_utc", utcTimestamp(started))
        .field("finished_utc", utcTimestamp(std::chrono::system_clock::now()))
        .field("wall_seconds", wallSeconds);
    json.key("command_line").beginArray();
    for (const auto& argument : commandLine)
        json.value(argument);
    json.endArray();
    json.key("processes")
        .beginObject()
        .field("ranks", communicator.size())
        .field("communicator", communicator.description())
        .endObject();
    json.key("machine");
    writeMachineJson(json, machine);
    if (profile.complete())
        json.key("profile").rawValue(profile.text());
    json.key("results");
    if (results.complete())
        json.rawValue(results.text());
    else
        json.beginObject().endObject();
    json.endObject();
    if (auto written = writeFileAtomically(directory / "run.json", json.text() + "\n"); !written)
        return written.error();
    return outcome;
}

} // namespace sciperf
