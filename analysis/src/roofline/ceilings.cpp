#include "sciperf/analysis/roofline/ceilings.h"

#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/json_writer.h"
#include "sciperf/analysis/units.h"

#include <algorithm>
#include <cmath>

namespace sciperf::roofline {
namespace {

using units::kGiga; // ERT files count GB/s and GFLOP/s in powers of ten

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

namespace {

// Splits `values` into runs of near-constant value: the partition minimising the squared
// deviations from each run's mean plus `penalty` per run (optimal partitioning by dynamic
// programming; O(n^2) with prefix sums, n is a few hundred at most). Returns each run's
// [begin, end).
std::vector<std::pair<std::size_t, std::size_t>> segment(const std::vector<double>& values, double penalty) {
    const std::size_t n = values.size();
    std::vector<double> sum(n + 1, 0), sumOfSquares(n + 1, 0);
    for (std::size_t i = 0; i < n; ++i) {
        sum[i + 1] = sum[i] + values[i];
        sumOfSquares[i + 1] = sumOfSquares[i] + values[i] * values[i];
    }
    auto cost = [&](std::size_t begin, std::size_t end) {
        const double count = static_cast<double>(end - begin);
        const double total = sum[end] - sum[begin];
        return sumOfSquares[end] - sumOfSquares[begin] - total * total / count;
    };
    std::vector<double> best(n + 1, 0);
    std::vector<std::size_t> lastStart(n + 1, 0);
    for (std::size_t end = 1; end <= n; ++end) {
        best[end] = INFINITY;
        for (std::size_t begin = 0; begin < end; ++begin) {
            const double candidate = best[begin] + cost(begin, end) + penalty;
            if (candidate < best[end]) {
                best[end] = candidate;
                lastStart[end] = begin;
            }
        }
    }
    std::vector<std::pair<std::size_t, std::size_t>> runs;
    for (std::size_t end = n; end > 0; end = lastStart[end])
        runs.emplace_back(lastStart[end], end);
    std::reverse(runs.begin(), runs.end());
    return runs;
}

} // namespace

std::vector<double> detectBandwidthPlateaus(std::vector<SweepPoint> points, const PlateauOptions& options) {
    std::erase_if(points, [](const SweepPoint& p) {
        return !(p.bytesPerSecond > 0) || !std::isfinite(p.bytesPerSecond);
    });
    std::sort(points.begin(), points.end(),
              [](const SweepPoint& a, const SweepPoint& b) { return a.workingSetBytes < b.workingSetBytes; });
    // Smaller working sets than the first that comes within the ratio of the maximum measure loop
    // overhead, not a level (ERT starts at the maximum itself, which on a noisy curve can be a lucky
    // point late in L1). In log space a level's scatter is relative, as on real machines.
    double maximum = 0;
    for (const SweepPoint& point : points)
        maximum = std::max(maximum, point.bytesPerSecond);
    const auto start = std::find_if(points.begin(), points.end(), [&](const SweepPoint& point) {
        return point.bytesPerSecond * options.newLevelRatio >= maximum;
    });
    std::vector<double> logBandwidth;
    for (auto point = start; point != points.end(); ++point)
        logBandwidth.push_back(std::log(point->bytesPerSecond));
    // A split pays when it explains more than half of what a step by the new-level ratio between
    // two plateaus of minPoints points each would: scatter does not, and a lone spike
    // becomes a run of one, a transition.
    const double step = std::log(options.newLevelRatio);
    const double penalty = 0.5 * (static_cast<double>(options.minPoints) / 2) * step * step;

    // Plateaus closer than the ratio are one level: one that drifts (ERT keeps the first plateau)
    // or one the scatter split.
    struct Plateau {
        double median; // log(bytes/s)
        std::vector<double> points;
    };
    struct Level {
        std::vector<Plateau> plateaus;
        std::size_t points() const {
            std::size_t count = 0;
            for (const Plateau& plateau : plateaus)
                count += plateau.points.size();
            return count;
        }
    };
    std::vector<Level> found;
    for (const auto& [begin, end] : segment(logBandwidth, penalty)) {
        if (end - begin < options.minPoints)
            continue; // a transition between levels, or a spike
        const auto first = logBandwidth.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto last = logBandwidth.begin() + static_cast<std::ptrdiff_t>(end);
        Plateau plateau{median({first, last}), {first, last}};
        if (found.empty() || plateau.median + step < found.back().plateaus.front().median)
            found.push_back({{std::move(plateau)}});
        else
            found.back().plateaus.push_back(std::move(plateau));
    }
    // A CPU whose L1 and L2 differ by less than the ratio (1.18-1.23 on this project's VM) would
    // have its L2 merged into L1, and its L3 named L2. Where fewer levels were found than the CPU
    // has, the fastest level that holds a fall between plateaus of at least half the ratio is split
    // there: the fastest, because plateaus that are no level (slides) lie towards memory.
    const auto splitFastest = [&found, minimumFall = 0.5 * step] {
        for (auto level = found.begin(); level != found.end(); ++level)
            for (auto plateau = level->plateaus.begin() + 1; plateau != level->plateaus.end(); ++plateau)
                if ((plateau - 1)->median - plateau->median >= minimumFall) {
                    Level slower{{plateau, level->plateaus.end()}};
                    level->plateaus.erase(plateau, level->plateaus.end());
                    found.insert(level + 1, std::move(slower));
                    return true;
                }
        return false;
    };
    while (options.maxLevels > 0 && found.size() < options.maxLevels && splitFastest()) {
    }
    while (options.maxLevels > 0 && found.size() > options.maxLevels)
        found.erase(std::min_element(found.begin(), found.end(),
                                     [](const Level& a, const Level& b) { return a.points() < b.points(); }));
    // A cache level is the median of its first plateau's points (as ERT), topped up to
    // 2 x minPoints from the next plateaus when it is short. Memory, the last level, is its last
    // plateau's, topped up from the ones before: its first can be the slide out of the last cache.
    const auto bandwidthOf = [&options](auto plateau, auto end) {
        std::vector<double> measured = plateau->points;
        for (++plateau; plateau != end; ++plateau)
            for (auto point = plateau->points.begin();
                 point != plateau->points.end() && measured.size() < 2 * options.minPoints; ++point)
                measured.push_back(*point);
        return std::exp(median(std::move(measured)));
    };
    std::vector<double> levels;
    for (const Level& level : found)
        levels.push_back(&level == &found.back() ? bandwidthOf(level.plateaus.rbegin(), level.plateaus.rend())
                                                 : bandwidthOf(level.plateaus.begin(), level.plateaus.end()));
    return levels;
}

double topComputeFlopsPerSecond(const Ceilings& ceilings) {
    double top = 0;
    for (const ComputeCeiling& ceiling : ceilings.compute)
        top = std::max(top, ceiling.flopsPerSecond);
    return top;
}

std::vector<BandwidthCeiling> nameLevels(const std::vector<double>& bandwidths, std::string_view memoryName,
                                         int lastCacheLevel) {
    const std::size_t caches = bandwidths.empty() ? 0 : bandwidths.size() - 1;
    const std::size_t firstCacheLevel = lastCacheLevel > 0 && caches <= std::size_t(lastCacheLevel)
                                            ? std::size_t(lastCacheLevel) - caches + 1
                                            : 1;
    std::vector<BandwidthCeiling> levels;
    for (std::size_t index = 0; index < bandwidths.size(); ++index) {
        const bool last = index + 1 == bandwidths.size();
        levels.push_back({last ? std::string(memoryName) : "L" + std::to_string(firstCacheLevel + index),
                          bandwidths[index]});
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
