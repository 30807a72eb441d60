#include "sciperf/analysis/roofline/run_results.h"

#include "sciperf/analysis/json_reader.h"

#include <cmath>

namespace sciperf::roofline {
namespace {

constexpr std::string_view kRunSchemaPrefix = "sciperf.run/";

// The number `member` of `entry`, which must be positive and finite (a ceiling of zero would make
// every kernel infinitely far above its roof).
Result<double> readRate(const JsonValue& entry, std::string_view member, const std::string& where) {
    const JsonValue* value = entry.find(member);
    const double rate = value != nullptr && value->isNumber() ? value->asDouble(NAN) : NAN;
    if (!(rate > 0) || !std::isfinite(rate))
        return fail(where + "." + std::string(member) + " is missing or not a positive number");
    return rate;
}

Result<std::string> readName(const JsonValue& entry, std::string_view member, const std::string& where) {
    const JsonValue* value = entry.find(member);
    if (value == nullptr || !value->isString() || value->asString().empty())
        return fail(where + "." + std::string(member) + " is missing or not a name");
    return std::string(value->asString());
}

struct NamedRate {
    std::string name;
    double perSecond = 0;
};

// The list `holder.list` of objects {nameMember: "...", rateMember: positive number}; an absent
// list is empty. `where` is "<file>: results" or "<file>: results.gpu".
Result<std::vector<NamedRate>> readNamedRates(const JsonValue& holder, std::string_view list,
                                              std::string_view nameMember, std::string_view rateMember,
                                              const std::string& where) {
    const JsonValue* entries = holder.find(list);
    if (entries == nullptr)
        return std::vector<NamedRate>();
    const std::string listWhere = where + "." + std::string(list);
    if (!entries->isArray())
        return fail(listWhere + " is not a list");
    std::vector<NamedRate> rates;
    for (std::size_t index = 0; index < entries->size(); ++index) {
        const JsonValue& entry = entries->asArray()[index];
        const std::string entryWhere = listWhere + "[" + std::to_string(index) + "]";
        if (!entry.isObject())
            return fail(entryWhere + " is not an object");
        auto name = readName(entry, nameMember, entryWhere);
        if (!name)
            return name.error();
        auto rate = readRate(entry, rateMember, entryWhere);
        if (!rate)
            return rate.error();
        rates.push_back({std::move(name).value(), rate.value()});
    }
    return rates;
}

// "bandwidth_ceilings" and "peaks" of `holder` (results or results.gpu).
Result<Ceilings> readCeilings(const JsonValue& holder, const std::string& where) {
    auto bandwidth = readNamedRates(holder, "bandwidth_ceilings", "level", "bytes_per_second", where);
    if (!bandwidth)
        return bandwidth.error();
    // The best of the repeats is the ceiling, as ERT's summary takes the maximum.
    auto peaks = readNamedRates(holder, "peaks", "precision", "best_flops_per_second", where);
    if (!peaks)
        return peaks.error();
    Ceilings ceilings;
    for (auto& level : bandwidth.value())
        ceilings.bandwidth.push_back({std::move(level.name), level.perSecond});
    for (auto& peak : peaks.value())
        ceilings.compute.push_back({std::move(peak.name), peak.perSecond});
    return ceilings;
}

std::string stringMember(const JsonValue& holder, std::string_view member) {
    return std::string(holder[member].asString());
}

Result<void> readGpu(const JsonValue& results, const std::string& file, RooflineRun& run) {
    run.gpuStatus = stringMember(results, "gpu_status");
    const JsonValue* gpu = results.find("gpu");
    if (gpu == nullptr || gpu->isNull())
        return {};
    if (!gpu->isObject())
        return fail(file + ": results.gpu is not an object");
    auto ceilings = readCeilings(*gpu, file + ": results.gpu");
    if (!ceilings)
        return ceilings.error();
    run.gpuCeilings = std::move(ceilings).value();
    run.gpuName = stringMember(*gpu, "device");
    return {};
}

Result<void> readKernels(const JsonValue& results, const std::string& file, RooflineRun& run) {
    const JsonValue* kernels = results.find("kernels");
    if (kernels == nullptr)
        return {};
    auto points = readKernelPoints(*kernels, file); // errors: "<file>: kernels[i]..."
    if (!points)
        return points.error();
    run.kernels = std::move(points).value();
    return {};
}

} // namespace

Result<RooflineRun> readRooflineRun(std::string_view runJson, const std::string& file) {
    auto document = parseJson(runJson);
    if (!document)
        return fail(file + ": not valid JSON (" + document.error().message + ")");
    const std::string schema = stringMember(document.value(), "schema");
    if (!document->isObject() || !schema.starts_with(kRunSchemaPrefix))
        return fail(file + ": schema is \"" + schema + "\", not sciperf.run/N; not a SciPerf run.json");

    RooflineRun run;
    run.workload = stringMember(document.value(), "workload");
    run.started = stringMember(document.value(), "started_utc");
    run.host = stringMember(document.value()["machine"], "hostname");

    const JsonValue* results = document->find("results");
    if (results == nullptr || results->isNull())
        return run; // a run that failed early, or sysinfo: no roofline content
    if (!results->isObject())
        return fail(file + ": results is not an object");
    auto cpuCeilings = readCeilings(*results, file + ": results");
    if (!cpuCeilings)
        return cpuCeilings.error();
    run.cpuCeilings = std::move(cpuCeilings).value();
    if (auto gpu = readGpu(*results, file, run); !gpu)
        return gpu.error();
    if (auto kernels = readKernels(*results, file, run); !kernels)
        return kernels.error();
    return run;
}

} // namespace sciperf::roofline
