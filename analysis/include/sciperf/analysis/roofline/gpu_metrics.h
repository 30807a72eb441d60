#pragma once
// The per-kernel GPU metric set of reference/roofline-cupti.md §2 and the one set of formulas that
// turns its raw values into time, FLOPs per precision and bytes per memory level, whatever
// measured them: an Nsight Compute CSV (nsight_compute.h) or a CUPTI Range Profiler range
// (collectors/cupti). Values are in base units: counts, bytes, seconds, per second.
//
//   time  = sm__cycles_elapsed.avg / sm__cycles_elapsed.avg.per_second  (else gpu__time_duration.sum)
//   FLOPs(precision) = add + mul + 2 * fma  of
//   sm__sass_thread_inst_executed_op_{d,f,h}{add,mul,fma}_pred_on.sum FLOPs(tensor precision) =
//   flopsPerTensorOp * sm__ops_path_tensor_src_<precision>.sum  (GH100 names, §2.2) bytes: L1 =
//   l1tex__t_bytes.sum, L2 = lts__t_bytes.sum, HBM = dram__bytes.sum

#include "sciperf/analysis/roofline/kernels.h"

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf::roofline {

inline constexpr std::string_view kCyclesMetric = "sm__cycles_elapsed.avg";
inline constexpr std::string_view kCyclesPerSecondMetric = "sm__cycles_elapsed.avg.per_second";
inline constexpr std::string_view kDurationMetric = "gpu__time_duration.sum";
// Tensor instructions: no constant turns them into FLOPs on every architecture (§2.2), so they
// are reported as a count only.
inline constexpr std::string_view kTensorInstructionsMetric = "sm__inst_executed_pipe_tensor.sum";

struct PrecisionCounters {
    std::string_view precision; // the compute ceiling's name: "FP64", "FP32", "FP16"
    std::string_view add;
    std::string_view mul;
    std::string_view fma; // one FMA is two FLOPs
};
inline constexpr std::array kPrecisionCounters{
    PrecisionCounters{"FP64", "sm__sass_thread_inst_executed_op_dadd_pred_on.sum",
                      "sm__sass_thread_inst_executed_op_dmul_pred_on.sum",
                      "sm__sass_thread_inst_executed_op_dfma_pred_on.sum"},
    PrecisionCounters{"FP32", "sm__sass_thread_inst_executed_op_fadd_pred_on.sum",
                      "sm__sass_thread_inst_executed_op_fmul_pred_on.sum",
                      "sm__sass_thread_inst_executed_op_ffma_pred_on.sum"},
    PrecisionCounters{"FP16", "sm__sass_thread_inst_executed_op_hadd_pred_on.sum",
                      "sm__sass_thread_inst_executed_op_hmul_pred_on.sum",
                      "sm__sass_thread_inst_executed_op_hfma_pred_on.sum"},
};

// Tensor-core math operations by source precision, GH100 names (reference §2.2). Whether one op is
// one FLOP or one FMA is UNVERIFIED: MetricFormulaOptions::flopsPerTensorOp carries the choice and
// scripts/device-check calibrates it with a GEMM of known 2·M·N·K FLOPs.
struct TensorCounter {
    std::string_view precision; // "TC FP16", ...
    std::string_view metric;
};
inline constexpr std::array kTensorCounters{
    TensorCounter{"TC FP16", "sm__ops_path_tensor_src_fp16.sum"},
    TensorCounter{"TC BF16", "sm__ops_path_tensor_src_bf16_dst_fp32.sum"},
    TensorCounter{"TC TF32", "sm__ops_path_tensor_src_tf32_dst_fp32.sum"},
    TensorCounter{"TC FP64", "sm__ops_path_tensor_src_fp64.sum"},
    TensorCounter{"TC FP8", "sm__ops_path_tensor_src_fp8.sum"},
    TensorCounter{"TC INT8", "sm__ops_path_tensor_src_int8.sum"},
};

struct LevelCounter {
    std::string_view level; // the name of the matching Ceilings::bandwidth entry
    std::string_view metric;
};
inline constexpr std::array kLevelCounters{LevelCounter{"L1", "l1tex__t_bytes.sum"},
                                           LevelCounter{"L2", "lts__t_bytes.sum"},
                                           LevelCounter{"HBM", "dram__bytes.sum"}};

// Every metric above, in this order: time, SASS FLOP counters, tensor instructions, tensor ops,
// bytes. What the Range Profiler is asked for (reference §2.1: 2 passes without the tensor ops).
std::vector<std::string> kernelMetricNames(bool withTensorOps = true);

struct PrecisionFlops {
    std::string precision;
    double flops = 0;
};

// The precision with the most FLOPs (the first of equals); empty when there are none.
std::string precisionWithMostFlops(const std::vector<PrecisionFlops>& flops);

struct MetricFormulaOptions {
    double flopsPerTensorOp = 1.0;
};

// One kernel launch (or range) after the formulas.
struct KernelMetrics {
    std::optional<double> seconds;     // cycles / rate, else the duration; none without either
    std::vector<PrecisionFlops> flops; // precisions with a non-zero count, in the order above
    std::vector<LevelBytes> bytes;     // levels that were measured, fastest first
    double tensorInstructions = 0;     // sm__inst_executed_pipe_tensor.sum, 0 when absent

    double totalFlops() const;
    // The precision with the most FLOPs; "TC" when only tensor instructions ran; empty otherwise.
    std::string dominantPrecision() const;
};

// A metric's value, or nothing where it was not measured.
using MetricLookup = std::function<std::optional<double>(std::string_view metric)>;

KernelMetrics evaluateKernelMetrics(const MetricLookup& metric, const MetricFormulaOptions& options = {});

// A value as the Profiler Host evaluates it (cuptiProfilerHostEvaluateToGpuValues: durations in
// nanoseconds, rates per second, counts, bytes) in the base units above.
double cuptiValueInBaseUnits(std::string_view metric, double value);

// The lookup over `names[i]` = `values[i]` (Profiler Host values, converted to base units).
MetricLookup cuptiMetricLookup(std::vector<std::string> names, std::vector<double> values);

} // namespace sciperf::roofline
