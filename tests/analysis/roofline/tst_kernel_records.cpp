// Kernel records: the kernels.jsonl file (hand-written fixtures in tests/data/roofline/kernels,
// valid, truncated and malformed), the per-kernel summary, launch overhead joined by correlation
// id, and the roofline points made from records. Expected values are worked out in the comments.
#include "sciperf/analysis/roofline/kernel_records.h"

#include <QFile>
#include <QTest>
#include <cmath>

using namespace sciperf;
using namespace sciperf::roofline;

namespace {

std::string fixture(const char* name) {
    QFile file(QStringLiteral(SCIPERF_TEST_DATA "/roofline/kernels/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

bool near(double actual, double expected, double relative = 1e-12) {
    return std::abs(actual - expected) <= relative * std::abs(expected);
}

std::string errorOf(const Result<KernelRecordsFile>& result) {
    return result.ok() ? std::string("(no error)") : result.error().message;
}

KernelRecord record(std::string name, std::int64_t start, std::int64_t end, std::int64_t correlation = 0) {
    KernelRecord r;
    r.name = std::move(name);
    r.row = "stream 1";
    r.startNs = start;
    r.endNs = end;
    r.correlationId = correlation;
    return r;
}

} // namespace

class TestKernelRecords : public QObject {
    Q_OBJECT
private slots:
    void readsAValidFile() {
        const auto file = readKernelRecordsJsonl(fixture("valid.jsonl"), "valid.jsonl");
        QVERIFY2(file.ok(), errorOf(file).c_str());
        QCOMPARE(file->source, std::string("CUPTI activity"));
        QCOMPARE(file->records.size(), std::size_t{4}); // the blank line is skipped
        const KernelRecord& first = file->records[0];
        QCOMPARE(first.name, std::string("dgemm"));
        QCOMPARE(first.row, std::string("stream 7"));
        QCOMPARE(first.startNs, std::int64_t{1000});
        QCOMPARE(first.endNs, std::int64_t{5000});
        QVERIFY(near(first.seconds(), 4e-6));
        QCOMPARE(first.correlationId, std::int64_t{11});
        QCOMPARE(first.grid[0], std::int64_t{64});
        QCOMPARE(first.block[1], std::int64_t{16});
        QVERIFY(!first.launchOverheadNs.has_value());
        QCOMPARE(first.totalFlops(), 4e6);
        QCOMPARE(first.bytes.size(), std::size_t{3});
        QCOMPARE(first.origin, std::string("CUPTI range profiler"));
        QCOMPARE(file->records[1].launchOverheadNs.value(), std::int64_t{2500});
        QVERIFY(!file->records[1].hasMetrics());
        QCOMPARE(file->records[3].kind, std::string("memcpy HtoD"));
        QCOMPARE(file->records[3].copyBytes.value(), std::int64_t{1048576});
    }

    void roundTripsThroughTheWriter() {
        const auto file = readKernelRecordsJsonl(fixture("valid.jsonl"), "valid.jsonl");
        QVERIFY2(file.ok(), errorOf(file).c_str());
        const std::string text = writeKernelRecordsJsonl(file->records, "again");
        QVERIFY(text.ends_with('\n'));
        const auto again = readKernelRecordsJsonl(text, "again.jsonl");
        QVERIFY2(again.ok(), errorOf(again).c_str());
        QCOMPARE(again->source, std::string("again"));
        QCOMPARE(again->records.size(), file->records.size());
        for (std::size_t i = 0; i < again->records.size(); ++i) {
            const KernelRecord& a = file->records[i];
            const KernelRecord& b = again->records[i];
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.kind, a.kind);
            QCOMPARE(b.startNs, a.startNs);
            QCOMPARE(b.endNs, a.endNs);
            QCOMPARE(b.grid, a.grid);
            QCOMPARE(b.launchOverheadNs, a.launchOverheadNs);
            QCOMPARE(b.copyBytes, a.copyBytes);
            QCOMPARE(b.totalFlops(), a.totalFlops());
            QCOMPARE(b.bytes.size(), a.bytes.size());
            QCOMPARE(b.provenance, a.provenance);
        }
    }

    void summarizesPerKernelName() {
        const auto file = readKernelRecordsJsonl(fixture("valid.jsonl"), "valid.jsonl");
        QVERIFY2(file.ok(), errorOf(file).c_str());
        const auto summary = summarizeKernels(file->records);
        // Kernels only (the copy is left out): dgemm 4000 + 6000 ns, axpy 1000 ns; 11000 ns in all.
        QCOMPARE(summary.size(), std::size_t{2});
        const KernelSummary& dgemm = summary[0];
        QCOMPARE(dgemm.name, std::string("dgemm"));
        QCOMPARE(dgemm.launches, std::int64_t{2});
        QVERIFY(near(dgemm.seconds, 10e-6));
        QVERIFY(near(dgemm.meanSeconds, 5e-6));
        QVERIFY(near(dgemm.timeShare, 10.0 / 11.0));
        QVERIFY(near(dgemm.flops, 4e6 + 6e6 + 1000));
        QCOMPARE(dgemm.precision, std::string("FP64"));
        QCOMPARE(dgemm.measuredLaunches, std::int64_t{2});
        // L1 8e6 + 12e6; L2 only in the first launch; HBM 1e6 + 1.5e6.
        QCOMPARE(dgemm.bytes.size(), std::size_t{3});
        for (const auto& level : dgemm.bytes) {
            if (level.level == "L1")
                QVERIFY(near(level.bytes, 20e6));
            else if (level.level == "L2")
                QVERIFY(near(level.bytes, 2e6));
            else
                QVERIFY(near(level.bytes, 2.5e6));
        }
        // One of two launches has an overhead: the mean is over that one, 3500 ns.
        QVERIFY(near(dgemm.meanLaunchOverheadSeconds.value(), 3.5e-6));
        const KernelSummary& axpy = summary[1];
        QVERIFY(near(axpy.timeShare, 1.0 / 11.0));
        QCOMPARE(axpy.measuredLaunches, std::int64_t{0});
        QCOMPARE(axpy.precision, std::string());
    }

    void rooflinePointsOnlyForMeasuredKernels() {
        const auto file = readKernelRecordsJsonl(fixture("valid.jsonl"), "valid.jsonl");
        QVERIFY2(file.ok(), errorOf(file).c_str());
        const auto points = kernelPointsOf(file->records, "kernels.jsonl");
        QCOMPARE(points.size(), std::size_t{1}); // axpy has no metrics
        QCOMPARE(points[0].name, std::string("dgemm"));
        QCOMPARE(points[0].launches, std::int64_t{2});
        QVERIFY(near(points[0].seconds, 10e-6));
        // AI at HBM: 10,001,000 FLOPs over 2.5e6 bytes.
        QVERIFY(near(arithmeticIntensity(points[0], "HBM").value(), 10001000 / 2.5e6));
        QCOMPARE(points[0].origin, std::string("kernels.jsonl"));
    }

    void joinsLaunchOverheadByCorrelationId() {
        std::vector<KernelRecord> records{record("a", 100, 200, 5), record("b", 300, 400, 6),
                                          record("c", 500, 600, 0)};
        const std::vector<ApiCall> calls{{6, 250, 262}, {5, 10, 40}, {0, 0, 999}, {7, 1, 2}};
        QCOMPARE(attachLaunchOverhead(records, calls), std::size_t{2});
        QCOMPARE(records[0].launchOverheadNs.value(), std::int64_t{30});
        QCOMPARE(records[1].launchOverheadNs.value(), std::int64_t{12});
        QVERIFY(!records[2].launchOverheadNs.has_value()); // no id: no match, not the id-0 call
    }

    void metricsFromTheFormulas() {
        KernelRecord r = record("k", 0, 1000);
        KernelMetrics metrics;
        metrics.flops = {{"FP32", 64}, {"TC FP16", 1024}};
        metrics.bytes = {{"HBM", 256}};
        setMetrics(r, metrics);
        QCOMPARE(r.totalFlops(), 1088.0);
        QVERIFY(r.hasMetrics());
        QCOMPARE(summarizeKernels({r})[0].precision, std::string("TC FP16"));
    }

    void malformedFilesName() {
        struct Case {
            const char* file;
            const char* expected;
        };
        for (const Case& c :
             {Case{"truncated.jsonl", "truncated.jsonl:3: "},
              Case{"end-before-start.jsonl", "end-before-start.jsonl:2: \"end_ns\" 5000 is before"},
              Case{"negative-bytes.jsonl", "negative-bytes.jsonl:3: \"bytes\".HBM is not"},
              Case{"no-header.jsonl", "no-header.jsonl:1: not a kernel records file"},
              Case{"missing-row.jsonl", "missing-row.jsonl:2: \"row\" is missing"}}) {
            const auto result = readKernelRecordsJsonl(fixture(c.file), c.file);
            QVERIFY2(!result.ok(), c.file);
            QVERIFY2(result.error().message.starts_with(c.expected), result.error().message.c_str());
        }
        const auto truncated = readKernelRecordsJsonl(fixture("truncated.jsonl"), "truncated.jsonl");
        QVERIFY(truncated.error().message.find("truncated?") != std::string::npos);
        QVERIFY(!readKernelRecordsJsonl("", "empty.jsonl").ok());
    }
};

QTEST_GUILESS_MAIN(TestKernelRecords)
#include "tst_kernel_records.moc"
