// Compliance checks (reference/mlperf-hpc.md §6): one targeted inline log per check, then the real
// development data, whose known quirks must show up and nothing else may fail.
#include "sciperf/analysis/mlperf/compliance.h"

#include <QDir>
#include <QTest>
#include <algorithm>
#include <map>
#include <sstream>

using namespace sciperf::mlperf;

namespace {

std::string line(double timeMs, const std::string& key, const std::string& value = "null",
                 const std::string& metadata = "{}") {
    std::ostringstream out;
    out.precision(17);
    out << R"(:::MLLOG {"namespace": "", "time_ms": )" << timeMs
        << R"(, "event_type": "POINT_IN_TIME", "key": ")" << key << R"(", "value": )" << value
        << R"(, "metadata": )" << metadata << "}\n";
    return out.str();
}

struct LogSpec {
    double initMs = 60'000;         // init_start .. init_stop
    double stagingStartMs = 70'000; // run_start is at 61'000
    bool twoRunStarts = false;
    bool runStop = true;
    std::string status = R"({"status": "success"})";
    std::string seed = "7";
    std::string trainSamples = "121266";
    bool scaleKeys = true;
};

// A compliant closed DeepCAM log unless the spec says otherwise.
std::string deepcamLog(const LogSpec& spec) {
    std::string text = line(0, "cache_clear", "true") + line(0, "init_start") +
                       line(0, "submission_benchmark", "\"deepcam\"") +
                       line(0, "submission_org", "\"ACME\"") + line(0, "submission_platform", "\"box\"") +
                       line(0, "submission_division", "\"closed\"") +
                       line(0, "submission_status", "\"onprem\"") + line(0, "seed", spec.seed) +
                       line(0, "train_samples", spec.trainSamples) + line(0, "eval_samples", "15158");
    if (spec.scaleKeys)
        text += line(0, "number_of_nodes", "4") + line(0, "accelerators_per_node", "8");
    text += line(spec.initMs, "init_stop") + line(61'000, "run_start");
    if (spec.twoRunStarts)
        text += line(61'500, "run_start");
    text += line(spec.stagingStartMs, "staging_start") + line(80'000, "staging_stop") +
            line(90'000, "epoch_start", "null", R"({"epoch_num": 1})") +
            line(95'000, "eval_start", "null", R"({"epoch_num": 1})") +
            line(99'000, "eval_accuracy", "0.83", R"({"epoch_num": 1})");
    if (spec.runStop)
        text += line(100'000, "run_stop", "null", spec.status);
    return text;
}

RunSummary summaryOf(const std::string& text, const std::string& file = "result_0.txt") {
    LogParser parser(file, Benchmark::DeepCam);
    parser.feed(text);
    parser.finish();
    return parser.summary();
}

std::vector<Finding> withCheck(const std::vector<Finding>& findings, const std::string& check) {
    std::vector<Finding> out;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
                 [&](const Finding& f) { return f.check == check; });
    return out;
}

Submission submissionOf(std::vector<RunSummary> runs, const std::string& division = "closed") {
    Submission submission;
    submission.round = "v3.0";
    submission.org = "ACME";
    submission.system = "box";
    submission.benchmark = Benchmark::DeepCam;
    submission.folder = "/results/box/strong/deepcam";
    submission.systemDescription.name = "box";
    submission.systemDescription.division = division;
    submission.runs = std::move(runs);
    return submission;
}

} // namespace

class TestMlperfCompliance : public QObject {
    Q_OBJECT

private slots:
    void rulesetsPerRound() {
        QCOMPARE(rulesetForRound("v0.7"), std::string());
        QCOMPARE(rulesetForRound("v1.0"), std::string("1.0.0"));
        QCOMPARE(rulesetForRound("v2.0"), std::string("2.0.0"));
        QCOMPARE(rulesetForRound("v3.0"), std::string("3.0.0"));
    }

    void aCompliantRunHasNoFindings() {
        const RunSummary run = summaryOf(deepcamLog({}));
        for (const std::string ruleset : {"1.0.0", "2.0.0", "3.0.0"}) {
            const auto findings = checkRun(run, ruleset, Scaling::Strong, "closed");
            for (const Finding& f : findings)
                qWarning("%s: %s", f.check.c_str(), f.message.c_str());
            QVERIFY(findings.empty());
        }
    }

    void aSecondRunStartIsNamedByItsLine() {
        const RunSummary run = summaryOf(deepcamLog({.twoRunStarts = true}));
        const auto findings =
            withCheck(checkRun(run, "3.0.0", Scaling::Strong, "closed"), "exactly-one:run_start");
        QCOMPARE(findings.size(), std::size_t{1});
        QCOMPARE(findings[0].line, std::size_t{15});       // 12 header lines, init_stop, run_start, run_start
        QCOMPARE(findings[0].severity, Severity::Warning); // the first occurrence counts
        QVERIFY(findings[0].message.find("line 15") != std::string::npos);
        QVERIFY(findings[0].message.find("run_start") != std::string::npos);
        QCOMPARE(findings[0].file, std::string("result_0.txt"));
    }

    void initLongerThan30MinutesIsAnError() {
        const RunSummary slow =
            summaryOf(deepcamLog({.initMs = 31 * 60'000.0, .stagingStartMs = 31 * 60'000.0 + 2000}));
        // init_stop after run_start, too: both findings.
        const auto findings = checkRun(slow, "3.0.0", Scaling::Strong, "closed");
        QCOMPARE(withCheck(findings, "init-time").size(), std::size_t{1});
        QCOMPARE(withCheck(findings, "init-time")[0].severity, Severity::Error);
        QCOMPARE(withCheck(findings, "order").size(), std::size_t{1});
        // Open submissions may take 4 hours.
        QVERIFY(withCheck(checkRun(slow, "3.0.0", Scaling::Strong, "open"), "init-time").empty());
        QVERIFY(withCheck(checkRun(summaryOf(deepcamLog({.initMs = 29 * 60'000.0})), "3.0.0", Scaling::Strong,
                                   "closed"),
                          "init-time")
                    .empty());
    }

    void runStopNeedsAStatus() {
        const auto missing = checkRun(summaryOf(deepcamLog({.status = R"({"file": "x"})"})), "3.0.0",
                                      Scaling::Strong, "closed");
        QCOMPARE(withCheck(missing, "run-stop-status").size(), std::size_t{1});
        QCOMPARE(withCheck(missing, "run-stop-status")[0].severity, Severity::Error);
        const auto aborted = checkRun(summaryOf(deepcamLog({.status = R"({"status": "aborted"})"})), "3.0.0",
                                      Scaling::Strong, "closed");
        QCOMPARE(withCheck(aborted, "run-stop-status")[0].severity, Severity::Warning);
        const auto noStop =
            checkRun(summaryOf(deepcamLog({.runStop = false})), "3.0.0", Scaling::Strong, "closed");
        QCOMPARE(withCheck(noStop, "exactly-one:run_stop").size(), std::size_t{1});
        QCOMPARE(withCheck(noStop, "exactly-one:run_stop")[0].severity, Severity::Error);
    }

    void stagingBeforeRunStartDependsOnTheRuleset() {
        const RunSummary early = summaryOf(deepcamLog({.stagingStartMs = 60'500}));
        for (const std::string ruleset : {"", "1.0.0", "2.0.0"}) {
            const auto findings = withCheck(checkRun(early, ruleset, Scaling::Strong, "closed"), "staging");
            QCOMPARE(findings.size(), std::size_t{1});
            QCOMPARE(findings[0].severity, Severity::Error);
            QCOMPARE(findings[0].line, std::size_t{15});
        }
        QVERIFY(withCheck(checkRun(early, "3.0.0", Scaling::Strong, "closed"), "staging").empty());
    }

    void closedDeepcamFixesTheDatasetAndV07DoesNot() {
        const RunSummary run = summaryOf(deepcamLog({.trainSamples = "121216"}));
        const auto findings =
            withCheck(checkRun(run, "1.0.0", Scaling::Strong, "closed"), "value:train_samples");
        QCOMPARE(findings.size(), std::size_t{1});
        QCOMPARE(findings[0].line, std::size_t{9});
        QVERIFY(withCheck(checkRun(run, "", Scaling::Strong, "closed"), "value:train_samples").empty());
        QVERIFY(withCheck(checkRun(run, "1.0.0", Scaling::Strong, "open"), "value:train_samples").empty());
    }

    void scaleKeysAreOptionalOnlyForV07() {
        const RunSummary run = summaryOf(deepcamLog({.scaleKeys = false}));
        QVERIFY(
            withCheck(checkRun(run, "", Scaling::Strong, "closed"), "exactly-one:number_of_nodes").empty());
        QCOMPARE(withCheck(checkRun(run, "1.0.0", Scaling::Strong, "closed"), "exactly-one:number_of_nodes")
                     .size(),
                 std::size_t{1});
    }

    void convergenceNeedsTheTarget() {
        std::string text = deepcamLog({});
        text.replace(text.find("0.83"), 4, "0.75");
        const auto findings =
            withCheck(checkRun(summaryOf(text), "3.0.0", Scaling::Strong, "closed"), "convergence");
        QCOMPARE(findings.size(), std::size_t{1});
        QCOMPARE(findings[0].severity, Severity::Error);
    }

    void packageChecks() {
        std::vector<RunSummary> runs;
        for (int i = 0; i < 5; ++i)
            runs.push_back(
                summaryOf(deepcamLog({.seed = std::to_string(i)}), "result_" + std::to_string(i) + ".txt"));
        QVERIFY(checkSubmission(submissionOf(runs)).empty());

        // Seeds must differ (closed only).
        auto dup = runs;
        dup[3] = summaryOf(deepcamLog({.seed = "1"}), "result_3.txt");
        const auto seeds = withCheck(checkSubmission(submissionOf(dup)), "unique-seeds");
        QCOMPARE(seeds.size(), std::size_t{1});
        QCOMPARE(seeds[0].file, std::string("result_3.txt"));
        QVERIFY(seeds[0].message.find("result_1.txt") != std::string::npos);
        QVERIFY(withCheck(checkSubmission(submissionOf(dup, "open")), "unique-seeds").empty());

        // Exactly five DeepCAM files for strong scaling.
        auto four = runs;
        four.pop_back();
        QCOMPARE(withCheck(checkSubmission(submissionOf(four)), "file-count").size(), std::size_t{1});

        // One non-compliant run is dropped by olympic scoring; two are too many.
        auto bad = runs;
        bad[0] = summaryOf(deepcamLog({.runStop = false, .seed = "0"}), "result_0.txt");
        QVERIFY(withCheck(checkSubmission(submissionOf(bad)), "non-compliant-runs").empty());
        bad[1] = summaryOf(deepcamLog({.runStop = false, .seed = "1"}), "result_1.txt");
        QCOMPARE(withCheck(checkSubmission(submissionOf(bad)), "non-compliant-runs").size(), std::size_t{1});
    }

    void theRealDataShowsItsKnownQuirks() {
        const QString root = qEnvironmentVariable("SCIPERF_DATA_DIR") + QStringLiteral("/mlperf-hpc");
        if (!QDir(root).exists())
            QSKIP(qPrintable(
                QStringLiteral("MLPerf HPC development data not found at %1 (set SCIPERF_DATA_DIR)")
                    .arg(root)));
        const ResultsTree tree = loadResultsTree(root.toStdString());
        std::map<std::string, int> counts;
        std::vector<Finding> errors;
        for (const Submission& submission : tree.submissions) {
            for (const Finding& f : checkSubmission(submission)) {
                ++counts[f.check + (f.severity == Severity::Error ? " (error)" : " (warning)")];
                if (f.severity == Severity::Error)
                    errors.push_back(f);
            }
        }
        for (const auto& [check, count] : counts)
            qInfo("%4d %s", count, check.c_str());
        auto has = [&](const std::string& fileSuffix, const std::string& check) {
            return std::any_of(errors.begin(), errors.end(), [&](const Finding& f) {
                return f.file.ends_with(fileSuffix) && f.check == check;
            });
        };
        // CSCS result_4 never stopped (reference §5 quirk 4); Fujitsu ABCI-512 result_9 reported
        // success without the target (quirk 5). Each package has only that one bad run.
        QVERIFY(has("daint_gpu_n256_tf2.2.0/cosmoflow/result_4.txt", "exactly-one:run_stop"));
        QVERIFY(has("daint_gpu_n256_tf2.2.0/cosmoflow/result_4.txt", "convergence"));
        QVERIFY(has("abci_512xV100_tensorflow_closed/cosmoflow/result_9.txt", "convergence"));
        QCOMPARE(errors.size(), std::size_t{3});
        QCOMPARE(counts.count("non-compliant-runs (error)"), std::size_t{0});
        // v0.7 LBNL DeepCAM logs seed 333 for every run: noted, but v0.7 had no seed checker.
        QCOMPARE(counts["unique-seeds (warning)"] > 0, true);
    }
};

QTEST_APPLESS_MAIN(TestMlperfCompliance)
#include "tst_mlperf_compliance.moc"
