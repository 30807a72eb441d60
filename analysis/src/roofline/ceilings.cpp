#include "sciperf/analysis/roofline/ceilings.h"

#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/json_writer.h"

#include <algorithm>
#include <cmath>

namespace sciperf::roofline {
namespace {

constexpr double kGiga = 1e9; // ERT files count GB/s and GFLOP/s in powers of ten

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// Reads "<section>.data": [[name, value], ...] with positive finite values.
Result<std::vector<std::pair<std::string, double>>>
readPairs(const JsonValue& empirical, std::string_view section, const std::string& file) {
    const JsonValue* data = empirical[section].find("data");
    if (data == nullptr || !data->isArray())
        return fail(file + ": empirical." + std::string(section) + ".data is missing or not a list");
    std::vector<std::pair<std::string, double>> pairs;
    for (std::size_t index = 0; index < data->size(); ++index) {
        const JsonValue& entry = data->asArray()[index];
        const std::string where =
            file + ": empirical." + std::string(section) + ".data[" + std::to_string(index) + "]";
        if (!entry.isArray() || entry.size() != 2 || !entry.asArray()[0].isString() ||
            !entry.asArray()[1].isNumber())
            return fail(where + " is not a [name, number] pair");
        const double value = entry.asArray()[1].asDouble(NAN);
        if (!(value > 0) || !std::isfinite(value))
            return fail(where + " has a value that is not a positive number");
        pairs.emplace_back(std::string(entry.asArray()[0].asString()), value);
    }
    return pairs;
}

} // namespace

std::vector<double> detectBandwidthPlateaus(std::vector<SweepPoint> points, const PlateauOptions& options) {
    std::erase_if(points, [](const SweepPoint& p) {
        return !(p.bytesPerSecond > 0) || !std::isfinite(p.bytesPerSecond);
    });
    std::sort(points.begin(), points.end(),
              [](const SweepPoint& a, const SweepPoint& b) { return a.workingSetBytes < b.workingSetBytes; });
    const auto peak =
        std::max_element(points.begin(), points.end(), [](const SweepPoint& a, const SweepPoint& b) {
            return a.bytesPerSecond < b.bytesPerSecond;
        });
    std::vector<double> candidates;
    std::vector<double> run;
    auto closeRun = [&] {
        if (run.size() >= options.minPoints)
            candidates.push_back(median(run));
        run.clear();
    };
    for (auto point = peak; point != points.end(); ++point) {
        if (!run.empty() && std::abs(point->bytesPerSecond - median(run)) > options.window * median(run))
            closeRun();
        run.push_back(point->bytesPerSecond);
    }
    closeRun();

    std::vector<double> levels;
    for (const double candidate : candidates)
        if (levels.empty() || candidate * options.newLevelRatio < levels.back())
            levels.push_back(candidate);
    return levels;
}

std::vector<BandwidthCeiling> nameLevels(const std::vector<double>& bandwidths, std::string_view memoryName) {
    std::vector<BandwidthCeiling> levels;
    for (std::size_t index = 0; index < bandwidths.size(); ++index) {
        const bool last = index + 1 == bandwidths.size();
        levels.push_back(
            {last ? std::string(memoryName) : "L" + std::to_string(index + 1), bandwidths[index]});
    }
    return levels;
}

Result<Ceilings> readErtJson(std::string_view text, const std::string& file) {
    auto document = parseJson(text);
    if (!document)
        return fail(file + ": not valid JSON (" + document.error().message + ")");
    const JsonValue* empirical = document->find("empirical");
    if (empirical == nullptr || !empirical->isObject())
        return fail(file + ": no \"empirical\" object; not an ERT roofline file");
    auto bandwidth = readPairs(*empirical, "gbytes", file);
    if (!bandwidth)
        return bandwidth.error();
    auto compute = readPairs(*empirical, "gflops", file);
    if (!compute)
        return compute.error();
    if (bandwidth->empty() && compute->empty())
        return fail(file + ": the ERT file has no ceilings");
    Ceilings ceilings;
    for (const auto& [level, gigabytes] : bandwidth.value())
        ceilings.bandwidth.push_back({level, gigabytes * kGiga});
    for (const auto& [name, gigaflops] : compute.value())
        ceilings.compute.push_back({name, gigaflops * kGiga});
    return ceilings;
}

std::string writeErtJson(const Ceilings& ceilings) {
    JsonWriter json(JsonWriter::Layout::Indented);
    json.beginObject().key("empirical").beginObject();
    json.key("gbytes").beginObject().key("data").beginArray();
    for (const auto& level : ceilings.bandwidth)
        json.beginArray().value(level.level).value(level.bytesPerSecond / kGiga).endArray();
    json.endArray().endObject();
    json.key("gflops").beginObject().key("data").beginArray();
    for (const auto& peak : ceilings.compute)
        json.beginArray().value(peak.name).value(peak.flopsPerSecond / kGiga).endArray();
    json.endArray().endObject();
    json.endObject().endObject();
    return json.text();
}

} // namespace sciperf::roofline
