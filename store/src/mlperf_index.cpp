#include "sciperf/store/mlperf_index.h"

#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/json_writer.h"

#include <cmath>

#ifndef SCIPERF_VERSION
#error "SCIPERF_VERSION must be defined by the build"
#endif

namespace sciperf {
namespace {

using mlperf::RunSummary;

// Summaries are only as good as the parser that made them: an entry is reused only by the same
// version of SciPerf with the same summary layout.
constexpr std::string_view kSummaryFormat = "sciperf.mlperf-summary/1 " SCIPERF_VERSION;

void writeInterval(JsonWriter& json, std::string_view name, const mlperf::Interval& interval) {
    json.key(name).beginArray().value(interval.startMs).value(interval.stopMs).endArray();
}

template <class Integer>
void writeOptional(JsonWriter& json, std::string_view name, const std::optional<Integer>& value) {
    json.key(name);
    if (value)
        json.value(static_cast<std::int64_t>(*value));
    else
        json.null();
}

double number(const JsonValue& value) {
    return value.isNumber() ? value.asDouble(NAN) : NAN;
}

mlperf::Interval readInterval(const JsonValue& value) {
    return {number(value.asArray().size() == 2 ? value.asArray()[0] : JsonValue()),
            number(value.asArray().size() == 2 ? value.asArray()[1] : JsonValue())};
}

std::optional<std::int64_t> readOptional(const JsonValue& value) {
    return value.asInt64();
}

std::size_t readCount(const JsonValue& value) {
    const auto count = value.asInt64();
    return count && *count > 0 ? static_cast<std::size_t>(*count) : 0;
}

} // namespace

std::string summaryToJson(const RunSummary& summary) {
    JsonWriter json;
    json.beginObject()
        .field("format", kSummaryFormat)
        .field("file", summary.file)
        .field("benchmark", mlperf::rulesFor(summary.benchmark).name);
    writeInterval(json, "init", summary.init);
    writeInterval(json, "staging", summary.staging);
    writeInterval(json, "run", summary.run);
    json.field("has_run_stop", summary.hasRunStop)
        .field("run_stop_status", summary.runStopStatus)
        .field("staging_inside_run", summary.stagingInsideRun)
        .field("ttt_min", summary.timeToTrainMinutes);
    json.key("evals").beginArray();
    for (const auto& eval : summary.evals)
        json.beginArray()
            .value(static_cast<std::uint64_t>(eval.line))
            .value(eval.timeMs)
            .value(eval.epoch)
            .value(eval.value)
            .endArray();
    json.endArray();
    json.field("last_eval", summary.lastEval)
        .field("epochs_to_converge", summary.epochsToConverge)
        .field("target_met", summary.targetMet)
        .field("converged", summary.converged)
        .field("epoch_s", summary.epochSeconds)
        .field("eval_s", summary.evalSeconds)
        .field("train_s", summary.trainSeconds)
        .field("seed", summary.seed);
    writeOptional(json, "nodes", summary.nodes);
    writeOptional(json, "accelerators_per_node", summary.acceleratorsPerNode);
    writeOptional(json, "global_batch_size", summary.globalBatchSize);
    writeOptional(json, "train_samples", summary.trainSamples);
    writeOptional(json, "eval_samples", summary.evalSamples);
    json.field("log_org", summary.logOrg)
        .field("log_division", summary.logDivision)
        .field("log_platform", summary.logPlatform)
        .field("log_status", summary.logStatus)
        .field("log_benchmark", summary.logBenchmark)
        .field("mllog_lines", static_cast<std::uint64_t>(summary.mllogLines))
        .field("bad_lines", static_cast<std::uint64_t>(summary.badLines))
        .field("other_lines", static_cast<std::uint64_t>(summary.otherLines))
        .field("bytes", static_cast<std::uint64_t>(summary.bytes));
    json.key("keys").beginObject();
    for (const auto& [key, stats] : summary.keys)
        json.key(key)
            .beginArray()
            .value(static_cast<std::uint64_t>(stats.count))
            .value(static_cast<std::uint64_t>(stats.firstLine))
            .endArray();
    json.endObject();
    json.key("diagnostics").beginArray();
    for (const auto& diagnostic : summary.diagnostics)
        json.beginArray()
            .value(static_cast<std::uint64_t>(diagnostic.line))
            .value(diagnostic.severity == mlperf::Severity::Error)
            .value(diagnostic.message)
            .endArray();
    json.endArray().endObject();
    return json.text();
}

Result<RunSummary> summaryFromJson(std::string_view text) {
    auto parsed = parseJson(text);
    if (!parsed)
        return parsed.error();
    const JsonValue& json = parsed.value();
    if (json["format"].asString() != kSummaryFormat)
        return fail("summary written by another version (" + std::string(json["format"].asString()) + ")");
    RunSummary summary;
    summary.file = json["file"].asString();
    summary.benchmark = mlperf::benchmarkFromName(json["benchmark"].asString());
    summary.init = readInterval(json["init"]);
    summary.staging = readInterval(json["staging"]);
    summary.run = readInterval(json["run"]);
    summary.hasRunStop = json["has_run_stop"].asBool();
    summary.runStopStatus = json["run_stop_status"].asString();
    summary.stagingInsideRun = json["staging_inside_run"].asBool();
    summary.timeToTrainMinutes = number(json["ttt_min"]);
    for (const auto& eval : json["evals"].asArray()) {
        const auto& fields = eval.asArray();
        if (fields.size() != 4)
            return fail("summary has a malformed eval entry");
        summary.evals.push_back(
            {readCount(fields[0]), number(fields[1]), number(fields[2]), number(fields[3])});
    }
    summary.lastEval = number(json["last_eval"]);
    summary.epochsToConverge = number(json["epochs_to_converge"]);
    summary.targetMet = json["target_met"].asBool();
    summary.converged = json["converged"].asBool();
    summary.epochSeconds = number(json["epoch_s"]);
    summary.evalSeconds = number(json["eval_s"]);
    summary.trainSeconds = number(json["train_s"]);
    summary.seed = json["seed"].asString();
    summary.nodes = readOptional(json["nodes"]);
    summary.acceleratorsPerNode = readOptional(json["accelerators_per_node"]);
    summary.globalBatchSize = readOptional(json["global_batch_size"]);
    summary.trainSamples = readOptional(json["train_samples"]);
    summary.evalSamples = readOptional(json["eval_samples"]);
    summary.logOrg = json["log_org"].asString();
    summary.logDivision = json["log_division"].asString();
    summary.logPlatform = json["log_platform"].asString();
    summary.logStatus = json["log_status"].asString();
    summary.logBenchmark = json["log_benchmark"].asString();
    summary.mllogLines = readCount(json["mllog_lines"]);
    summary.badLines = readCount(json["bad_lines"]);
    summary.otherLines = readCount(json["other_lines"]);
    summary.bytes = readCount(json["bytes"]);
    for (const auto& [key, stats] : json["keys"].asObject()) {
        const auto& fields = stats.asArray();
        if (fields.size() != 2)
            return fail("summary has a malformed key entry");
        summary.keys[key] = {readCount(fields[0]), readCount(fields[1])};
    }
    for (const auto& diagnostic : json["diagnostics"].asArray()) {
        const auto& fields = diagnostic.asArray();
        if (fields.size() != 3)
            return fail("summary has a malformed diagnostic");
        summary.diagnostics.push_back(
            {summary.file, readCount(fields[0]),
             fields[1].asBool() ? mlperf::Severity::Error : mlperf::Severity::Warning,
             std::string(fields[2].asString())});
    }
    return summary;
}

MlperfIndex::MlperfIndex(SessionStore& store)
    : m_store(store) {}

MlperfIndex::~MlperfIndex() {
    (void)flush();
}

std::optional<mlperf::CachedSummary> MlperfIndex::find(const std::string& path,
                                                       const mlperf::FileStamp& stamp) {
    auto entry = m_store.findIndexedFile(path);
    if (!entry) {
        if (m_lookupError.empty())
            m_lookupError = entry.error().message;
        return std::nullopt;
    }
    if (!entry->has_value())
        return std::nullopt;
    const IndexedFile& file = entry->value();
    if (file.sizeBytes != stamp.sizeBytes || file.modifiedNs != stamp.modifiedNs)
        return std::nullopt;
    auto summary = summaryFromJson(file.summaryJson);
    if (!summary)
        return std::nullopt; // another version's entry, or damage: parse the file again
    return mlperf::CachedSummary{file.contentHash, std::move(summary).value()};
}

void MlperfIndex::remember(const std::string& path, const mlperf::FileStamp& stamp,
                           const mlperf::CachedSummary& parsed) {
    m_pending.push_back(
        {path, stamp.sizeBytes, stamp.modifiedNs, parsed.contentHash, summaryToJson(parsed.summary)});
}

Result<void> MlperfIndex::flush() {
    if (m_pending.empty())
        return {};
    auto written = m_store.putIndexedFiles(m_pending);
    m_pending.clear();
    return written;
}

} // namespace sciperf
