#pragma once
// Nsight Compute CSV import (`ncu --csv`) into kernel points with the metric set of
// reference/roofline-cupti.md §2: time from sm__cycles_elapsed.avg / .per_second (or
// gpu__time_duration.sum), FLOPs from the SASS add/mul/fma counters per precision, bytes per level
// from l1tex__t_bytes.sum (L1), lts__t_bytes.sum (L2) and dram__bytes.sum (HBM).

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/roofline/kernels.h"

#include <string>
#include <string_view>
#include <vector>

namespace sciperf::roofline {

// Accepts the "details" page (long form: one row per kernel launch and metric with "Metric Name",
// "Metric Unit", "Metric Value"), the "raw" page (wide form: one row per launch, one column per
// metric, a second row of units) and `--print-summary per-kernel` (long form with "Average" and
// invocation counts). Units (byte..Gbyte, nsecond..second, cycle/second..cycle/nsecond) are
// converted; thousands separators are accepted; "n/a" (a metric the device cannot collect) counts
// as absent. Launches are returned one point each (the summary: one per kernel and launch shape,
// with its invocations; aggregate with aggregateByName); each point's origin is "file:line".
// A point's precision is the one with the most FLOPs ("FP64", "FP32", "FP16"); "TC" when only
// tensor instructions ran (their FLOPs are not counted, and the origin says so); empty when the
// file has no FLOP counters. Errors read "file:line: what".
Result<std::vector<KernelPoint>> importNsightComputeCsv(std::string_view text, const std::string& file);

} // namespace sciperf::roofline
