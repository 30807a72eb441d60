#include "sciperf/analysis/roofline/kernel_records.h"

#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/json_writer.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

namespace sciperf::roofline {
namespace {

void addFlops(std::vector<PrecisionFlops>& total, const std::vector<PrecisionFlops>& more) {
    for (const auto& precision : more) {
        auto same = std::find_if(total.begin(), total.end(), [&](const PrecisionFlops& known) {
            return known.precision == precision.precision;
        });
        if (same == total.end())
            total.push_back(precision);
        else
            same->flops += precision.flops;
    }
}

bool isKernel(const KernelRecord& record) {
    return record.kind == "kernel";
}

// --- Writing ---

void writeDimensions(JsonWriter& writer, std::string_view name, const std::array<std::int64_t, 3>& dims) {
    writer.key(name).beginArray();
    for (const auto value : dims)
        writer.value(value);
    writer.endArray();
}

std::string recordLine(const KernelRecord& record) {
    JsonWriter writer;
    writer.beginObject()
        .field("name", record.name)
        .field("kind", record.kind)
        .field("row", record.row)
        .field("start_ns", record.startNs)
        .field("end_ns", record.endNs);
    if (record.correlationId != 0)
        writer.field("correlation_id", record.correlationId);
    if (record.grid != std::array<std::int64_t, 3>{0, 0, 0})
        writeDimensions(writer, "grid", record.grid);
    if (record.block != std::array<std::int64_t, 3>{0, 0, 0})
        writeDimensions(writer, "block", record.block);
    if (record.launchOverheadNs)
        writer.field("launch_overhead_ns", *record.launchOverheadNs);
    if (record.copyBytes)
        writer.field("copy_bytes", *record.copyBytes);
    if (!record.flops.empty()) {
        writer.key("flops").beginObject();
        for (const auto& precision : record.flops)
            writer.field(precision.precision, precision.flops);
        writer.endObject();
    }
    if (!record.bytes.empty()) {
        writer.key("bytes").beginObject();
        for (const auto& level : record.bytes)
            writer.field(level.level, level.bytes);
        writer.endObject();
    }
    writer.field("provenance", provenanceName(record.provenance));
    if (!record.origin.empty())
        writer.field("origin", record.origin);
    writer.endObject();
    return writer.text();
}

// --- Reading: each helper names "file:line" and the member in its error. ---

Result<std::string> stringMember(const JsonValue& object, std::string_view member, const std::string& where,
                                 bool required) {
    const JsonValue* value = object.find(member);
    if (value == nullptr && !required)
        return std::string();
    if (value == nullptr || !value->isString())
        return fail(where + ": \"" + std::string(member) + "\" is missing or not a string");
    return std::string(value->asString());
}

Result<std::optional<std::int64_t>> integerMember(const JsonValue& object, std::string_view member,
                                                  const std::string& where, bool required) {
    const JsonValue* value = object.find(member);
    if (value == nullptr) {
        if (required)
            return fail(where + ": \"" + std::string(member) + "\" is missing");
        return std::optional<std::int64_t>();
    }
    const auto integer = value->asInt64();
    if (!value->isNumber() || !integer)
        return fail(where + ": \"" + std::string(member) + "\" is not an integer");
    return std::optional<std::int64_t>(*integer);
}

Result<std::array<std::int64_t, 3>> dimensionsMember(const JsonValue& object, std::string_view member,
                                                     const std::string& where) {
    std::array<std::int64_t, 3> dims{0, 0, 0};
    const JsonValue* value = object.find(member);
    if (value == nullptr)
        return dims;
    if (!value->isArray() || value->size() != 3)
        return fail(where + ": \"" + std::string(member) + "\" is not a list of 3 integers");
    for (std::size_t axis = 0; axis < 3; ++axis) {
        const auto integer = value->asArray()[axis].asInt64();
        if (!integer || *integer < 0)
            return fail(where + ": \"" + std::string(member) + "\" is not a list of 3 non-negative integers");
        dims[axis] = *integer;
    }
    return dims;
}

// {"name": amount, ...} with finite non-negative amounts.
Result<std::vector<std::pair<std::string, double>>>
amountsMember(const JsonValue& object, std::string_view member, const std::string& where) {
    std::vector<std::pair<std::string, double>> amounts;
    const JsonValue* value = object.find(member);
    if (value == nullptr)
        return amounts;
    if (!value->isObject())
        return fail(where + ": \"" + std::string(member) + "\" is not an object of name: number");
    for (const auto& [name, amount] : value->asObject()) {
        const double number = amount.asDouble(NAN);
        if (!amount.isNumber() || !std::isfinite(number) || number < 0)
            return fail(where + ": \"" + std::string(member) + "\"." + name +
                        " is not a finite non-negative number");
        amounts.emplace_back(name, number);
    }
    return amounts;
}

Result<Provenance> provenanceMember(const JsonValue& object, const std::string& where) {
    auto name = stringMember(object, "provenance", where, false);
    if (!name)
        return name.error();
    if (name->empty())
        return Provenance::MeasuredCounters;
    if (const auto provenance = provenanceNamed(name.value()))
        return *provenance;
    return fail(where + ": \"provenance\" \"" + name.value() + "\" is not one of \"measured counters\", " +
                "\"counted by workload\", \"imported\"");
}

Result<KernelRecord> readRecord(const JsonValue& object, const std::string& where) {
    if (!object.isObject())
        return fail(where + ": a record must be a JSON object");
    KernelRecord record;
    auto name = stringMember(object, "name", where, true);
    if (!name)
        return name.error();
    if (name->empty())
        return fail(where + ": \"name\" is empty");
    record.name = std::move(name).value();
    auto kind = stringMember(object, "kind", where, true);
    if (!kind)
        return kind.error();
    record.kind = std::move(kind).value();
    auto row = stringMember(object, "row", where, true);
    if (!row)
        return row.error();
    record.row = std::move(row).value();
    auto start = integerMember(object, "start_ns", where, true);
    if (!start)
        return start.error();
    auto end = integerMember(object, "end_ns", where, true);
    if (!end)
        return end.error();
    record.startNs = *start.value();
    record.endNs = *end.value();
    if (record.endNs < record.startNs)
        return fail(where + ": \"end_ns\" " + std::to_string(record.endNs) + " is before \"start_ns\" " +
                    std::to_string(record.startNs));
    auto correlation = integerMember(object, "correlation_id", where, false);
    if (!correlation)
        return correlation.error();
    record.correlationId = correlation->value_or(0);
    auto grid = dimensionsMember(object, "grid", where);
    if (!grid)
        return grid.error();
    record.grid = grid.value();
    auto block = dimensionsMember(object, "block", where);
    if (!block)
        return block.error();
    record.block = block.value();
    auto overhead = integerMember(object, "launch_overhead_ns", where, false);
    if (!overhead)
        return overhead.error();
    record.launchOverheadNs = overhead.value();
    auto copyBytes = integerMember(object, "copy_bytes", where, false);
    if (!copyBytes)
        return copyBytes.error();
    record.copyBytes = copyBytes.value();
    auto flops = amountsMember(object, "flops", where);
    if (!flops)
        return flops.error();
    for (auto& [precision, amount] : flops.value())
        record.flops.push_back({std::move(precision), amount});
    auto bytes = amountsMember(object, "bytes", where);
    if (!bytes)
        return bytes.error();
    for (auto& [level, amount] : bytes.value())
        record.bytes.push_back({std::move(level), amount});
    auto provenance = provenanceMember(object, where);
    if (!provenance)
        return provenance.error();
    record.provenance = provenance.value();
    auto origin = stringMember(object, "origin", where, false);
    if (!origin)
        return origin.error();
    record.origin = std::move(origin).value();
    return record;
}

} // namespace

double KernelRecord::totalFlops() const {
    double total = 0;
    for (const auto& precision : flops)
        total += precision.flops;
    return total;
}

void setMetrics(KernelRecord& record, const KernelMetrics& metrics) {
    record.flops = metrics.flops;
    record.bytes = metrics.bytes;
}

std::size_t attachLaunchOverhead(std::vector<KernelRecord>& records, const std::vector<ApiCall>& calls) {
    std::unordered_map<std::int64_t, const ApiCall*> byCorrelation;
    for (const auto& call : calls)
        if (call.correlationId != 0)
            byCorrelation.emplace(call.correlationId, &call);
    std::size_t matched = 0;
    for (auto& record : records) {
        const auto found = byCorrelation.find(record.correlationId);
        if (record.correlationId == 0 || found == byCorrelation.end())
            continue;
        record.launchOverheadNs = found->second->endNs - found->second->startNs;
        ++matched;
    }
    return matched;
}

std::vector<KernelSummary> summarizeKernels(const std::vector<KernelRecord>& records) {
    std::vector<KernelSummary> summaries;
    std::vector<std::vector<PrecisionFlops>> flopsOf;
    std::vector<std::pair<double, std::int64_t>> overheadOf; // sum in seconds, count
    std::map<std::string, std::size_t, std::less<>> indexOf;
    double totalSeconds = 0;
    for (const auto& record : records) {
        if (!isKernel(record))
            continue;
        const auto [found, isNew] = indexOf.try_emplace(record.name, summaries.size());
        if (isNew) {
            KernelSummary summary;
            summary.name = record.name;
            summary.provenance = record.provenance;
            summaries.push_back(std::move(summary));
            flopsOf.emplace_back();
            overheadOf.emplace_back(0.0, 0);
        }
        const std::size_t index = found->second;
        KernelSummary& summary = summaries[index];
        ++summary.launches;
        summary.seconds += record.seconds();
        totalSeconds += record.seconds();
        if (record.hasMetrics())
            ++summary.measuredLaunches;
        addFlops(flopsOf[index], record.flops);
        addLevelBytes(summary.bytes, record.bytes);
        if (record.launchOverheadNs) {
            overheadOf[index].first += static_cast<double>(*record.launchOverheadNs) * 1e-9;
            ++overheadOf[index].second;
        }
    }
    for (std::size_t index = 0; index < summaries.size(); ++index) {
        KernelSummary& summary = summaries[index];
        summary.meanSeconds = summary.seconds / static_cast<double>(summary.launches);
        summary.timeShare = totalSeconds > 0 ? summary.seconds / totalSeconds : 0.0;
        summary.precision = precisionWithMostFlops(flopsOf[index]);
        for (const auto& precision : flopsOf[index])
            summary.flops += precision.flops;
        if (overheadOf[index].second > 0)
            summary.meanLaunchOverheadSeconds =
                overheadOf[index].first / static_cast<double>(overheadOf[index].second);
    }
    std::stable_sort(summaries.begin(), summaries.end(),
                     [](const KernelSummary& a, const KernelSummary& b) { return a.seconds > b.seconds; });
    return summaries;
}

std::vector<KernelPoint> kernelPointsOf(const std::vector<KernelRecord>& records, const std::string& origin) {
    std::vector<KernelPoint> points;
    for (const auto& summary : summarizeKernels(records)) {
        if (summary.measuredLaunches != summary.launches)
            continue; // part of its launches unmeasured: FLOPs over all time would be too low
        KernelPoint point;
        point.name = summary.name;
        point.precision = summary.precision;
        point.launches = summary.launches;
        point.seconds = summary.seconds;
        point.flops = summary.flops;
        point.bytes = summary.bytes;
        point.provenance = summary.provenance;
        point.origin = origin;
        points.push_back(std::move(point));
    }
    return aggregateByName(points);
}

std::string writeKernelRecordsJsonl(const std::vector<KernelRecord>& records, std::string_view source) {
    JsonWriter header;
    header.beginObject()
        .field("schema", kKernelRecordsSchema)
        .field("source", source)
        .field("clock", "ns")
        .endObject();
    std::string text = header.text() + "\n";
    for (const auto& record : records)
        text += recordLine(record) + "\n";
    return text;
}

Result<KernelRecordsFile> readKernelRecordsJsonl(std::string_view text, const std::string& file) {
    KernelRecordsFile result;
    std::size_t number = 0;
    bool headerSeen = false;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const bool complete = newline != std::string_view::npos;
        std::string_view line = text.substr(0, complete ? newline : text.size());
        text.remove_prefix(complete ? newline + 1 : text.size());
        ++number;
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        const std::string where = file + ":" + std::to_string(number);
        auto value = parseJson(line);
        if (!value)
            return fail(
                where + ": " + value.error().message +
                (complete ? std::string() : " (the last line has no newline: is the file truncated?)"));
        if (!headerSeen) {
            const JsonValue* schema = value->find("schema");
            if (schema == nullptr || schema->asString() != kKernelRecordsSchema)
                return fail(where + ": not a kernel records file (the first line must be {\"schema\": \"" +
                            std::string(kKernelRecordsSchema) + "\", ...})");
            result.source = std::string(value.value()["source"].asString());
            headerSeen = true;
            continue;
        }
        auto record = readRecord(value.value(), where);
        if (!record)
            return record.error();
        result.records.push_back(std::move(record).value());
    }
    if (!headerSeen)
        return fail(file + ": empty (no kernel records header)");
    return result;
}

} // namespace sciperf::roofline
