#include "sciperf/store/own_results_tree.h"

#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/json_writer.h"
#include "sciperf/analysis/mlperf/log.h"
#include "sciperf/analysis/mlperf/results.h"
#include "sciperf/engine/atomic_file.h"

#include <cctype>
#include <cstdio>
#include <map>
#include <system_error>
#include <tuple>

namespace sciperf {

namespace fs = std::filesystem;

namespace {

constexpr const char* kLogName = "mllog.txt";

// What makes runs one submission, and what its system description says.
struct Entry {
    std::string benchmark; // submission_benchmark as logged
    std::string host;
    std::int64_t nodes = 1;
    std::int64_t acceleratorsPerNode = 0;
    std::string settings; // the command line less --out and --seed: the training settings
    std::string cpuModel;
    std::string platform;
    std::string framework;
    std::vector<fs::path> logs; // in session order
};

using EntryKey = std::tuple<std::string, std::string, std::int64_t, std::int64_t, std::string>;

// The run's command line after the workload's name, without the values that differ between the
// seeded runs of one entry (its run directory and seed).
std::string trainingSettings(const JsonValue& runJson) {
    std::string settings;
    const JsonValue::Array& words = runJson["command_line"].asArray();
    for (std::size_t i = 2; i < words.size(); ++i) {
        const std::string_view word = words[i].asString();
        if ((word == "--out" || word == "--seed") && i + 1 < words.size()) {
            ++i;
            continue;
        }
        settings += (settings.empty() ? "" : " ") + std::string(word);
    }
    return settings;
}

// A folder name for an entry: host, ranks and a short hash of the settings.
std::string systemName(const Entry& entry) {
    char hash[9];
    std::snprintf(hash, sizeof hash, "%08llx",
                  static_cast<unsigned long long>(mlperf::contentHash(entry.settings) & 0xffffffffULL));
    std::string host;
    for (const char c : entry.host)
        host += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
    return (host.empty() ? std::string("host") : host) + "_n" + std::to_string(entry.nodes) + "x" +
           std::to_string(entry.acceleratorsPerNode) + "_" + hash;
}

std::string systemJson(const Entry& entry, const std::string& name) {
    JsonWriter json(JsonWriter::Layout::Indented);
    // MLPerf system descriptions write their numbers as strings.
    json.beginObject()
        .field("submitter", kOwnResultsOrg)
        .field("division", "open")
        .field("status", "research")
        .field("system_name", name)
        .field("number_of_nodes", std::to_string(entry.nodes))
        .field("accelerators_per_node", std::to_string(entry.acceleratorsPerNode))
        .field("host_processor_model_name", entry.cpuModel)
        .field("accelerator_model_name", entry.platform)
        .field("framework", entry.framework)
        .field("sciperf_settings", entry.settings)
        .endObject();
    return json.text() + "\n";
}

} // namespace

bool hasOwnMlperfLog(const RunRecord& run) {
    std::error_code ec;
    return run.status == "completed" && fs::is_regular_file(fs::path(run.runDirectory) / kLogName, ec);
}

Result<OwnResultsTree> writeOwnResultsTree(const std::vector<RunRecord>& runs, const fs::path& folder) {
    std::map<EntryKey, Entry> entries;
    for (const RunRecord& run : runs) {
        if (!hasOwnMlperfLog(run))
            continue;
        const fs::path log = fs::path(run.runDirectory) / kLogName;
        const auto parsedJson = parseJson(run.runJson);
        if (!parsedJson)
            continue;
        const JsonValue& runJson = parsedJson.value();
        const mlperf::ParsedLog parsed = mlperf::parseLogFile(log.string(), mlperf::Benchmark::Unknown);
        const mlperf::RunSummary& summary = parsed.summary;
        if (summary.logBenchmark.empty())
            continue;
        Entry entry;
        entry.benchmark = summary.logBenchmark;
        entry.host = std::string(runJson["machine"]["hostname"].asString(run.hostname));
        entry.nodes = summary.nodes.value_or(1);
        entry.acceleratorsPerNode = summary.acceleratorsPerNode.value_or(0);
        entry.settings = trainingSettings(runJson);
        const EntryKey key{entry.benchmark, entry.host, entry.nodes, entry.acceleratorsPerNode,
                           entry.settings};
        auto [found, added] = entries.emplace(key, std::move(entry));
        if (added) {
            found->second.cpuModel = std::string(runJson["machine"]["cpu"]["model"].asString());
            found->second.platform = summary.logPlatform;
            found->second.framework = "SciPerf Studio " + std::string(runJson["sciperf_version"].asString());
        }
        found->second.logs.push_back(log);
    }

    const fs::path org = folder / kOwnResultsOrg;
    std::error_code ec;
    fs::remove_all(org, ec);
    if (ec)
        return fail("cannot clear " + org.string() + ": " + ec.message());
    OwnResultsTree written;
    for (auto& [key, entry] : entries) {
        const std::string name = systemName(entry);
        fs::create_directories(org / "systems", ec);
        if (ec)
            return fail("cannot create " + (org / "systems").string() + ": " + ec.message());
        if (auto saved = writeFileAtomically(org / "systems" / (name + ".json"), systemJson(entry, name));
            !saved)
            return saved.error();
        const fs::path results = org / "results" / name / "strong" / entry.benchmark;
        fs::create_directories(results, ec);
        if (ec)
            return fail("cannot create " + results.string() + ": " + ec.message());
        for (std::size_t i = 0; i < entry.logs.size(); ++i) {
            const fs::path target = results / ("result_" + std::to_string(i + 1) + ".txt");
            fs::copy_file(entry.logs[i], target, fs::copy_options::overwrite_existing, ec);
            if (ec)
                return fail("cannot copy " + entry.logs[i].string() + " to " + target.string() + ": " +
                            ec.message());
            ++written.runs;
        }
        ++written.submissions;
    }
    return written;
}

} // namespace sciperf
