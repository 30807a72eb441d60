// The session's training runs as an MLPerf results tree: seeded runs of one configuration become
// one submission, which the results loader reads and scores like a published one.
#include "sciperf/analysis/mlperf/results.h"
#include "sciperf/store/own_results_tree.h"

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <fstream>
#include <string>

using namespace sciperf;
namespace fs = std::filesystem;

namespace {

// A complete CosmoFlow-shaped log (a benchmark the rules know): converged when the last
// eval_error meets CosmoFlow's target 0.124.
std::string mlperfLog(int seed, int nodes, int acceleratorsPerNode, double finalError) {
    std::string log;
    long long time = 1700000000000LL + seed * 1000000LL;
    auto line = [&](const char* type, const std::string& key, const std::string& value,
                    const std::string& metadata = "{}") {
        log += ":::MLLOG {\"namespace\": \"\", \"time_ms\": " + std::to_string(time++) +
               ", \"event_type\": \"" + type + "\", \"key\": \"" + key + "\", \"value\": " + value +
               ", \"metadata\": " + metadata + "}\n";
    };
    line("INTERVAL_START", "init_start", "null");
    for (const auto& [key, value] :
         {std::pair<std::string, std::string>{"submission_benchmark", "\"cosmoflow\""},
          {"submission_org", "\"SciPerf\""},
          {"submission_division", "\"open\""},
          {"submission_status", "\"research\""},
          {"submission_platform", "\"test CPU\""}})
        line("POINT_IN_TIME", key, value);
    line("POINT_IN_TIME", "seed", std::to_string(seed));
    line("POINT_IN_TIME", "number_of_nodes", std::to_string(nodes));
    line("POINT_IN_TIME", "accelerators_per_node", std::to_string(acceleratorsPerNode));
    line("POINT_IN_TIME", "global_batch_size", "8");
    line("INTERVAL_END", "init_stop", "null");
    line("INTERVAL_START", "run_start", "null");
    time += 60000;
    line("POINT_IN_TIME", "eval_error", std::to_string(finalError), "{\"epoch_num\": 1}");
    line("INTERVAL_END", "run_stop", "null", "{\"status\": \"success\"}");
    return log;
}

RunRecord trainRun(const fs::path& directory, const std::string& status, int seed,
                   const std::string& settings, int nodes, int acceleratorsPerNode, double finalError,
                   bool withLog = true) {
    fs::create_directories(directory);
    if (withLog)
        std::ofstream(directory / "mllog.txt") << mlperfLog(seed, nodes, acceleratorsPerNode, finalError);
    RunRecord run;
    run.workload = "train";
    run.status = status;
    run.runDirectory = directory.string();
    run.hostname = "node7";
    run.runJson = R"({"sciperf_version": "0.1.0", "command_line": ["sciperf-run", "train", "--seed", ")" +
                  std::to_string(seed) + R"(", )" + settings + R"(, "--out", ")" + directory.string() +
                  R"("], "machine": {"hostname": "node7", "cpu": {"model": "Test CPU 9000"}}})";
    return run;
}

} // namespace

class TestOwnResultsTree : public QObject {
    Q_OBJECT
private slots:
    void seededRunsOfOneConfigurationBecomeOneScoredSubmission() {
        QTemporaryDir temporary;
        const fs::path root(temporary.path().toStdString());
        const std::string epochs3 = R"("--epochs", "3")";
        const std::vector<RunRecord> runs{
            trainRun(root / "runs/a", "completed", 1, epochs3, 1, 1, 0.10),
            trainRun(root / "runs/b", "completed", 2, epochs3, 1, 1, 0.11),
            // Other settings, other ranks: submissions of their own.
            trainRun(root / "runs/c", "completed", 3, R"("--epochs", "5")", 1, 1, 0.12),
            trainRun(root / "runs/d", "completed", 4, epochs3, 2, 0, 0.09),
            // Not runs of an entry: cancelled, and one without a log.
            trainRun(root / "runs/e", "cancelled", 5, epochs3, 1, 1, 0.10),
            trainRun(root / "runs/f", "completed", 6, epochs3, 1, 1, 0.10, false),
        };
        const fs::path tree = root / "own";
        const auto written = writeOwnResultsTree(runs, tree);
        QVERIFY2(written, written ? "" : written.error().message.c_str());
        QCOMPARE(written->runs, std::size_t(4));
        QCOMPARE(written->submissions, std::size_t(3));

        const mlperf::ResultsTree loaded = mlperf::loadResultsTree(tree);
        QCOMPARE(loaded.submissions.size(), std::size_t(3));
        int pairs = 0, cpuOnly = 0;
        for (const mlperf::Submission& submission : loaded.submissions) {
            QCOMPARE(submission.org, std::string(kOwnResultsOrg));
            QCOMPARE(submission.benchmark, mlperf::Benchmark::CosmoFlow);
            QVERIFY2(submission.diagnostics.empty(),
                     submission.diagnostics.empty() ? "" : submission.diagnostics.front().message.c_str());
            QCOMPARE(submission.systemDescription.hostProcessorModel, std::string("Test CPU 9000"));
            // Two CPU-only nodes (ranks) count as two.
            QCOMPARE(submission.accelerators, submission.systemDescription.acceleratorsPerNode == 0
                                                  ? submission.systemDescription.nodes
                                                  : submission.systemDescription.nodes *
                                                        submission.systemDescription.acceleratorsPerNode);
            if (submission.systemDescription.acceleratorsPerNode == 0) {
                ++cpuOnly;
                QCOMPARE(submission.accelerators, std::int64_t(2));
            }
            if (submission.runs.size() == 2) {
                ++pairs;
                QCOMPARE(submission.accelerators, std::int64_t(1));
                QCOMPARE(submission.runs[0].seed, std::string("1"));
                QCOMPARE(submission.runs[1].seed, std::string("2"));
                QVERIFY(submission.runs[0].converged && submission.runs[1].converged);
            }
        }
        QCOMPARE(pairs, 1);
        QCOMPARE(cpuOnly, 1);
    }

    void aSecondWriteReplacesTheFirst() {
        QTemporaryDir temporary;
        const fs::path root(temporary.path().toStdString());
        const std::string settings = R"("--epochs", "3")";
        std::vector<RunRecord> runs{
            trainRun(root / "runs/a", "completed", 1, settings, 1, 1, 0.1),
            trainRun(root / "runs/b", "completed", 2, R"("--epochs", "4")", 1, 1, 0.1)};
        QVERIFY(writeOwnResultsTree(runs, root / "own"));
        runs.pop_back();
        const auto written = writeOwnResultsTree(runs, root / "own");
        QVERIFY(written);
        QCOMPARE(written->submissions, std::size_t(1));
        QCOMPARE(mlperf::loadResultsTree(root / "own").submissions.size(), std::size_t(1));
    }
};

QTEST_MAIN(TestOwnResultsTree)
#include "tst_own_results_tree.moc"
