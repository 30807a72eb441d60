// Kernel points on the hierarchical and the time-based roofline: bounds, aggregation, run
// comparison and the JSON form. Every expected value is worked out by hand in the comments.
#include "sciperf/analysis/roofline/kernels.h"

#include <QTest>
#include <cmath>

using namespace sciperf;
using namespace sciperf::roofline;

namespace {

bool near(double actual, double expected, double relative = 1e-12) {
    return std::abs(actual - expected) <= relative * std::abs(expected);
}

KernelPoint kernel(std::string name, double seconds, double flops, std::vector<LevelBytes> bytes,
                   std::string precision = "FP64", std::int64_t launches = 1) {
    KernelPoint point;
    point.name = std::move(name);
    point.precision = std::move(precision);
    point.launches = launches;
    point.seconds = seconds;
    point.flops = flops;
    point.bytes = std::move(bytes);
    point.origin = "test";
    return point;
}

// DRAM 100 GB/s, L1 1000 GB/s, FP64 200 GFLOP/s.
Ceilings smallMachine() {
    return {{{"L1", 1000e9}, {"DRAM", 100e9}}, {{"FP64", 200e9}}};
}

std::string errorOf(const Result<std::vector<KernelPoint>>& result) {
    return result.ok() ? std::string("(no error)") : result.error().message;
}

} // namespace

class TestKernels : public QObject {
    Q_OBJECT
private slots:
    void intensityAndRate() {
        // 1e9 FLOPs over 4e8 DRAM bytes: AI 2.5 FLOP/byte; over 0.01 s: 1e11 FLOP/s.
        const auto point = kernel("k", 0.01, 1e9, {{"DRAM", 4e8}, {"L2", 0}});
        QVERIFY(near(arithmeticIntensity(point, "DRAM").value(), 2.5));
        QVERIFY(!arithmeticIntensity(point, "L2").has_value()); // zero bytes: unknown intensity
        QVERIFY(!arithmeticIntensity(point, "L1").has_value());
        QVERIFY(near(flopsPerSecond(point), 1e11));
        QCOMPARE(flopsPerSecond(kernel("idle", 0, 1e9, {})), 0.0);
        // min(P, AI * W): AI 2 at 100 GB/s is 200 GFLOP/s, under a 500 GFLOP/s peak.
        QCOMPARE(attainableFlopsPerSecond(2, 100e9, 500e9), 200e9);
        QCOMPARE(attainableFlopsPerSecond(20, 100e9, 500e9), 500e9);
    }

    void memoryBoundKernel() {
        // F = 1e9, B_DRAM = 1e9 (AI 1), B_L1 = 2e9 (AI 0.5), T = 0.01 s.
        // Roofs: DRAM 1 * 100e9 = 100 GFLOP/s, L1 0.5 * 1000e9 = 500 GFLOP/s, FP64 200 GFLOP/s.
        // The lowest is DRAM at 100 GFLOP/s; achieved 1e9 / 0.01 = 100 GFLOP/s: fraction 1.0.
        const auto bound = boundOf(kernel("stream", 0.01, 1e9, {{"L1", 2e9}, {"DRAM", 1e9}}), smallMachine());
        QVERIFY(bound.ok());
        QCOMPARE(bound->limiter, std::string("DRAM"));
        QVERIFY(bound->memoryBound);
        QVERIFY(near(bound->attainableFlopsPerSecond, 100e9));
        QVERIFY(near(bound->fractionOfAttainable, 1.0));
    }

    void computeBoundKernel() {
        // F = 1e10, B_DRAM = 1e9 (AI 10: roof 1000 GFLOP/s), B_L1 = 1e9 (AI 10: 10000 GFLOP/s);
        // FP64 200 GFLOP/s is the lowest. Achieved 1e10 / 0.1 s = 100 GFLOP/s: fraction 0.5.
        const auto bound = boundOf(kernel("dgemm", 0.1, 1e10, {{"L1", 1e9}, {"DRAM", 1e9}}), smallMachine());
        QVERIFY(bound.ok());
        QCOMPARE(bound->limiter, std::string("FP64"));
        QVERIFY(!bound->memoryBound);
        QVERIFY(near(bound->attainableFlopsPerSecond, 200e9));
        QVERIFY(near(bound->fractionOfAttainable, 0.5));
    }

    void aboveTheRoofIsFlagged() {
        // As memoryBoundKernel but in 0.005 s: achieved 200 GFLOP/s over a 100 GFLOP/s roof.
        const auto bound = boundOf(kernel("too fast", 0.005, 1e9, {{"DRAM", 1e9}}), smallMachine());
        QVERIFY(bound.ok());
        QVERIFY(near(bound->fractionOfAttainable, 2.0));
    }

    void missingPrecisionFallsBackToTheHighestPeak() {
        // FP16 has no ceiling: FP32 (400 GFLOP/s, the highest) judges it. F = 1e10, B_DRAM = 1e8:
        // AI 100, DRAM roof 10 TFLOP/s; L2 (1e6 bytes) has no ceiling and is skipped although its
        // roof would be lower. Attainable 400 GFLOP/s; achieved 1e10 / 0.1 = 100 GFLOP/s: 0.25.
        const Ceilings ceilings{{{"DRAM", 100e9}}, {{"FP64", 200e9}, {"FP32", 400e9}}};
        const auto bound = boundOf(kernel("half", 0.1, 1e10, {{"L2", 1e6}, {"DRAM", 1e8}}, "FP16"), ceilings);
        QVERIFY(bound.ok());
        QCOMPARE(bound->limiter, std::string("FP32"));
        QVERIFY(near(bound->attainableFlopsPerSecond, 400e9));
        QVERIFY(near(bound->fractionOfAttainable, 0.25));

        // No levels with bytes at all: only the compute roof is left.
        const auto computeOnly = boundOf(kernel("flops only", 0.1, 1e10, {}), ceilings);
        QVERIFY(computeOnly.ok());
        QCOMPARE(computeOnly->limiter, std::string("FP64"));

        const auto none = boundOf(kernel("k", 0.1, 1e10, {{"DRAM", 1e8}}), Ceilings{{{"DRAM", 100e9}}, {}});
        QVERIFY(!none.ok());
        QVERIFY(none.error().message.find("no compute ceiling") != std::string::npos);
    }

    void aggregatesLaunchesByNameAndPrecision() {
        // Three FP64 launches of "axpy": 0.01 + 0.02 + 0.005 = 0.035 s, 1e9 + 2e9 + 0.5e9 = 3.5e9
        // FLOPs, DRAM 1e8 + 2e8 + 0 = 3e8 bytes, L2 only in the second: 5e8. "gemm" 0.03 s stays
        // alone, as does the FP32 "axpy" (another precision is another point).
        std::vector<KernelPoint> launches{
            kernel("axpy", 0.01, 1e9, {{"DRAM", 1e8}}),
            kernel("gemm", 0.03, 9e9, {{"DRAM", 1e8}}),
            kernel("axpy", 0.02, 2e9, {{"L2", 5e8}, {"DRAM", 2e8}}),
            kernel("axpy", 0.001, 1e8, {{"DRAM", 1e7}}, "FP32"),
            kernel("axpy", 0.005, 0.5e9, {}),
        };
        launches[0].origin = "report.csv:2";
        const auto totals = aggregateByName(launches);
        QCOMPARE(totals.size(), std::size_t{3});
        QCOMPARE(totals[0].name, std::string("axpy")); // 0.035 s > 0.03 s > 0.001 s
        QCOMPARE(totals[0].precision, std::string("FP64"));
        QCOMPARE(totals[0].launches, std::int64_t{3});
        QVERIFY(near(totals[0].seconds, 0.035));
        QVERIFY(near(totals[0].flops, 3.5e9));
        QVERIFY(near(totals[0].bytesAt("DRAM").value(), 3e8));
        QVERIFY(near(totals[0].bytesAt("L2").value(), 5e8));
        QCOMPARE(totals[0].origin, std::string("report.csv:2 (3 launches)"));
        QCOMPARE(totals[1].name, std::string("gemm"));
        QCOMPARE(totals[1].origin, std::string("test"));
        QCOMPARE(totals[2].precision, std::string("FP32"));
    }

    void topByTimeStopsAtTheShareOrTheLimit() {
        // Times 5, 3, 1, 1 (total 10): 50 % is reached by the first; 70 % needs the first two;
        // 100 % all four unless the limit of 3 cuts it.
        const std::vector<KernelPoint> kernels{kernel("c", 1, 0, {}), kernel("a", 5, 0, {}),
                                               kernel("d", 1, 0, {}), kernel("b", 3, 0, {})};
        QCOMPARE(topByTime(kernels, 10, 0.5).size(), std::size_t{1});
        const auto seventy = topByTime(kernels, 10, 0.7);
        QCOMPARE(seventy.size(), std::size_t{2});
        QCOMPARE(seventy[1].name, std::string("b"));
        QCOMPARE(topByTime(kernels, 10).size(), std::size_t{4});
        QCOMPARE(topByTime(kernels, 3).size(), std::size_t{3});
        QVERIFY(topByTime(kernels, 0).empty());
    }

    void timeRooflineOfAMemoryBoundKernel() {
        // P = 1 TFLOP/s, W = 100 GB/s: balance 10 FLOP/byte. F = 1e9, B = 1e9 (AI 1 < 10),
        // T = 0.05 s, N = 1000 launches of 4.2 us.
        // ideal = max(1e9 / 1e12, 1e9 / 1e11) = max(1e-3, 1e-2) = 0.01 s; efficiency 0.01 / 0.05 = 0.2;
        // launch = 1000 * 4.2e-6 = 4.2e-3 s < 0.01 s: not launch bound.
        // Vertex (memory side): B_v = T * W = 5e9, F_v = B_v * AI = 5e9.
        const TimeRooflineMachine machine{1e12, 1e11, 4.2e-6};
        const auto point =
            timeRoofline(kernel("copy", 0.05, 1e9, {{"HBM", 1e9}}, "FP32", 1000), machine, "HBM");
        QVERIFY(point.ok());
        QCOMPARE(point->bytes, 1e9);
        QCOMPARE(point->flops, 1e9);
        QVERIFY(near(point->idealSeconds, 0.01));
        QVERIFY(near(point->launchSeconds, 4.2e-3));
        QVERIFY(near(point->efficiency, 0.2));
        QVERIFY(!point->launchBound);
        QVERIFY(near(point->vertexBytes, 5e9));
        QVERIFY(near(point->vertexFlops, 5e9));
    }

    void timeRooflineOfAComputeBoundKernel() {
        // F = 1e11, B = 1e9 (AI 100 > balance 10), T = 0.2 s, N = 2.
        // ideal = max(1e11 / 1e12, 1e9 / 1e11) = 0.1 s; efficiency 0.5.
        // Vertex (compute side): F_v = T * P = 2e11, B_v = F_v / AI = 2e9.
        const TimeRooflineMachine machine{1e12, 1e11, 4.2e-6};
        const auto point = timeRoofline(kernel("gemm", 0.2, 1e11, {{"HBM", 1e9}}, "FP32", 2), machine, "HBM");
        QVERIFY(point.ok());
        QVERIFY(near(point->idealSeconds, 0.1));
        QVERIFY(near(point->efficiency, 0.5));
        QVERIFY(near(point->vertexFlops, 2e11));
        QVERIFY(near(point->vertexBytes, 2e9));
        QVERIFY(near(point->launchSeconds, 8.4e-6));
    }

    void tinyKernelsAreLaunchBound() {
        // F = 1e3, B = 1e4, N = 10, T = 1e-4 s: ideal = max(1e-9, 1e-7) = 1e-7 s;
        // launch = 10 * 4.2e-6 = 4.2e-5 s >= 1e-7 s: inside the launch box.
        const TimeRooflineMachine machine{1e12, 1e11, 4.2e-6};
        const auto point =
            timeRoofline(kernel("tiny", 1e-4, 1e3, {{"HBM", 1e4}}, "FP32", 10), machine, "HBM");
        QVERIFY(point.ok());
        QVERIFY(near(point->idealSeconds, 1e-7));
        QVERIFY(near(point->launchSeconds, 4.2e-5));
        QVERIFY(point->launchBound);
    }

    void timeRooflineNeedsBytesAndTime() {
        const TimeRooflineMachine machine{1e12, 1e11};
        const auto noLevel = timeRoofline(kernel("k", 1, 1e9, {{"HBM", 1e9}}), machine, "L2");
        QVERIFY(!noLevel.ok());
        QVERIFY(noLevel.error().message.find("no bytes at level L2") != std::string::npos);
        const auto noTime = timeRoofline(kernel("k", 0, 1e9, {{"HBM", 1e9}}), machine, "HBM");
        QVERIFY(!noTime.ok());
        QVERIFY(noTime.error().message.find("no measured time") != std::string::npos);
        QVERIFY(!timeRoofline(kernel("k", 1, 1e9, {{"HBM", 1e9}}), TimeRooflineMachine{0, 1e11}, "HBM").ok());
    }

    void comparesTwoRuns() {
        // Before: A 0.04 s, B 0.01 s, C 0.02 s, A (FP32) 0.01 s. After: A 0.01 s, B 0.02 s, D.
        // A: speedup 0.04 / 0.01 = 4; same FLOPs, so FLOP/s ratio 4. B: speedup 0.5, ratio 0.5.
        // Matched in the order of the before-run's time: A (0.04) then B (0.01). A FP32 and C exist
        // only before (C first, 0.02 s); D only after.
        const std::vector<KernelPoint> before{kernel("A", 0.04, 4e9, {}), kernel("B", 0.01, 1e9, {}),
                                              kernel("C", 0.02, 1e9, {}), kernel("A", 0.01, 1e9, {}, "FP32")};
        const std::vector<KernelPoint> after{kernel("B", 0.02, 1e9, {}), kernel("A", 0.01, 4e9, {}),
                                             kernel("D", 0.03, 1e9, {})};
        const auto comparison = compareRuns(before, after);
        QCOMPARE(comparison.matched.size(), std::size_t{2});
        QCOMPARE(comparison.matched[0].before.name, std::string("A"));
        QVERIFY(near(comparison.matched[0].after.seconds, 0.01));
        QVERIFY(near(comparison.matched[0].speedup, 4.0));
        QVERIFY(near(comparison.matched[0].flopsRateRatio, 4.0));
        QCOMPARE(comparison.matched[1].before.name, std::string("B"));
        QVERIFY(near(comparison.matched[1].speedup, 0.5));
        QVERIFY(near(comparison.matched[1].flopsRateRatio, 0.5));
        QCOMPARE(comparison.onlyBefore.size(), std::size_t{2});
        QCOMPARE(comparison.onlyBefore[0].name, std::string("C"));
        QCOMPARE(comparison.onlyBefore[1].precision, std::string("FP32"));
        QCOMPARE(comparison.onlyAfter.size(), std::size_t{1});
        QCOMPARE(comparison.onlyAfter[0].name, std::string("D"));
    }

    void jsonRoundTrip() {
        auto first = kernel("daxpy<double>", 0.125, 2.5e9, {{"L1", 3e9}, {"DRAM", 1.5e9}}, "FP64", 7);
        first.provenance = Provenance::CountedByWorkload;
        first.origin = "workload kernels";
        const auto second = kernel("empty \"quoted\"", 0, 0, {}, "TC FP16");
        JsonWriter writer;
        writeKernelPoints(writer, {first, second});
        const auto document = parseJson(writer.text());
        QVERIFY(document.ok());
        const auto again = readKernelPoints(document.value(), "k.json");
        QVERIFY2(again.ok(), errorOf(again).c_str());
        QCOMPARE(again->size(), std::size_t{2});
        const KernelPoint& read = again->front();
        QCOMPARE(read.name, first.name);
        QCOMPARE(read.precision, std::string("FP64"));
        QCOMPARE(read.launches, std::int64_t{7});
        QCOMPARE(read.seconds, 0.125);
        QCOMPARE(read.flops, 2.5e9);
        QCOMPARE(read.bytes.size(), std::size_t{2});
        QCOMPARE(read.bytes[0].level, std::string("L1"));
        QCOMPARE(read.bytesAt("DRAM").value(), 1.5e9);
        QCOMPARE(read.provenance, Provenance::CountedByWorkload);
        QCOMPARE(read.origin, std::string("workload kernels"));
        QCOMPARE(again->back().name, second.name);
        QCOMPARE(again->back().provenance, Provenance::Imported);
        QVERIFY(again->back().bytes.empty());
    }

    void malformedJsonNamesTheElement_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        const QString good =
            QStringLiteral(R"({"name": "ok", "precision": "FP64", "seconds": 1, "flops": 1})");
        QTest::newRow("not a list") << QStringLiteral(R"({"name": "k"})") << "k.json: kernels is not a list";
        QTest::newRow("not an object")
            << QStringLiteral("[%1, 3]").arg(good) << "k.json: kernels[1] is not an object";
        QTest::newRow("no name") << QStringLiteral(R"([{"precision": "FP64", "seconds": 1, "flops": 1}])")
                                 << "k.json: kernels[0].name is missing or not a string";
        QTest::newRow("negative seconds")
            << QStringLiteral(R"([%1, {"name": "k", "precision": "FP64", "seconds": -1, "flops": 1}])")
                   .arg(good)
            << "k.json: kernels[1].seconds is missing or not a finite non-negative number";
        QTest::newRow("flops as text")
            << QStringLiteral(R"([{"name": "k", "precision": "FP64", "seconds": 1, "flops": "1e9"}])")
            << "k.json: kernels[0].flops is missing or not a finite non-negative number";
        QTest::newRow("bytes as text")
            << QStringLiteral(
                   R"([{"name": "k", "precision": "P", "seconds": 1, "flops": 1, "bytes": {"L1": "x"}}])")
            << "k.json: kernels[0].bytes.L1 is not a finite non-negative number";
        QTest::newRow("zero launches")
            << QStringLiteral(R"([{"name": "k", "precision": "P", "seconds": 1, "flops": 1, "launches": 0}])")
            << "k.json: kernels[0].launches is not a positive integer";
        QTest::newRow("unknown provenance")
            << QStringLiteral(
                   R"([{"name": "k", "precision": "P", "seconds": 1, "flops": 1, "provenance": "guess"}])")
            << R"(k.json: kernels[0].provenance "guess" is not one of "measured counters", "counted by workload", "imported")";
    }

    void malformedJsonNamesTheElement() {
        QFETCH(QString, json);
        QFETCH(QString, message);
        const auto document = parseJson(json.toStdString());
        QVERIFY(document.ok());
        QCOMPARE(QString::fromStdString(errorOf(readKernelPoints(document.value(), "k.json"))), message);
    }
};

QTEST_GUILESS_MAIN(TestKernels)
#include "tst_kernels.moc"
