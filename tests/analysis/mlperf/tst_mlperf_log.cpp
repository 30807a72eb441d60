// LogParser on small inline logs, one per quirk of reference/mlperf-hpc.md §5, plus chunked feeding
// (live mode) and diagnostics.
#include "sciperf/analysis/mlperf/log.h"
#include "summary_text.h"

#include <QTest>
#include <cmath>
#include <sstream>
#include <string>

using namespace sciperf::mlperf;
using sciperf::mlperf::testing::describe;

namespace {

std::string line(double timeMs, const char* type, const char* key, const char* value = "null",
                 const char* metadata = R"({"file": "train.py", "lineno": 1})") {
    std::ostringstream out;
    out.precision(17);
    out << R"(:::MLLOG {"namespace": "", "time_ms": )" << timeMs << R"(, "event_type": ")" << type
        << R"(", "key": ")" << key << R"(", "value": )" << value << R"(, "metadata": )" << metadata << "}\n";
    return out.str();
}

std::string eval(double timeMs, const char* key, const char* value, int epoch) {
    const std::string metadata = R"({"epoch_num": )" + std::to_string(epoch) + "}";
    return line(timeMs, "POINT_IN_TIME", key, value, metadata.c_str());
}

// A converging cosmoflow run: init 1 s, staging inside the run, 3 evals, TTT 2 minutes.
std::string cosmoflowRun() {
    return line(1000, "INTERVAL_START", "init_start") +
           line(1000, "POINT_IN_TIME", "submission_benchmark", "\"cosmoflow\"") +
           line(1000, "POINT_IN_TIME", "submission_org", "\"ACME\"") +
           line(1000, "POINT_IN_TIME", "seed", "42") + line(1000, "POINT_IN_TIME", "number_of_nodes", "16") +
           line(1000, "POINT_IN_TIME", "accelerators_per_node", "8") +
           line(1000, "POINT_IN_TIME", "global_batch_size", "128") + line(2000, "INTERVAL_END", "init_stop") +
           line(2000, "INTERVAL_START", "run_start") + line(2500, "INTERVAL_START", "staging_start") +
           line(4500, "INTERVAL_END", "staging_stop") +
           line(5000, "INTERVAL_START", "epoch_start", "null", R"({"epoch_num": 1})") +
           line(35000, "INTERVAL_START", "eval_start", "null", R"({"epoch_num": 1})") +
           line(40000, "INTERVAL_END", "eval_stop", "null", R"({"epoch_num": 1})") +
           line(40000, "INTERVAL_END", "epoch_stop", "null", R"({"epoch_num": 1})") +
           eval(40000, "eval_error", "0.2", 1) + eval(80000, "eval_error", "0.15", 2) +
           eval(120000, "eval_error", "0.12", 3) +
           line(122000, "INTERVAL_END", "run_stop", "null", R"({"status": "success"})");
}

RunSummary parse(const std::string& text, Benchmark benchmark = Benchmark::Unknown,
                 const char* file = "log.txt") {
    LogParser parser(file, benchmark);
    parser.feed(text);
    parser.finish();
    return parser.summary();
}

} // namespace

class TestMlperfLog : public QObject {
    Q_OBJECT

private slots:
    void summarisesACleanRun() {
        const RunSummary s = parse(cosmoflowRun());
        QCOMPARE(s.benchmark, Benchmark::CosmoFlow); // from submission_benchmark, no hint given
        QCOMPARE(s.init.seconds(), 1.0);
        QCOMPARE(s.staging.seconds(), 2.0);
        QVERIFY(s.stagingInsideRun);
        QVERIFY(s.hasRunStop);
        QCOMPARE(s.runStopStatus, std::string("success"));
        QCOMPARE(s.timeToTrainMinutes, 2.0);
        QCOMPARE(s.evals.size(), std::size_t{3});
        QCOMPARE(s.lastEval, 0.12);
        QCOMPARE(s.epochsToConverge, 3.0);
        QVERIFY(s.targetMet);
        QVERIFY(s.converged);
        QCOMPARE(s.epochSeconds, 35.0);
        QCOMPARE(s.evalSeconds, 5.0);
        QCOMPARE(s.trainSeconds, 30.0);
        QCOMPARE(s.seed, std::string("42"));
        QCOMPARE(s.nodes, std::optional<std::int64_t>(16));
        QCOMPARE(s.acceleratorsPerNode, std::optional<std::int64_t>(8));
        QCOMPARE(s.globalBatchSize, std::optional<std::int64_t>(128));
        QCOMPARE(s.logOrg, std::string("ACME"));
        QCOMPARE(s.mllogLines, std::size_t{19});
        QCOMPARE(s.badLines, std::size_t{0});
        QCOMPARE(s.otherLines, std::size_t{0});
        QCOMPARE(s.bytes, cosmoflowRun().size());
        QCOMPARE(s.keys.at("eval_error").count, std::size_t{3});
        QCOMPARE(s.keys.at("run_start").firstLine, std::size_t{9});
        QVERIFY(s.diagnostics.empty());
    }

    void findsTheTokenAfterAPrefixAndSkipsNoise() {
        std::string text = "Namespace(batch_size=8, lr=0.001)\n";
        std::istringstream in(cosmoflowRun());
        for (std::string l; std::getline(in, l);)
            text += "  0: " + l + "\r\n" + "INFO: step done\n";
        const RunSummary s = parse(text);
        QCOMPARE(s.mllogLines, std::size_t{19});
        QCOMPARE(s.otherLines, std::size_t{20});
        QCOMPARE(s.badLines, std::size_t{0});
        QVERIFY(s.converged);
        QCOMPARE(s.timeToTrainMinutes, 2.0);
        QCOMPARE(s.keys.at("init_start").firstLine, std::size_t{2});
    }

    void firstOccurrenceWinsForDuplicates() {
        const std::string text = line(500, "INTERVAL_START", "init_start") +
                                 line(600, "INTERVAL_START", "init_start") +
                                 line(700, "POINT_IN_TIME", "submission_org", "\"First\"") +
                                 line(700, "POINT_IN_TIME", "submission_org", "\"Second\"") + cosmoflowRun() +
                                 line(130000, "INTERVAL_START", "run_start") +
                                 line(140000, "INTERVAL_END", "run_stop", "null", R"({"status": "aborted"})");
        const RunSummary s = parse(text);
        QCOMPARE(s.init.startMs, 500.0);
        QCOMPARE(s.keys.at("init_start").count, std::size_t{3});
        QCOMPARE(s.keys.at("init_start").firstLine, std::size_t{1});
        QCOMPARE(s.keys.at("run_stop").count, std::size_t{2});
        QCOMPARE(s.logOrg, std::string("First"));
        QCOMPARE(s.run.startMs, 2000.0);
        QCOMPARE(s.run.stopMs, 122000.0);
        QCOMPARE(s.runStopStatus, std::string("success"));
        QVERIFY(s.converged);
    }

    void pairsIntervalsByKeyNotEventType() {
        // staging_stop logged as INTERVAL_START, staging_* as POINT_IN_TIME, a made-up event type.
        const std::string text =
            line(0, "INTERVAL_START", "run_start") + line(10, "POINT_IN_TIME", "staging_start") +
            line(3010, "INTERVAL_START", "staging_stop") + line(4000, "BOGUS", "cache_clear", "true") +
            eval(5000, "eval_accuracy", "0.83", 1) +
            line(60000, "INTERVAL_END", "run_stop", "null", R"({"status": "success"})");
        LogParser parser("log.txt", Benchmark::DeepCam, true);
        parser.feed(text);
        parser.finish();
        const RunSummary& s = parser.summary();
        QCOMPARE(s.staging.seconds(), 3.0);
        QVERIFY(s.stagingInsideRun);
        QVERIFY(s.converged);
        QCOMPARE(parser.events().size(), std::size_t{6});
        QCOMPARE(parser.events()[3].type, EventType::Unknown);
        QCOMPARE(parser.events()[2].type, EventType::IntervalStart);
        QCOMPARE(parser.events()[3].valueJson, std::string("true"));
        QCOMPARE(parser.events()[5].metadataJson, std::string(R"({"status":"success"})"));
    }

    void stagingBeforeRunStartIsNotInside() {
        const std::string text =
            line(0, "POINT_IN_TIME", "staging_start") + line(1000, "POINT_IN_TIME", "staging_stop") +
            line(2000, "INTERVAL_START", "run_start") + eval(5000, "eval_accuracy", "0.9", 1) +
            line(62000, "INTERVAL_END", "run_stop", "null", R"({"status": "success"})");
        const RunSummary s = parse(text, Benchmark::OpenFold);
        QCOMPARE(s.staging.seconds(), 1.0);
        QVERIFY(!s.stagingInsideRun);
        QVERIFY(s.converged);
    }

    void missingRunStopOrStatus() {
        const std::string start = line(0, "INTERVAL_START", "run_start") + eval(1000, "eval_error", "0.1", 0);
        const RunSummary missing = parse(start, Benchmark::CosmoFlow);
        QVERIFY(!missing.hasRunStop);
        QVERIFY(std::isnan(missing.timeToTrainMinutes));
        QVERIFY(missing.targetMet);
        QVERIFY(!missing.converged);
        QCOMPARE(missing.epochsToConverge, 0.0); // 0-based epochs (v0.7 cosmoflow)

        const RunSummary noStatus =
            parse(start + line(60000, "INTERVAL_END", "run_stop", "null", R"({"file": "x.py"})"),
                  Benchmark::CosmoFlow);
        QVERIFY(noStatus.hasRunStop);
        QCOMPARE(noStatus.runStopStatus, std::string());
        QVERIFY(noStatus.converged); // status absent counts as success
        QCOMPARE(noStatus.timeToTrainMinutes, 1.0);

        const RunSummary aborted =
            parse(start + line(60000, "INTERVAL_END", "run_stop", "null", R"({"status": "aborted"})"),
                  Benchmark::CosmoFlow);
        QCOMPARE(aborted.runStopStatus, std::string("aborted"));
        QVERIFY(aborted.targetMet);
        QVERIFY(!aborted.converged);
    }

    void successWithoutTargetIsNotConverged() {
        // Quirk 5: status success, last eval 0.12462 > 0.124 although an earlier one was lower.
        const std::string text = line(0, "INTERVAL_START", "run_start") +
                                 eval(1000, "eval_error", "0.12456", 109) +
                                 eval(2000, "eval_error", "0.12462", 120) +
                                 line(3000, "INTERVAL_END", "run_stop", "null", R"({"status": "success"})");
        const RunSummary s = parse(text, Benchmark::CosmoFlow);
        QCOMPARE(s.lastEval, 0.12462);
        QCOMPARE(s.epochsToConverge, 120.0);
        QVERIFY(!s.targetMet);
        QVERIFY(!s.converged);
    }

    void eventsAfterRunStopAreCountedButNotScored() {
        const std::string text =
            cosmoflowRun() + eval(130000, "eval_error", "0.5", 4) +
            line(131000, "INTERVAL_START", "epoch_start", "null", R"({"epoch_num": 5})") +
            line(141000, "INTERVAL_END", "epoch_stop", "null", R"({"epoch_num": 5})");
        LogParser parser("log.txt", Benchmark::CosmoFlow, true);
        parser.feed(text);
        parser.finish();
        const RunSummary& s = parser.summary();
        QCOMPARE(s.evals.size(), std::size_t{3});
        QCOMPARE(s.lastEval, 0.12);
        QCOMPARE(s.epochsToConverge, 3.0);
        QCOMPARE(s.epochSeconds, 35.0);
        QVERIFY(s.converged);
        QCOMPARE(s.keys.at("eval_error").count, std::size_t{4});
        QCOMPARE(s.mllogLines, std::size_t{22});
        QCOMPARE(parser.events().size(), std::size_t{22});
        QCOMPARE(parser.events().back().key, std::string("epoch_stop"));
    }

    void seedsBeyond2To53StayExact() {
        const RunSummary asNumber = parse(line(0, "POINT_IN_TIME", "seed", "1695865674369361546"));
        QCOMPARE(asNumber.seed, std::string("1695865674369361546"));
        const RunSummary asString = parse(line(0, "POINT_IN_TIME", "seed", "\"1695865674369361547\""));
        QCOMPARE(asString.seed, std::string("1695865674369361547"));
    }

    void theBenchmarkChoosesTheMetric() {
        // v1.0 NVIDIA cosmoflow logs eval_error and eval_accuracy = -MAE.
        const std::string text = line(0, "INTERVAL_START", "run_start") +
                                 eval(1000, "eval_error", "0.11", 1) +
                                 eval(1000, "eval_accuracy", "-0.11", 1) +
                                 line(2000, "INTERVAL_END", "run_stop", "null", R"({"status": "success"})");
        const RunSummary cosmoflow = parse(text, Benchmark::CosmoFlow);
        QCOMPARE(cosmoflow.evals.size(), std::size_t{1});
        QCOMPARE(cosmoflow.lastEval, 0.11);
        QVERIFY(cosmoflow.converged);
        const RunSummary deepcam = parse(text, Benchmark::DeepCam);
        QCOMPARE(deepcam.lastEval, -0.11);
        QVERIFY(!deepcam.converged);
        // With the hint unknown, submission_benchmark decides, even when it comes late.
        const RunSummary late =
            parse(text + line(3000, "POINT_IN_TIME", "submission_benchmark", "\"cosmoflow\""));
        QCOMPARE(late.benchmark, Benchmark::CosmoFlow);
        QCOMPARE(late.lastEval, 0.11);
    }

    void latin1BytesInValuesAreKept() {
        const std::string text = line(0, "POINT_IN_TIME", "submission_platform", "\"Jean-Z\xe9ro cluster\"");
        const RunSummary s = parse(text);
        QCOMPARE(s.badLines, std::size_t{0});
        QCOMPARE(s.logPlatform, std::string("Jean-Z\xe9ro cluster"));
    }

    void brokenLinesAreDiagnosedWithFileAndLine() {
        const std::string text =
            "noise\n" + line(0, "INTERVAL_START", "run_start") +
            ":::MLLOG {\"time_ms\": 1, \"key\": \"x\", \n" + // cut by a newline in a value
            ":::MLLOG {\"time_ms\": NaN, \"key\": \"eval_error\", \"value\": 0.1}\n" +
            ":::MLLOG {\"key\": \"no_time\"}\n" + ":::MLLOG {\"time_ms\": 5, \"value\": 1}\n" +
            ":::MLLOG [1, 2]\n" + ":::MLLOG {\"time_ms\": 1e400, \"key\": \"k\"}\n" +
            line(60000, "INTERVAL_END", "run_stop");
        const RunSummary s = parse(text, Benchmark::CosmoFlow, "dir/result_1.txt");
        QCOMPARE(s.mllogLines, std::size_t{8});
        QCOMPARE(s.badLines, std::size_t{6});
        QCOMPARE(s.otherLines, std::size_t{1});
        QCOMPARE(s.diagnostics.size(), std::size_t{6});
        const std::size_t expectedLines[] = {3, 4, 5, 6, 7, 8};
        for (std::size_t i = 0; i < 6; ++i) {
            QCOMPARE(s.diagnostics[i].file, std::string("dir/result_1.txt"));
            QCOMPARE(s.diagnostics[i].line, expectedLines[i]);
            QCOMPARE(s.diagnostics[i].severity, Severity::Error);
        }
        QVERIFY(s.diagnostics[1].message.find("NaN") != std::string::npos);
        QVERIFY(s.diagnostics[2].message.find("time_ms") != std::string::npos);
        QVERIFY(s.diagnostics[3].message.find("key") != std::string::npos);
        QVERIFY(s.diagnostics[5].message.find("double range") != std::string::npos);
        QCOMPARE(s.timeToTrainMinutes, 1.0); // good lines around bad ones still count
    }

    void truncatedLastLineAndEmptyFile() {
        const std::string text = line(0, "INTERVAL_START", "run_start") + ":::MLLOG {\"time_ms\": 1, \"ke";
        const RunSummary s = parse(text);
        QCOMPARE(s.mllogLines, std::size_t{2});
        QCOMPARE(s.badLines, std::size_t{1});
        QCOMPARE(s.diagnostics.size(), std::size_t{1});
        QCOMPARE(s.diagnostics[0].line, std::size_t{2});
        QVERIFY(s.diagnostics[0].message.find("truncated") != std::string::npos);
        // A valid last line without newline is fine.
        const std::string whole = line(0, "INTERVAL_START", "run_start");
        const RunSummary ok = parse(whole.substr(0, whole.size() - 1));
        QCOMPARE(ok.badLines, std::size_t{0});
        QCOMPARE(ok.run.startMs, 0.0);

        for (const std::string& empty : {std::string(), std::string("just text\nno token\n")}) {
            const RunSummary e = parse(empty);
            QCOMPARE(e.mllogLines, std::size_t{0});
            QCOMPARE(e.diagnostics.size(), std::size_t{1});
            QCOMPARE(e.diagnostics[0].message, std::string("no MLLOG lines"));
            QCOMPARE(e.diagnostics[0].line, std::size_t{0});
        }
    }

    void everySplitPointGivesTheSameSummary() {
        const std::string text = "  0: " + line(0, "INTERVAL_START", "init_start") + "noise\r\n" +
                                 line(10, "POINT_IN_TIME", "seed", "\"1695865674369361546\"") +
                                 ":::MLLOG {broken\n" + line(20, "INTERVAL_START", "run_start") +
                                 eval(30, "eval_accuracy", "0.85", 2) +
                                 line(60020, "INTERVAL_END", "run_stop", "null", R"({"status": "success"})") +
                                 ":::MLLOG {\"time_ms\": 1, \"key\": \"tail\"}";
        const std::string whole = describe(parse(text, Benchmark::DeepCam));
        QVERIFY(whole.find("conv=1") != std::string::npos);
        for (std::size_t a = 0; a <= text.size(); ++a) {
            LogParser parser("log.txt", Benchmark::DeepCam);
            parser.feed(std::string_view(text).substr(0, a));
            parser.feed(std::string_view(text).substr(a));
            parser.finish();
            QCOMPARE(describe(parser.summary()), whole);
        }
        // Byte by byte, and three pieces at assorted points.
        LogParser bytewise("log.txt", Benchmark::DeepCam);
        for (const char c : text)
            bytewise.feed(std::string_view(&c, 1));
        bytewise.finish();
        QCOMPARE(describe(bytewise.summary()), whole);
        for (std::size_t a = 0; a < text.size(); a += 7) {
            for (std::size_t b = a; b <= text.size(); b += 13) {
                LogParser parser("log.txt", Benchmark::DeepCam);
                parser.feed(std::string_view(text).substr(0, a));
                parser.feed(std::string_view(text).substr(a, b - a));
                parser.feed(std::string_view(text).substr(b));
                parser.finish();
                QCOMPARE(describe(parser.summary()), whole);
            }
        }
    }

    void summaryIsValidBetweenFeeds() {
        LogParser parser("live.txt", Benchmark::CosmoFlow);
        parser.feed(line(0, "INTERVAL_START", "run_start") + eval(1000, "eval_error", "0.2", 1));
        QCOMPARE(parser.summary().evals.size(), std::size_t{1});
        QCOMPARE(parser.summary().lastEval, 0.2);
        QVERIFY(!parser.summary().converged);
        parser.feed(eval(2000, "eval_error", "0.1", 2) + line(60000, "INTERVAL_END", "run_stop"));
        QVERIFY(parser.summary().converged);
        QCOMPARE(parser.summary().timeToTrainMinutes, 1.0);
    }

    void overlongLinesAreCountedNotKept() {
        const std::string huge =
            ":::MLLOG {\"key\": \"x\", \"value\": \"" + std::string(3u << 20, 'a') + "\"}\n";
        const std::string noise = std::string(2u << 20, 'b') + "\n";
        const std::string text = huge + noise + line(0, "INTERVAL_START", "run_start");
        const RunSummary whole = parse(text);
        // In one feed and in 64 KiB chunks alike.
        LogParser chunked("log.txt", Benchmark::Unknown);
        for (std::size_t at = 0; at < text.size(); at += 65536)
            chunked.feed(std::string_view(text).substr(at, 65536));
        chunked.finish();
        for (const RunSummary* s : {&whole, &chunked.summary()}) {
            QCOMPARE(s->mllogLines, std::size_t{2});
            QCOMPARE(s->badLines, std::size_t{1});
            QCOMPARE(s->otherLines, std::size_t{1});
            QCOMPARE(s->run.startMs, 0.0);
            QCOMPARE(s->diagnostics.size(), std::size_t{2});
            QCOMPARE(s->diagnostics[0].line, std::size_t{1});
            QVERIFY(s->diagnostics[0].message.find("limit") != std::string::npos);
            QCOMPARE(s->diagnostics[1].line, std::size_t{2});
            QCOMPARE(s->diagnostics[1].severity, Severity::Warning);
        }
        // The token split across two feeds of an overlong line is still found.
        LogParser split("log.txt", Benchmark::Unknown);
        split.feed(std::string(2u << 20, 'c') + ":::ML");
        split.feed("LOG {}\n");
        split.finish();
        QCOMPARE(split.summary().mllogLines, std::size_t{1});
    }

    void unreadableFileGivesAnErrorDiagnostic() {
        const ParsedLog parsed = parseLogFile("/nonexistent/result_0.txt", Benchmark::DeepCam);
        QCOMPARE(parsed.summary.file, std::string("/nonexistent/result_0.txt"));
        QCOMPARE(parsed.summary.diagnostics.size(), std::size_t{1});
        QCOMPARE(parsed.summary.diagnostics[0].severity, Severity::Error);
        QVERIFY(parsed.summary.diagnostics[0].message.find("cannot open") != std::string::npos);
        QVERIFY(!parsed.summary.hasRunStop);
    }
};

QTEST_APPLESS_MAIN(TestMlperfLog)
#include "tst_mlperf_log.moc"
