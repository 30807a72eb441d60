#include "sciperf/analysis/roofline/kernels.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

namespace sciperf::roofline {
namespace {

constexpr std::array kProvenances{Provenance::MeasuredCounters, Provenance::CountedByWorkload,
                                  Provenance::Imported};

bool isFiniteNonNegative(double value) {
    return std::isfinite(value) && value >= 0;
}

// The compute ceiling named by `precision`, else the highest one (ERT files name theirs "GFLOPs",
// so a kernel's precision often has no exact match); nullptr when there are none.
const ComputeCeiling* computeCeilingFor(const Ceilings& ceilings, std::string_view precision) {
    for (const auto& ceiling : ceilings.compute)
        if (ceiling.name == precision)
            return &ceiling;
    const auto highest = std::max_element(
        ceilings.compute.begin(), ceilings.compute.end(),
        [](const ComputeCeiling& a, const ComputeCeiling& b) { return a.flopsPerSecond < b.flopsPerSecond; });
    return highest == ceilings.compute.end() ? nullptr : &*highest;
}

const BandwidthCeiling* bandwidthCeilingFor(const Ceilings& ceilings, std::string_view level) {
    for (const auto& ceiling : ceilings.bandwidth)
        if (ceiling.level == level)
            return &ceiling;
    return nullptr;
}

void sortBySecondsDescending(std::vector<KernelPoint>& kernels) {
    std::stable_sort(kernels.begin(), kernels.end(),
                     [](const KernelPoint& a, const KernelPoint& b) { return a.seconds > b.seconds; });
}

using KernelKey = std::pair<std::string, std::string>; // name, precision

KernelKey keyOf(const KernelPoint& kernel) {
    return {kernel.name, kernel.precision};
}

// --- JSON reading: each helper names the file, the element and the member in its error. ---

std::string elementName(const std::string& file, std::size_t index) {
    return file + ": kernels[" + std::to_string(index) + "]";
}

Result<std::string> readString(const JsonValue& element, std::string_view member, const std::string& where,
                               bool required) {
    const JsonValue* value = element.find(member);
    if (value == nullptr && !required)
        return std::string();
    if (value == nullptr || !value->isString())
        return fail(where + "." + std::string(member) + " is missing or not a string");
    return std::string(value->asString());
}

Result<double> readAmount(const JsonValue& element, std::string_view member, const std::string& where) {
    const JsonValue* value = element.find(member);
    if (value == nullptr || !value->isNumber() || !isFiniteNonNegative(value->asDouble(NAN)))
        return fail(where + "." + std::string(member) + " is missing or not a finite non-negative number");
    return value->asDouble(NAN);
}

Result<std::int64_t> readLaunches(const JsonValue& element, const std::string& where) {
    const JsonValue* value = element.find("launches");
    if (value == nullptr)
        return std::int64_t{1};
    const auto launches = value->asInt64();
    if (!launches || *launches < 1)
        return fail(where + ".launches is not a positive integer");
    return *launches;
}

Result<std::vector<LevelBytes>> readLevelBytes(const JsonValue& element, const std::string& where) {
    const JsonValue* bytes = element.find("bytes");
    if (bytes == nullptr)
        return std::vector<LevelBytes>();
    if (!bytes->isObject())
        return fail(where + ".bytes is not an object of level: bytes");
    std::vector<LevelBytes> levels;
    for (const auto& [level, amount] : bytes->asObject()) {
        if (!amount.isNumber() || !isFiniteNonNegative(amount.asDouble(NAN)))
            return fail(where + ".bytes." + level + " is not a finite non-negative number");
        levels.push_back({level, amount.asDouble(NAN)});
    }
    return levels;
}

Result<Provenance> readProvenance(const JsonValue& element, const std::string& where) {
    auto name = readString(element, "provenance", where, false);
    if (!name)
        return name.error();
    if (name->empty())
        return Provenance::Imported; // a file without provenance came from elsewhere
    if (const auto provenance = provenanceNamed(name.value()))
        return *provenance;
    return fail(where + ".provenance \"" + name.value() + "\" is not one of \"measured counters\", " +
                "\"counted by workload\", \"imported\"");
}

Result<KernelPoint> readKernelPoint(const JsonValue& element, const std::string& where) {
    if (!element.isObject())
        return fail(where + " is not an object");
    auto name = readString(element, "name", where, true);
    if (!name)
        return name.error();
    if (name->empty())
        return fail(where + ".name is empty");
    auto precision = readString(element, "precision", where, true);
    if (!precision)
        return precision.error();
    auto launches = readLaunches(element, where);
    if (!launches)
        return launches.error();
    auto seconds = readAmount(element, "seconds", where);
    if (!seconds)
        return seconds.error();
    auto flops = readAmount(element, "flops", where);
    if (!flops)
        return flops.error();
    auto bytes = readLevelBytes(element, where);
    if (!bytes)
        return bytes.error();
    auto provenance = readProvenance(element, where);
    if (!provenance)
        return provenance.error();
    auto origin = readString(element, "origin", where, false);
    if (!origin)
        return origin.error();
    return KernelPoint{
        std::move(name).value(), std::move(precision).value(), launches.value(),   seconds.value(),
        flops.value(),           std::move(bytes).value(),     provenance.value(), std::move(origin).value()};
}

} // namespace

std::string_view provenanceName(Provenance provenance) {
    switch (provenance) {
    case Provenance::MeasuredCounters:
        return "measured counters";
    case Provenance::CountedByWorkload:
        return "counted by workload";
    case Provenance::Imported:
        return "imported";
    }
    return "imported";
}

std::optional<Provenance> provenanceNamed(std::string_view name) {
    for (const Provenance provenance : kProvenances)
        if (provenanceName(provenance) == name)
            return provenance;
    return std::nullopt;
}

void addLevelBytes(std::vector<LevelBytes>& total, const std::vector<LevelBytes>& more) {
    for (const auto& level : more) {
        auto same = std::find_if(total.begin(), total.end(),
                                 [&](const LevelBytes& known) { return known.level == level.level; });
        if (same == total.end())
            total.push_back(level);
        else
            same->bytes += level.bytes;
    }
}

std::optional<double> KernelPoint::bytesAt(std::string_view level) const {
    for (const auto& entry : bytes)
        if (entry.level == level)
            return entry.bytes;
    return std::nullopt;
}

double flopsPerSecond(const KernelPoint& kernel) {
    return kernel.seconds > 0 ? kernel.flops / kernel.seconds : 0.0;
}

std::optional<double> arithmeticIntensity(const KernelPoint& kernel, std::string_view level) {
    const auto bytes = kernel.bytesAt(level);
    if (!bytes || !(*bytes > 0))
        return std::nullopt;
    return kernel.flops / *bytes;
}

double attainableFlopsPerSecond(double intensity, double bytesPerSecond, double peakFlopsPerSecond) {
    return std::min(peakFlopsPerSecond, intensity * bytesPerSecond);
}

Result<KernelBound> boundOf(const KernelPoint& kernel, const Ceilings& ceilings) {
    const ComputeCeiling* compute = computeCeilingFor(ceilings, kernel.precision);
    if (compute == nullptr)
        return fail("no compute ceiling to judge kernel \"" + kernel.name + "\" (" + kernel.precision +
                    ") against: the ceilings have none");
    KernelBound bound{compute->name, false, compute->flopsPerSecond, 0};
    // Hierarchical roofline: every level with known traffic has its own roof; the lowest limits.
    for (const auto& level : kernel.bytes) {
        const auto intensity = arithmeticIntensity(kernel, level.level);
        const BandwidthCeiling* bandwidth = bandwidthCeilingFor(ceilings, level.level);
        if (!intensity || bandwidth == nullptr)
            continue;
        const double roof = *intensity * bandwidth->bytesPerSecond;
        if (roof < bound.attainableFlopsPerSecond)
            bound = {level.level, true, roof, 0};
    }
    if (bound.attainableFlopsPerSecond > 0)
        bound.fractionOfAttainable = flopsPerSecond(kernel) / bound.attainableFlopsPerSecond;
    return bound;
}

std::vector<KernelPoint> aggregateByName(const std::vector<KernelPoint>& kernels) {
    std::vector<KernelPoint> totals;
    std::vector<std::size_t> pointsMerged;
    std::map<KernelKey, std::size_t> indexOf;
    for (const auto& kernel : kernels) {
        const auto [found, isNew] = indexOf.try_emplace(keyOf(kernel), totals.size());
        if (isNew) {
            totals.push_back(kernel);
            pointsMerged.push_back(1);
            continue;
        }
        KernelPoint& total = totals[found->second];
        total.launches += kernel.launches;
        total.seconds += kernel.seconds;
        total.flops += kernel.flops;
        addLevelBytes(total.bytes, kernel.bytes);
        ++pointsMerged[found->second];
    }
    // The first point's origin stays (it leads to the source); the count says it is a sum.
    for (std::size_t index = 0; index < totals.size(); ++index)
        if (pointsMerged[index] > 1)
            totals[index].origin += " (" + std::to_string(totals[index].launches) + " launches)";
    sortBySecondsDescending(totals);
    return totals;
}

std::vector<KernelPoint> topByTime(std::vector<KernelPoint> kernels, std::size_t limit, double timeShare) {
    sortBySecondsDescending(kernels);
    double totalSeconds = 0;
    for (const auto& kernel : kernels)
        totalSeconds += kernel.seconds;
    const double wantedSeconds = std::clamp(timeShare, 0.0, 1.0) * totalSeconds;
    std::vector<KernelPoint> top;
    double shownSeconds = 0;
    for (auto& kernel : kernels) {
        // Stop once the share is reached; the kernel that crosses it is still shown.
        if (top.size() >= limit || (!top.empty() && shownSeconds >= wantedSeconds))
            break;
        shownSeconds += kernel.seconds;
        top.push_back(std::move(kernel));
    }
    return top;
}

Result<TimeRooflinePoint> timeRoofline(const KernelPoint& kernel, const TimeRooflineMachine& machine,
                                       std::string_view level) {
    const std::string what = "time-based roofline of \"" + kernel.name + "\": ";
    if (!(machine.peakFlopsPerSecond > 0) || !(machine.bytesPerSecond > 0))
        return fail(what + "the machine needs a positive peak FLOP/s and bandwidth");
    if (!(kernel.seconds > 0))
        return fail(what + "no measured time");
    const auto bytes = kernel.bytesAt(level);
    if (!bytes || !(*bytes > 0))
        return fail(what + "no bytes at level " + std::string(level));

    TimeRooflinePoint point;
    point.bytes = *bytes;
    point.flops = kernel.flops;
    point.idealSeconds = std::max(kernel.flops / machine.peakFlopsPerSecond, *bytes / machine.bytesPerSecond);
    point.launchSeconds = static_cast<double>(kernel.launches) * machine.launchOverheadSeconds;
    point.efficiency = point.idealSeconds / kernel.seconds;
    point.launchBound = point.launchSeconds >= point.idealSeconds;
    // The time vertex spends all of the measured time at the roof that binds at this AI.
    const double intensity = kernel.flops / *bytes;
    const double balance = machine.peakFlopsPerSecond / machine.bytesPerSecond;
    if (intensity > balance) {
        point.vertexFlops = kernel.seconds * machine.peakFlopsPerSecond;
        point.vertexBytes = point.vertexFlops / intensity;
    } else {
        point.vertexBytes = kernel.seconds * machine.bytesPerSecond;
        point.vertexFlops = point.vertexBytes * intensity;
    }
    return point;
}

RunComparison compareRuns(const std::vector<KernelPoint>& before, const std::vector<KernelPoint>& after) {
    // Matching needs one point per name and precision; aggregation also orders by time.
    const std::vector<KernelPoint> beforeTotals = aggregateByName(before);
    std::vector<KernelPoint> afterTotals = aggregateByName(after);
    std::map<KernelKey, std::size_t> afterIndex;
    for (std::size_t index = 0; index < afterTotals.size(); ++index)
        afterIndex.emplace(keyOf(afterTotals[index]), index);

    RunComparison comparison;
    std::vector<bool> afterMatched(afterTotals.size(), false);
    for (const auto& old : beforeTotals) {
        const auto match = afterIndex.find(keyOf(old));
        if (match == afterIndex.end()) {
            comparison.onlyBefore.push_back(old);
            continue;
        }
        const KernelPoint& updated = afterTotals[match->second];
        afterMatched[match->second] = true;
        const double oldRate = flopsPerSecond(old);
        comparison.matched.push_back({old, updated, updated.seconds > 0 ? old.seconds / updated.seconds : 0.0,
                                      oldRate > 0 ? flopsPerSecond(updated) / oldRate : 0.0});
    }
    for (std::size_t index = 0; index < afterTotals.size(); ++index)
        if (!afterMatched[index])
            comparison.onlyAfter.push_back(std::move(afterTotals[index]));
    return comparison;
}

void writeKernelPoints(JsonWriter& writer, const std::vector<KernelPoint>& kernels) {
    writer.beginArray();
    for (const auto& kernel : kernels) {
        writer.beginObject()
            .field("name", kernel.name)
            .field("precision", kernel.precision)
            .field("launches", kernel.launches)
            .field("seconds", kernel.seconds)
            .field("flops", kernel.flops);
        writer.key("bytes").beginObject();
        for (const auto& level : kernel.bytes)
            writer.field(level.level, level.bytes);
        writer.endObject();
        writer.field("provenance", provenanceName(kernel.provenance)).field("origin", kernel.origin);
        writer.endObject();
    }
    writer.endArray();
}

Result<std::vector<KernelPoint>> readKernelPoints(const JsonValue& array, const std::string& file) {
    if (!array.isArray())
        return fail(file + ": kernels is not a list");
    std::vector<KernelPoint> kernels;
    for (std::size_t index = 0; index < array.size(); ++index) {
        auto kernel = readKernelPoint(array.asArray()[index], elementName(file, index));
        if (!kernel)
            return kernel.error();
        kernels.push_back(std::move(kernel).value());
    }
    return kernels;
}

} // namespace sciperf::roofline
