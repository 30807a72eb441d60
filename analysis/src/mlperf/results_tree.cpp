#include "log_file.h"
#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/mlperf/results.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <tuple>

namespace fs = std::filesystem;

namespace sciperf::mlperf {
namespace {

constexpr std::uint64_t kFnvOffsetBasis = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

Result<std::string> readWholeFile(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return fail(file.string() + ": cannot open");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad())
        return fail(file.string() + ": cannot read");
    return bytes.str();
}

// "v1.0" and the like.
bool isRoundName(std::string_view name) {
    if (name.size() < 4 || name[0] != 'v')
        return false;
    const std::size_t dot = name.find('.');
    if (dot == std::string_view::npos || dot == 1 || dot + 1 == name.size())
        return false;
    return std::all_of(name.begin() + 1, name.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
           name.find('.', dot + 1) == std::string_view::npos;
}

// N of result_N.txt, or nothing.
std::optional<long> resultNumber(std::string_view name) {
    constexpr std::string_view kPrefix = "result_", kSuffix = ".txt";
    if (name.size() <= kPrefix.size() + kSuffix.size() || !name.starts_with(kPrefix) ||
        !name.ends_with(kSuffix))
        return std::nullopt;
    const std::string_view digits =
        name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
    long number = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
    if (ec != std::errc() || end != digits.data() + digits.size())
        return std::nullopt;
    return number;
}

std::optional<std::int64_t> integerField(const JsonValue& value) {
    return value.isString() ? parseInt64(value.asString()) : value.asInt64();
}

struct SubmissionKey {
    std::string round, org, system;
    Scaling scaling;
    std::string benchmark;
    auto operator<=>(const SubmissionKey&) const = default;
};

// Where a result file sits in the repository layout (results.h).
struct Placement {
    SubmissionKey key;
    fs::path folder;    // the submission's folder (where scaling.json lives)
    fs::path orgFolder; // holds systems/
    bool pruned = false;
};

std::optional<Placement> placementOf(const fs::path& file) {
    std::vector<std::string> parts;
    for (const fs::path& part : file.parent_path())
        parts.push_back(part.string());
    std::size_t results = parts.size();
    for (std::size_t i = parts.size(); i-- > 1;) {
        if (parts[i] == "results") {
            results = i;
            break;
        }
    }
    if (results == parts.size())
        return std::nullopt;
    const std::vector<std::string> rest(parts.begin() + static_cast<std::ptrdiff_t>(results) + 1,
                                        parts.end());
    Placement placement;
    placement.key.org = parts[results - 1];
    for (std::size_t i = results - 1; i-- > 0;) {
        if (isRoundName(parts[i])) {
            placement.key.round = parts[i];
            break;
        }
    }
    fs::path orgFolder;
    for (std::size_t i = 0; i < results; ++i)
        orgFolder /= parts[i];
    placement.orgFolder = orgFolder;
    placement.folder = file.parent_path();
    if (rest.size() == 2) { // v0.7: SYSTEM/bench
        placement.key.system = rest[0];
        placement.key.scaling = Scaling::Strong;
        placement.key.benchmark = rest[1];
        return placement;
    }
    if ((rest.size() == 3 || (rest.size() == 4 && rest[3] == "pruned_results")) &&
        (rest[1] == "strong" || rest[1] == "weak")) {
        placement.key.system = rest[0];
        placement.key.scaling = rest[1] == "strong" ? Scaling::Strong : Scaling::Weak;
        placement.key.benchmark = rest[2];
        placement.pruned = rest.size() == 4;
        if (placement.pruned)
            placement.folder = placement.folder.parent_path();
        return placement;
    }
    return std::nullopt;
}

struct FileJob {
    std::string path;
    std::size_t submission = 0;
    bool pruned = false;
    long number = 0;
    Benchmark benchmark = Benchmark::Unknown;
    FileStamp stamp;
    bool stamped = false;
    std::optional<CachedSummary> cached;
    std::optional<ReadLog> parsed;
};

FileStamp stampOf(const fs::path& file, bool& ok) {
    std::error_code sizeError, timeError;
    const auto size = fs::file_size(file, sizeError);
    const auto time = fs::last_write_time(file, timeError);
    ok = !sizeError && !timeError;
    if (!ok)
        return {};
    return {size, std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count()};
}

double scalingFactorOf(const fs::path& folder, std::vector<Diagnostic>& diagnostics) {
    const fs::path file = folder / "scaling.json";
    std::error_code error;
    if (!fs::exists(file, error))
        return 1.0;
    auto bytes = readWholeFile(file);
    if (!bytes) {
        diagnostics.push_back({file.string(), 0, Severity::Error, bytes.error().message});
        return 1.0;
    }
    auto json = parseJson(bytes.value());
    const JsonValue* factor = json ? json->find("scaling_factor") : nullptr;
    if (!factor || !factor->isNumber() || !(factor->asDouble(0) > 0)) {
        diagnostics.push_back({file.string(), 0, Severity::Error,
                               json ? "no positive number \"scaling_factor\"; factor 1 used"
                                    : "not JSON (" + json.error().message + "); factor 1 used"});
        return 1.0;
    }
    return factor->asDouble(1.0);
}

// Parses the jobs without a cached summary on `threads` threads; each takes the next file.
void parseJobs(std::vector<FileJob>& jobs, const LoadOptions& options) {
    std::vector<FileJob*> pending;
    for (FileJob& job : jobs)
        if (!job.cached)
            pending.push_back(&job);
    const std::size_t total = pending.size();
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    auto work = [&] {
        for (;;) {
            if (stop.load(std::memory_order_relaxed) || (options.cancelled && options.cancelled())) {
                stop = true;
                return;
            }
            const std::size_t index = next.fetch_add(1);
            if (index >= total)
                return;
            FileJob& job = *pending[index];
            job.parsed = readLogFile(job.path, job.benchmark, options.keepEvents);
            const std::size_t finished = done.fetch_add(1) + 1;
            if (options.progress)
                options.progress(finished, total);
        }
    };
    unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, total));
    if (threads <= 1) {
        work();
        return;
    }
    std::vector<std::jthread> workers;
    workers.reserve(threads);
    for (unsigned i = 0; i < threads; ++i)
        workers.emplace_back(work);
}

} // namespace

std::uint64_t contentHash(std::string_view bytes, std::uint64_t previous) {
    std::uint64_t hash = previous;
    for (const char c : bytes) {
        hash ^= static_cast<unsigned char>(c);
        hash *= kFnvPrime;
    }
    return hash;
}

std::uint64_t contentHash(std::string_view bytes) {
    return contentHash(bytes, kFnvOffsetBasis);
}

Result<SystemDescription> readSystemDescription(const fs::path& file) {
    auto bytes = readWholeFile(file);
    if (!bytes)
        return bytes.error();
    auto json = parseJson(bytes.value());
    if (!json)
        return fail(file.string() + ": not JSON: " + json.error().message);
    if (!json->isObject())
        return fail(file.string() + ": not a JSON object");
    SystemDescription system;
    for (const auto& [key, value] : json->asObject())
        if (value.isString() && !system.fields.contains(key))
            system.fields.emplace(key, std::string(value.asString()));
    auto field = [&](const char* key) {
        const auto it = system.fields.find(key);
        return it == system.fields.end() ? std::string() : it->second;
    };
    system.name = field("system_name");
    if (system.name.empty())
        system.name = file.stem().string();
    system.submitter = field("submitter");
    system.division = field("division");
    system.status = field("status");
    system.acceleratorModel = field("accelerator_model_name");
    system.hostProcessorModel = field("host_processor_model_name");
    system.framework = field("framework");
    system.nodes = integerField(json.value()["number_of_nodes"]).value_or(0);
    system.acceleratorsPerNode = integerField(json.value()["accelerators_per_node"]).value_or(0);
    return system;
}

ResultsTree loadResultsTree(const fs::path& root, const LoadOptions& options) {
    ResultsTree tree;
    std::error_code error;
    if (!fs::is_directory(root, error)) {
        tree.diagnostics.push_back({root.string(), 0, Severity::Error, "not a folder"});
        return tree;
    }

    // 1. Result files, placed in submissions (ordered by the key).
    std::map<SubmissionKey, std::size_t> index;
    std::vector<Placement> placements;
    std::vector<FileJob> jobs;
    const auto walkOptions = fs::directory_options::skip_permission_denied;
    for (auto it = fs::recursive_directory_iterator(root, walkOptions, error); !error && it != fs::end(it);
         it.increment(error)) {
        const fs::directory_entry& entry = *it;
        const std::string name = entry.path().filename().string();
        std::error_code typeError;
        if (entry.is_directory(typeError) && (name == "benchmarks" || name == ".git")) {
            it.disable_recursion_pending(); // code, not results
            continue;
        }
        const auto number = resultNumber(name);
        if (!number)
            continue;
        if (!entry.is_regular_file(typeError)) {
            const bool exists = entry.exists(typeError);
            tree.diagnostics.push_back(
                {entry.path().string(), 0, Severity::Error,
                 exists ? "result file is not a regular file" : "result file is missing (dangling link)"});
            continue;
        }
        auto placement = placementOf(entry.path());
        if (!placement) {
            tree.diagnostics.push_back({entry.path().string(), 0, Severity::Warning,
                                        "result file outside the layout <ORG>/results/<SYSTEM>/[strong|weak/]"
                                        "<benchmark>/; ignored"});
            continue;
        }
        auto [slot, added] = index.emplace(placement->key, placements.size());
        if (added)
            placements.push_back(*placement);
        FileJob job;
        job.path = entry.path().string();
        job.submission = slot->second;
        job.pruned = placement->pruned;
        job.number = *number;
        job.benchmark = benchmarkFromName(placement->key.benchmark);
        jobs.push_back(std::move(job));
    }
    if (error)
        tree.diagnostics.push_back({root.string(), 0, Severity::Error, "cannot walk: " + error.message()});

    // Submissions in key order; jobs in submission order, by number, so output is deterministic.
    std::vector<std::size_t> order(placements.size());
    {
        std::size_t position = 0;
        for (const auto& [key, slot] : index)
            order[slot] = position++;
    }
    for (FileJob& job : jobs)
        job.submission = order[job.submission];
    std::sort(jobs.begin(), jobs.end(), [](const FileJob& a, const FileJob& b) {
        return std::tie(a.submission, a.pruned, a.number, a.path) <
               std::tie(b.submission, b.pruned, b.number, b.path);
    });

    // 2. The cache, from this thread only.
    for (FileJob& job : jobs) {
        job.stamp = stampOf(job.path, job.stamped);
        if (options.cache && job.stamped)
            job.cached = options.cache->find(job.path, job.stamp);
    }

    // 3. Parse what the cache did not have.
    parseJobs(jobs, options);

    // 4. Assemble.
    tree.submissions.resize(placements.size());
    for (const auto& [key, slot] : index) {
        Submission& submission = tree.submissions[order[slot]];
        const Placement& placement = placements[slot];
        submission.round = key.round;
        submission.org = key.org;
        submission.system = key.system;
        submission.scaling = key.scaling;
        submission.benchmark = benchmarkFromName(key.benchmark);
        submission.folder = placement.folder;
        if (submission.benchmark == Benchmark::Unknown)
            submission.diagnostics.push_back({placement.folder.string(), 0, Severity::Error,
                                              "unknown benchmark \"" + key.benchmark + "\""});
        const fs::path systemFile = placement.orgFolder / "systems" / (key.system + ".json");
        if (auto system = readSystemDescription(systemFile))
            submission.systemDescription = std::move(system.value());
        else
            submission.diagnostics.push_back(
                {systemFile.string(), 0, Severity::Error, system.error().message});
        submission.score.scalingFactor = scalingFactorOf(placement.folder, submission.diagnostics);
    }
    std::map<std::uint64_t, std::vector<std::string>> byHash;
    for (FileJob& job : jobs) {
        CachedSummary parsed;
        if (job.cached) {
            parsed = std::move(*job.cached);
        } else if (job.parsed && job.parsed->ok) {
            parsed.contentHash = job.parsed->hash;
            parsed.summary = std::move(job.parsed->parsed.summary);
            ++tree.filesParsed;
            if (options.keepEvents)
                tree.events[job.path] = std::move(job.parsed->parsed.events);
            if (options.cache && job.stamped)
                options.cache->remember(job.path, job.stamp, parsed);
        } else if (job.parsed) {
            for (Diagnostic& diagnostic : job.parsed->parsed.summary.diagnostics)
                tree.diagnostics.push_back(std::move(diagnostic));
            continue;
        } else {
            continue; // cancelled before this file
        }
        ++tree.files;
        tree.bytes += parsed.summary.bytes;
        byHash[parsed.contentHash].push_back(job.path);
        Submission& submission = tree.submissions[job.submission];
        (job.pruned ? submission.pruned : submission.runs).push_back(std::move(parsed.summary));
    }
    for (auto& [hash, paths] : byHash)
        if (paths.size() > 1)
            tree.duplicates.emplace(hash, std::move(paths));

    // 5. Scores.
    for (Submission& submission : tree.submissions) {
        const BenchmarkRules& rules = rulesFor(submission.benchmark);
        const double factor = submission.score.scalingFactor;
        submission.score = submission.scaling == Scaling::Strong ? scoreStrong(submission.runs, rules, factor)
                                                                 : scoreWeak(submission.runs, rules, factor);
        const SystemDescription& system = submission.systemDescription;
        // A CPU-only node (accelerators_per_node 0) counts as one, as in the weak instance scale.
        submission.accelerators =
            submission.scaling == Scaling::Strong
                ? system.nodes * std::max<std::int64_t>(system.acceleratorsPerNode, 1)
                : static_cast<std::int64_t>(submission.runs.size()) * submission.score.instanceScale;
        double staging = 0;
        int staged = 0;
        for (const RunSummary& run : submission.runs) {
            if (run.staging.complete()) {
                staging += run.staging.seconds();
                ++staged;
            }
        }
        submission.meanStagingSeconds = staged ? staging / staged : kNoTime;
    }
    return tree;
}

ResultsTree mergeResultsTrees(ResultsTree first, ResultsTree second) {
    ResultsTree merged = std::move(first);
    for (Submission& submission : second.submissions)
        merged.submissions.push_back(std::move(submission));
    std::stable_sort(merged.submissions.begin(), merged.submissions.end(),
                     [](const Submission& a, const Submission& b) {
                         return std::tie(a.round, a.org, a.system, a.scaling, a.benchmark) <
                                std::tie(b.round, b.org, b.system, b.scaling, b.benchmark);
                     });
    for (Diagnostic& diagnostic : second.diagnostics)
        merged.diagnostics.push_back(std::move(diagnostic));
    merged.files += second.files;
    merged.bytes += second.bytes;
    merged.filesParsed += second.filesParsed;
    for (auto& [hash, paths] : second.duplicates) {
        auto& all = merged.duplicates[hash];
        all.insert(all.end(), paths.begin(), paths.end());
    }
    merged.events.merge(second.events);
    return merged;
}

} // namespace sciperf::mlperf
