#pragma once
// Benchmarks of MLPerf HPC and the rules that score them (reference/mlperf-hpc.md §3.4), plus
// SciPerf's own GNN tracking benchmark ("sciperf-gnn", the `train` workload of sciperf-run), which
// logs in the same format so that its runs are checked and scored by the same rules. It is no
// official MLPerf benchmark: its target and run count are ours (rules.cpp).

#include <string_view>

namespace sciperf::mlperf {

enum class Benchmark { Unknown, CosmoFlow, DeepCam, Oc20, OpenFold, SciperfGnn };
enum class Scaling { Strong, Weak };

struct BenchmarkRules {
    Benchmark benchmark;
    std::string_view name;      // "cosmoflow", "deepcam", "oc20", "openfold", "sciperf-gnn"
    std::string_view metricKey; // "eval_error" or "eval_accuracy"
    double target;              // 0.124, 0.82, 0.036, 0.8, 0.95
    bool higherIsBetter;        // accuracy: value >= target; error: value <= target
    int requiredRuns;           // strong: exactly; weak: at least (10, 5, 5, 10, 5)
};

// Rules of a known benchmark; Unknown gets a rule with an empty name that nothing meets.
const BenchmarkRules& rulesFor(Benchmark benchmark);
Benchmark benchmarkFromName(std::string_view name); // case-insensitive; Unknown otherwise
std::string_view scalingName(Scaling scaling);      // "strong", "weak"
bool meetsTarget(const BenchmarkRules& rules, double value);

} // namespace sciperf::mlperf
