#pragma once
// Kernels on a hierarchical roofline (arXiv:2009.05257) and on the time-based roofline
// (arXiv:2009.04598): per-kernel totals of time, FLOPs and bytes per memory level, where the
// numbers came from, the ceiling that limits each kernel, and the comparison of two runs.
// Formulas: reference/roofline-cupti.md §2 and §6.

#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/json_writer.h"
#include "sciperf/analysis/result.h"
#include "sciperf/analysis/roofline/ceilings.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf::roofline {

// Where a point's FLOPs and bytes came from; every chart and export says it.
enum class Provenance {
    MeasuredCounters,  // hardware counters (CUPTI, perf)
    CountedByWorkload, // the embedded workload declared its own FLOPs and byte model
    Imported,          // read from another tool's file (Nsight Compute CSV, ...)
};
std::string_view
provenanceName(Provenance provenance); // "measured counters", "counted by workload", "imported"
// The provenance that provenanceName names `name`; nothing for another text.
std::optional<Provenance> provenanceNamed(std::string_view name);

struct LevelBytes {
    std::string level; // "L1", "L2", "L3", "DRAM", "HBM": the names of Ceilings::bandwidth
    double bytes = 0;  // total over all launches
};
// Adds `more` to `total` level by level; levels new to `total` are appended.
void addLevelBytes(std::vector<LevelBytes>& total, const std::vector<LevelBytes>& more);

// One kernel (or code region) with totals over its launches.
struct KernelPoint {
    std::string name;
    std::string precision; // the compute ceiling it is judged against: "FP64", "FP32", "FP16", "TC FP16"...
    std::int64_t launches = 1;     // invocations summed into this point
    double seconds = 0;            // total time over launches
    double flops = 0;              // total FLOPs over launches
    std::vector<LevelBytes> bytes; // traffic per memory level, fastest first
    Provenance provenance = Provenance::Imported;
    std::string origin; // where exactly: "report.csv:12", "workload kernels", ...

    std::optional<double> bytesAt(std::string_view level) const;
};

double flopsPerSecond(const KernelPoint& kernel); // FLOP/s; 0 when no time
// FLOPs per byte of `level`'s traffic; nullopt when the level's bytes are unknown or zero.
std::optional<double> arithmeticIntensity(const KernelPoint& kernel, std::string_view level);

// The roof at `intensity` under one bandwidth and one compute ceiling: min(P, AI * W).
double attainableFlopsPerSecond(double intensity, double bytesPerSecond, double peakFlopsPerSecond);

struct KernelBound {
    std::string limiter; // the ceiling that limits: a level ("DRAM", "L2", ...) or a precision ("FP64")
    bool memoryBound = false;
    double attainableFlopsPerSecond = 0; // the lowest roof over the kernel's known levels
    double fractionOfAttainable = 0;     // achieved / attainable; > 1 flags a point above its roof
};

// The compute ceiling is the one named by the kernel's precision; when the ceilings lack it, the
// highest compute ceiling (stated in the error when there is none). Levels without bytes are skipped.
Result<KernelBound> boundOf(const KernelPoint& kernel, const Ceilings& ceilings);

// Sums launches, time, FLOPs and bytes of kernels with the same name and precision (as the paper's
// notebooks do before computing AI). Ordered by total time, largest first.
std::vector<KernelPoint> aggregateByName(const std::vector<KernelPoint>& kernels);

// The largest kernels by time whose cumulative share reaches `timeShare` (0..1], at most `limit`.
std::vector<KernelPoint> topByTime(std::vector<KernelPoint> kernels, std::size_t limit,
                                   double timeShare = 1.0);

// Time-based roofline (arXiv:2009.04598, reference §6). Axes: bytes (x) and FLOPs (y) of a level.
struct TimeRooflineMachine {
    double peakFlopsPerSecond = 0;         // P: top compute ceiling
    double bytesPerSecond = 0;             // W: the level's bandwidth
    double launchOverheadSeconds = 4.2e-6; // t_launch per kernel launch
};

struct TimeRooflinePoint {
    double bytes = 0;         // B at the chosen level
    double flops = 0;         // F
    double idealSeconds = 0;  // max(F / P, B / W)
    double launchSeconds = 0; // N * t_launch
    double efficiency = 0;    // idealSeconds / measured seconds
    bool launchBound = false; // inside the launch box: launchSeconds >= idealSeconds
    double vertexBytes = 0;   // the time vertex: all of the measured time at peak, same AI
    double vertexFlops = 0;
};
Result<TimeRooflinePoint> timeRoofline(const KernelPoint& kernel, const TimeRooflineMachine& machine,
                                       std::string_view level);

// Run comparison (Advisor's Roofline Compare): kernels matched by name and precision.
struct KernelChange {
    KernelPoint before;
    KernelPoint after;
    double speedup = 0;        // before.seconds / after.seconds
    double flopsRateRatio = 0; // after FLOP/s / before FLOP/s
};
struct RunComparison {
    std::vector<KernelChange> matched; // by time in run A, largest first
    std::vector<KernelPoint> onlyBefore;
    std::vector<KernelPoint> onlyAfter;
};
RunComparison compareRuns(const std::vector<KernelPoint>& before, const std::vector<KernelPoint>& after);

// Kernel points as JSON (run.json's "kernels" member and the workspace's export):
// [{"name", "precision", "launches", "seconds", "flops", "bytes": {"L1": .., "DRAM": ..},
//   "provenance": "counted by workload", "origin"}]. Errors name `file` and the element.
void writeKernelPoints(JsonWriter& writer, const std::vector<KernelPoint>& kernels);
Result<std::vector<KernelPoint>> readKernelPoints(const JsonValue& array, const std::string& file);

} // namespace sciperf::roofline
