#include "sciperf/analysis/roofline/gpu_metrics.h"

namespace sciperf::roofline {

std::vector<std::string> kernelMetricNames(bool withTensorOps) {
    std::vector<std::string> names{std::string(kCyclesMetric), std::string(kCyclesPerSecondMetric),
                                   std::string(kDurationMetric)};
    for (const auto& counters : kPrecisionCounters)
        for (const std::string_view metric : {counters.add, counters.mul, counters.fma})
            names.emplace_back(metric);
    names.emplace_back(kTensorInstructionsMetric);
    if (withTensorOps)
        for (const auto& counter : kTensorCounters)
            names.emplace_back(counter.metric);
    for (const auto& level : kLevelCounters)
        names.emplace_back(level.metric);
    return names;
}

double KernelMetrics::totalFlops() const {
    double total = 0;
    for (const auto& precision : flops)
        total += precision.flops;
    return total;
}

std::string precisionWithMostFlops(const std::vector<PrecisionFlops>& flops) {
    const PrecisionFlops* most = nullptr;
    for (const auto& precision : flops)
        if (most == nullptr || precision.flops > most->flops)
            most = &precision;
    return most == nullptr ? std::string() : most->precision;
}

std::string KernelMetrics::dominantPrecision() const {
    if (!flops.empty())
        return precisionWithMostFlops(flops);
    return tensorInstructions > 0 ? "TC" : "";
}

KernelMetrics evaluateKernelMetrics(const MetricLookup& metric, const MetricFormulaOptions& options) {
    KernelMetrics result;
    // Time from cycles and clock rate, which replay passes do not distort; else the duration.
    const auto cycles = metric(kCyclesMetric);
    const auto rate = metric(kCyclesPerSecondMetric);
    if (cycles && rate && *rate > 0)
        result.seconds = *cycles / *rate;
    else if (const auto duration = metric(kDurationMetric))
        result.seconds = *duration;

    for (const auto& counters : kPrecisionCounters) {
        const double flops = metric(counters.add).value_or(0) + metric(counters.mul).value_or(0) +
                             2 * metric(counters.fma).value_or(0);
        if (flops > 0)
            result.flops.push_back({std::string(counters.precision), flops});
    }
    for (const auto& counter : kTensorCounters)
        if (const double ops = metric(counter.metric).value_or(0); ops > 0)
            result.flops.push_back({std::string(counter.precision), ops * options.flopsPerTensorOp});
    result.tensorInstructions = metric(kTensorInstructionsMetric).value_or(0);

    for (const auto& level : kLevelCounters)
        if (const auto bytes = metric(level.metric))
            result.bytes.push_back({std::string(level.level), *bytes});
    return result;
}

double cuptiValueInBaseUnits(std::string_view metric, double value) {
    return metric.starts_with("gpu__time_duration") ? value * 1e-9 : value;
}

MetricLookup cuptiMetricLookup(std::vector<std::string> names, std::vector<double> values) {
    return [names = std::move(names),
            values = std::move(values)](std::string_view metric) -> std::optional<double> {
        for (std::size_t index = 0; index < names.size() && index < values.size(); ++index)
            if (names[index] == metric)
                return cuptiValueInBaseUnits(metric, values[index]);
        return std::nullopt;
    };
}

} // namespace sciperf::roofline
