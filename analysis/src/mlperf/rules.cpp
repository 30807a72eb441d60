#include "sciperf/analysis/mlperf/rules.h"

#include <array>
#include <cmath>

namespace sciperf::mlperf {
namespace {

// reference/mlperf-hpc.md §3.4; sciperf-gnn is our own: eval_accuracy is the validation edge F1
// of the GNN edge classifier at its cut on the pT > 1 GeV graph (engine/gnn_training.h), the target
// the pipeline's goal (edge efficiency and purity of about 0.95), five runs as DeepCAM.
constexpr std::array<BenchmarkRules, 6> kRules{{
    {Benchmark::Unknown, "", "", 0.0, true, 0},
    {Benchmark::CosmoFlow, "cosmoflow", "eval_error", 0.124, false, 10},
    {Benchmark::DeepCam, "deepcam", "eval_accuracy", 0.82, true, 5},
    {Benchmark::Oc20, "oc20", "eval_error", 0.036, false, 5},
    {Benchmark::OpenFold, "openfold", "eval_accuracy", 0.8, true, 10},
    {Benchmark::SciperfGnn, "sciperf-gnn", "eval_accuracy", 0.95, true, 5},
}};

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

} // namespace

const BenchmarkRules& rulesFor(Benchmark benchmark) {
    for (const BenchmarkRules& rules : kRules)
        if (rules.benchmark == benchmark)
            return rules;
    return kRules[0];
}

Benchmark benchmarkFromName(std::string_view name) {
    for (const BenchmarkRules& rules : kRules)
        if (!rules.name.empty() && equalsIgnoringCase(rules.name, name))
            return rules.benchmark;
    return Benchmark::Unknown;
}

std::string_view scalingName(Scaling scaling) {
    return scaling == Scaling::Strong ? "strong" : "weak";
}

bool meetsTarget(const BenchmarkRules& rules, double value) {
    if (rules.name.empty() || !std::isfinite(value))
        return false;
    return rules.higherIsBetter ? value >= rules.target : value <= rules.target;
}

} // namespace sciperf::mlperf
