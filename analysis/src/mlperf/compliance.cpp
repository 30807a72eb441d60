#include "sciperf/analysis/mlperf/compliance.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>

namespace sciperf::mlperf {
namespace {

// compliance_checker/hpc_X.0.0/*.yaml (reference §6).
constexpr std::array<std::string_view, 9> kExactlyOne{
    "submission_org",    "submission_platform", "submission_division",
    "submission_status", "init_stop",           "run_start",
    "run_stop",          "train_samples",       "eval_samples"};
constexpr std::array<std::string_view, 3> kExactlyOneClosed{"submission_benchmark", "number_of_nodes",
                                                            "accelerators_per_node"};
constexpr std::array<std::string_view, 2> kAtLeastOne{"cache_clear", "init_start"};
// The checker's code allows 30 minutes of initialisation (its comment says 20); the rules allow
// open submissions 4 hours before the clock starts anyway.
constexpr double kMaxInitMsClosed = 30 * 60 * 1e3;
constexpr double kMaxInitMsOpen = 4 * 60 * 60 * 1e3;

struct FixedValue {
    Benchmark benchmark;
    std::string_view key;
    std::int64_t value;
};
// Closed-division dataset sizes the rules fix.
constexpr std::array<FixedValue, 4> kClosedValues{{
    {Benchmark::DeepCam, "train_samples", 121266},
    {Benchmark::DeepCam, "eval_samples", 15158},
    {Benchmark::OpenFold, "train_samples", 594595},
    {Benchmark::OpenFold, "eval_samples", 180},
}};

bool isNaN(double value) {
    return value != value;
}

std::size_t firstLineOf(const RunSummary& run, std::string_view key) {
    const auto it = run.keys.find(key);
    return it == run.keys.end() ? 0 : it->second.firstLine;
}

class RunChecker {
public:
    RunChecker(const RunSummary& run, std::vector<Finding>& findings)
        : m_run(run)
        , m_findings(findings) {}

    void add(std::string check, Severity severity, std::size_t line, std::string message) {
        m_findings.push_back({std::move(check), severity, m_run.file, line, std::move(message)});
    }

    void exactlyOne(std::string_view key) {
        const auto it = m_run.keys.find(key);
        if (it == m_run.keys.end()) {
            add("exactly-one:" + std::string(key), Severity::Error, 0, std::string(key) + " is not logged");
        } else if (it->second.count > 1) {
            // Per-rank duplicates are common; the checker uses the first occurrence since logging #242.
            add("exactly-one:" + std::string(key), Severity::Warning, it->second.secondLine,
                std::string(key) + " logged " + std::to_string(it->second.count) + " times (first on line " +
                    std::to_string(it->second.firstLine) + ", again on line " +
                    std::to_string(it->second.secondLine) + "); the first counts");
        }
    }

    void atLeastOne(std::string_view check, std::initializer_list<std::string_view> keys) {
        for (std::string_view key : keys)
            if (m_run.keys.contains(key))
                return;
        std::string names;
        for (std::string_view key : keys)
            names += (names.empty() ? "" : " or ") + std::string(key);
        add("at-least-one:" + std::string(check), Severity::Error, 0, names + " is not logged");
    }

private:
    const RunSummary& m_run;
    std::vector<Finding>& m_findings;
};

} // namespace

std::string rulesetForRound(const std::string& round) {
    if (round == "v0.7")
        return ""; // predates the HPC rulesets: checkRun applies 1.0.0 without what v0.7 lacked
    if (round == "v1.0")
        return "1.0.0";
    if (round == "v2.0")
        return "2.0.0";
    return "3.0.0"; // the latest, for later rounds and own runs outside a results repository
}

std::vector<Finding> checkRun(const RunSummary& run, const std::string& ruleset, Scaling scaling,
                              const std::string& division) {
    std::vector<Finding> findings;
    RunChecker check(run, findings);
    const bool closed = division != "open";
    const BenchmarkRules& rules = rulesFor(run.benchmark);
    // v0.7 (no ruleset) lacks the scale keys, and its rules fixed neither dataset sizes nor seeds
    // (v0.7 LBNL DeepCAM trains on 121216 samples).
    const bool v07 = ruleset.empty();
    for (std::string_view key : kExactlyOne)
        check.exactlyOne(key);
    if (closed) {
        for (std::string_view key : kExactlyOneClosed)
            if (key == "submission_benchmark" || !v07)
                check.exactlyOne(key);
        if (run.keys.contains("submission_benchmark") &&
            benchmarkFromName(run.logBenchmark) == Benchmark::Unknown)
            check.add("value:submission_benchmark", Severity::Error, firstLineOf(run, "submission_benchmark"),
                      "submission_benchmark \"" + run.logBenchmark + "\" is not an HPC benchmark");
        if (run.nodes && *run.nodes <= 0)
            check.add("value:number_of_nodes", Severity::Error, firstLineOf(run, "number_of_nodes"),
                      "number_of_nodes must be > 0");
        if (run.acceleratorsPerNode && *run.acceleratorsPerNode < 0)
            check.add("value:accelerators_per_node", Severity::Error,
                      firstLineOf(run, "accelerators_per_node"), "accelerators_per_node must be >= 0");
        for (const FixedValue& fixed : kClosedValues) {
            if (fixed.benchmark != run.benchmark || v07)
                continue;
            const auto& logged = fixed.key == "train_samples" ? run.trainSamples : run.evalSamples;
            if (logged && *logged != fixed.value)
                check.add("value:" + std::string(fixed.key), Severity::Error, firstLineOf(run, fixed.key),
                          std::string(fixed.key) + " is " + std::to_string(*logged) + ", closed " +
                              std::string(rules.name) + " requires " + std::to_string(fixed.value));
        }
    }
    if (run.keys.contains("submission_platform") && run.logPlatform.empty())
        check.add("value:submission_platform", Severity::Error, firstLineOf(run, "submission_platform"),
                  "submission_platform is empty");
    for (std::string_view key : kAtLeastOne)
        check.atLeastOne(key, {key});
    check.atLeastOne("epoch", {"epoch_start", "block_start"});
    check.atLeastOne("eval", {"eval_start", rules.metricKey.empty() ? "eval_accuracy" : rules.metricKey});

    // Order and init time.
    const double initStart = run.init.startMs, initStop = run.init.stopMs, runStart = run.run.startMs;
    if (!isNaN(initStart) && !isNaN(initStop) && !(initStart < initStop))
        check.add("order", Severity::Error, firstLineOf(run, "init_stop"),
                  "init_stop is not after init_start");
    if (initStop > runStart) // equal is fine: millisecond clocks
        check.add("order", Severity::Error, firstLineOf(run, "run_start"), "run_start is before init_stop");
    const double maxInitMs = closed ? kMaxInitMsClosed : kMaxInitMsOpen;
    if (run.init.complete() && initStop - initStart >= maxInitMs)
        check.add("init-time", Severity::Error, firstLineOf(run, "init_stop"),
                  "initialisation took " + std::to_string(static_cast<long>((initStop - initStart) / 60000)) +
                      " min, more than the " + std::to_string(static_cast<long>(maxInitMs / 60000)) +
                      " min allowed before the clock starts");

    // run_stop status and convergence.
    if (run.hasRunStop && run.runStopStatus.empty())
        check.add("run-stop-status", Severity::Error, firstLineOf(run, "run_stop"),
                  "run_stop carries no status");
    else if (run.hasRunStop && run.runStopStatus != "success")
        check.add("run-stop-status", Severity::Warning, firstLineOf(run, "run_stop"),
                  "run_stop status is \"" + run.runStopStatus + "\"");
    const bool anyMeets = std::any_of(run.evals.begin(), run.evals.end(),
                                      [&](const EvalPoint& e) { return meetsTarget(rules, e.value); });
    if (!anyMeets)
        check.add("convergence", Severity::Error, 0,
                  "no " + std::string(rules.metricKey.empty() ? "evaluation" : rules.metricKey) +
                      " before run_stop reaches the target");
    else if (!run.targetMet)
        // Reached earlier but not at the end: the checker accepts it, the summarizer's convergence
        // rule (and scoring here) does not.
        check.add("convergence", Severity::Warning, run.evals.empty() ? 0 : run.evals.back().line,
                  "the last evaluation before run_stop misses the target reached earlier");

    // Staging: timed inside the run up to 2.0.0; 3.0.0 lets it precede run_start.
    if (ruleset != "3.0.0" && run.staging.complete() && !isNaN(runStart) && run.staging.startMs < runStart)
        check.add("staging", Severity::Error, firstLineOf(run, "staging_start"),
                  "staging_start is before run_start; ruleset " + (v07 ? std::string("v0.7") : ruleset) +
                      " times staging inside the run");
    (void)scaling; // the run-level rules are the same for both; package rules differ (checkSubmission)
    return findings;
}

std::vector<Finding> checkSubmission(const Submission& submission) {
    std::vector<Finding> findings;
    const std::string ruleset = rulesetForRound(submission.round);
    std::string division = submission.systemDescription.division;
    if (division.empty() && !submission.runs.empty())
        division = submission.runs.front().logDivision;
    const std::string folder = submission.folder.string();
    const BenchmarkRules& rules = rulesFor(submission.benchmark);

    std::size_t nonCompliant = 0;
    for (const RunSummary& run : submission.runs) {
        std::vector<Finding> runFindings = checkRun(run, ruleset, submission.scaling, division);
        nonCompliant += std::any_of(runFindings.begin(), runFindings.end(),
                                    [](const Finding& f) { return f.severity == Severity::Error; });
        findings.insert(findings.end(), std::make_move_iterator(runFindings.begin()),
                        std::make_move_iterator(runFindings.end()));
    }

    if (submission.systemDescription.name.empty())
        findings.push_back({"system-description", Severity::Error, folder, 0,
                            "systems/" + submission.system + ".json is missing or unreadable"});

    const auto files = submission.runs.size();
    const auto required = static_cast<std::size_t>(rules.requiredRuns);
    if (submission.scaling == Scaling::Strong && files != required)
        findings.push_back({"file-count", Severity::Error, folder, 0,
                            std::to_string(files) + " result files; " + std::string(rules.name) +
                                " needs exactly " + std::to_string(required)});
    if (submission.scaling == Scaling::Weak && files < required)
        findings.push_back({"file-count", Severity::Error, folder, 0,
                            std::to_string(files) + " instances; " + std::string(rules.name) +
                                " needs at least " + std::to_string(required)});

    if (division != "open") {
        std::map<std::string, std::string> seen; // seed -> first file
        for (const RunSummary& run : submission.runs) {
            if (run.seed.empty()) {
                findings.push_back({"unique-seeds", Severity::Warning, run.file, 0, "no seed logged"});
                continue;
            }
            const auto [it, added] = seen.emplace(run.seed, run.file);
            if (!added)
                findings.push_back({"unique-seeds", ruleset.empty() ? Severity::Warning : Severity::Error,
                                    run.file, firstLineOf(run, "seed"),
                                    "seed " + run.seed + " is also the seed of " + it->second});
        }
    }

    // Olympic scoring drops one run; weak scaling keeps only compliant instances (pruning the rest).
    if (submission.scaling == Scaling::Strong && nonCompliant > 1)
        findings.push_back({"non-compliant-runs", Severity::Error, folder, 0,
                            std::to_string(nonCompliant) + " runs are not compliant; at most 1 may be"});
    return findings;
}

} // namespace sciperf::mlperf
