// The CUPTI capture on a GPU against kernels of known work (scripts/device-check runs it):
//   cupti_device_check OUTDIR                 metrics and timeline captures, one table of checks
//   cupti_device_check --kernels-only         the same kernels once, unprofiled (for ncu)
//   cupti_device_check --compare JSONL CSV    per-kernel FLOPs and HBM bytes against ncu's CSV
// Goals (issue 9): FLOPs of each GEMM within 1 % of 2·M·N·K, DRAM bytes of the copy within 2 %
// of 2·N·4, per-kernel metrics within 2 % of ncu, Activity overhead at most 5 %. Exit 77: no GPU
// or no CUPTI (skipped); 1: a step failed or a goal was missed.
#include "cupti_check_kernels.h"
#include "sciperf/analysis/roofline/kernel_records.h"
#include "sciperf/analysis/roofline/nsight_compute.h"
#include "sciperf/collectors/cupti_profiler.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace sciperf;

namespace {

constexpr int kGemmSize = 1024;
constexpr long long kCopyElements = 64LL * 1024 * 1024;
constexpr int kOverheadLaunches = 200;

enum class Kind { Dgemm, Sgemm, Hgemm, Tensor, Copy, Other };

// Mangled (CUPTI) or demangled (ncu) names of the kernels of cupti_check_kernels.cu.
Kind kindOf(const std::string& name) {
    if (name.find("hgemmKernel") != std::string::npos)
        return Kind::Hgemm;
    if (name.find("wmmaKernel") != std::string::npos)
        return Kind::Tensor;
    if (name.find("copyKernel") != std::string::npos)
        return Kind::Copy;
    if (name.find("gemmKernel<double>") != std::string::npos ||
        name.find("gemmKernelId") != std::string::npos)
        return Kind::Dgemm;
    if (name.find("gemmKernel<float>") != std::string::npos || name.find("gemmKernelIf") != std::string::npos)
        return Kind::Sgemm;
    return Kind::Other;
}

const char* kindName(Kind kind) {
    switch (kind) {
    case Kind::Dgemm:
        return "DGEMM (FP64 FMA)";
    case Kind::Sgemm:
        return "SGEMM (FP32 FMA)";
    case Kind::Hgemm:
        return "HGEMM (FP16 FMA)";
    case Kind::Tensor:
        return "WMMA (TC FP16)";
    case Kind::Copy:
        return "copy";
    default:
        return "other";
    }
}

std::string readAll(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

int failures = 0;

void row(const char* check, double expected, double measured, double goal) {
    const double ratio = expected > 0 ? measured / expected : 0;
    const bool pass = std::abs(ratio - 1) <= goal;
    failures += pass ? 0 : 1;
    std::printf("%-34s %14.6g %14.6g %8.4f %6.1f%%  %s\n", check, expected, measured, ratio, goal * 100,
                pass ? "pass" : "FAIL");
}

void runKernels(check::GpuBuffers& buffers) {
    check::dgemm(buffers);
    check::sgemm(buffers);
    check::hgemm(buffers);
    check::tensorGemm(buffers);
    check::copy(buffers);
}

double timedCopies(check::GpuBuffers& buffers) {
    const auto begun = std::chrono::steady_clock::now();
    for (int launch = 0; launch < kOverheadLaunches; ++launch)
        check::copy(buffers);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
}

// The capture around `work`, its records written to `directory` and read back.
template <class Work>
Result<std::vector<roofline::KernelRecord>> captured(ProfileMode mode, const std::filesystem::path& directory,
                                                     Work&& work) {
    std::filesystem::create_directories(directory);
    const auto capture = makeProfileCapture(mode);
    capture->begin();
    work();
    JsonWriter profile;
    profile.beginObject();
    if (auto finished = capture->finish(directory, {}, profile); !finished)
        return finished.error();
    profile.endObject();
    std::printf("%s capture: %s\n", std::string(profileModeName(mode)).c_str(), profile.text().c_str());
    const auto path = directory / roofline::kKernelRecordsFile;
    auto file = roofline::readKernelRecordsJsonl(readAll(path), path.string());
    if (!file)
        return file.error();
    return std::move(file->records);
}

double flopsOf(const roofline::KernelRecord& record, const std::string& precision) {
    for (const auto& entry : record.flops)
        if (entry.precision == precision)
            return entry.flops;
    return 0;
}

int compareWithNcu(const std::string& jsonl, const std::string& csv) {
    auto ours = roofline::readKernelRecordsJsonl(readAll(jsonl), jsonl);
    auto theirs = roofline::importNsightComputeCsv(readAll(csv), csv);
    if (!ours || !theirs) {
        std::printf("cannot compare: %s\n",
                    !ours ? ours.error().message.c_str() : theirs.error().message.c_str());
        return 1;
    }
    std::printf("%-34s %14s %14s %8s %7s  %s\n", "CUPTI vs ncu", "ncu", "CUPTI", "ratio", "goal", "result");
    for (const auto& point : theirs.value()) {
        const Kind kind = kindOf(point.name);
        if (kind == Kind::Other)
            continue;
        for (const auto& record : ours->records) {
            if (kindOf(record.name) != kind)
                continue;
            const std::string label = kindName(kind);
            if (point.flops > 0)
                row((label + " FLOPs").c_str(), point.flops, record.totalFlops(), 0.02);
            for (const auto& level : point.bytes)
                for (const auto& mine : record.bytes)
                    if (mine.level == level.level && level.bytes > 0)
                        row((label + " " + level.level + " bytes").c_str(), level.bytes, mine.bytes, 0.02);
            break;
        }
    }
    return failures == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    if (arguments.size() == 3 && arguments[0] == "--compare")
        return compareWithNcu(arguments[1], arguments[2]);
    std::string error;
    check::GpuBuffers* buffers = check::allocate(kGemmSize, kCopyElements, error);
    if (buffers == nullptr) {
        std::printf("skipped: %s\n", error.c_str());
        return 77;
    }
    if (arguments.size() == 1 && arguments[0] == "--kernels-only") {
        runKernels(*buffers);
        check::release(buffers);
        return 0;
    }
    if (arguments.size() != 1) {
        std::fprintf(stderr, "usage: cupti_device_check OUTDIR | --kernels-only | --compare JSONL CSV\n");
        return 2;
    }
    const std::filesystem::path out = arguments[0];
    if (const auto availability = profilerAvailability(); !availability.available) {
        std::printf("skipped: %s\n", availability.reason.c_str());
        check::release(buffers);
        return 77;
    }

    // Activity overhead first: CUPTI stays loaded once a capture ran.
    check::copy(*buffers); // warm-up
    const double plain = timedCopies(*buffers);
    double traced = 0;
    auto timeline = captured(ProfileMode::Timeline, out / "timeline", [&] {
        // CUPTI sets its tracing up at the first traced launch (milliseconds, once per process):
        // reported apart below, not spread over the launches whose overhead is measured.
        check::copy(*buffers);
        traced = timedCopies(*buffers);
    });
    if (!timeline) {
        std::printf("timeline capture failed: %s\n", timeline.error().message.c_str());
        return 1;
    }
    std::size_t copies = 0, withOverhead = 0;
    const roofline::KernelRecord* first = nullptr;
    for (const auto& record : timeline.value())
        if (kindOf(record.name) == Kind::Copy) {
            ++copies;
            withOverhead += record.launchOverheadNs ? 1 : 0;
            if (first == nullptr || record.startNs < first->startNs)
                first = &record;
        }
    if (first != nullptr && first->launchOverheadNs)
        std::printf("first traced launch: its launch call took %.3f ms (CUPTI sets up its tracing)\n",
                    double(*first->launchOverheadNs) / 1e6);

    auto metrics = captured(ProfileMode::Metrics, out / "metrics", [&] { runKernels(*buffers); });
    if (!metrics) {
        std::printf("metrics capture failed: %s\n", metrics.error().message.c_str());
        return 1;
    }

    const double n = kGemmSize;
    const double gemmFlops = 2 * n * n * n;
    std::printf("\n%-34s %14s %14s %8s %7s  %s\n", "check", "expected", "measured", "ratio", "goal",
                "result");
    row("copy kernels in the timeline", kOverheadLaunches + 1, static_cast<double>(copies), 0);
    row("copies with launch overhead", kOverheadLaunches + 1, static_cast<double>(withOverhead), 0);
    row("Activity time / unprofiled time", plain, traced, 0.05);
    for (const auto& record : metrics.value()) {
        const Kind kind = kindOf(record.name);
        switch (kind) {
        case Kind::Dgemm:
            row("DGEMM FP64 FLOPs vs 2MNK", gemmFlops, flopsOf(record, "FP64"), 0.01);
            break;
        case Kind::Sgemm:
            row("SGEMM FP32 FLOPs vs 2MNK", gemmFlops, flopsOf(record, "FP32"), 0.01);
            break;
        case Kind::Hgemm:
            row("HGEMM FP16 FLOPs vs 2MNK", gemmFlops, flopsOf(record, "FP16"), 0.01);
            break;
        case Kind::Tensor:
            // One tensor op counted as one FLOP (gpu_metrics.h): the ratio calibrates that choice.
            row("WMMA TC FP16 FLOPs vs 2MNK", gemmFlops, flopsOf(record, "TC FP16"), 0.01);
            break;
        case Kind::Copy:
            for (const auto& level : record.bytes)
                if (level.level == "HBM")
                    row("copy HBM bytes vs 2*N*4", 2.0 * 4 * static_cast<double>(kCopyElements), level.bytes,
                        0.02);
            break;
        case Kind::Other:
            std::printf("unexpected range: %s\n", record.name.c_str());
            break;
        }
    }
    std::printf("%-34s %d\n", "goals missed", failures);
    check::release(buffers);
    return failures == 0 ? 0 : 1;
}
