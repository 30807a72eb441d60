// Nsight Compute CSV import: the details page, the raw page and the per-kernel summary, written by
// hand in ncu's layouts (tests/data/roofline/ncu), and malformed files. Expected FLOPs, bytes and
// seconds are worked out in the comments from the fixtures' numbers.
#include "sciperf/analysis/roofline/nsight_compute.h"

#include <QFile>
#include <QTest>
#include <cmath>

using namespace sciperf;
using namespace sciperf::roofline;

namespace {

std::string fixture(const char* name) {
    QFile file(QStringLiteral(SCIPERF_TEST_DATA "/roofline/ncu/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

bool near(double actual, double expected, double relative = 1e-12) {
    return std::abs(actual - expected) <= relative * std::abs(expected);
}

std::string errorOf(const Result<std::vector<KernelPoint>>& result) {
    return result.ok() ? std::string("(no error)") : result.error().message;
}

Result<std::vector<KernelPoint>> importFixture(const char* name) {
    return importNsightComputeCsv(fixture(name), name);
}

const std::string kDgemm = "dgemm_kernel(const double *, double *, int)";
const std::string kAxpy = "axpy<float>(float, const float *, float *)";

} // namespace

class TestNsightCompute : public QObject {
    Q_OBJECT
private slots:
    void readsTheDetailsPage() {
        const auto points = importFixture("details.csv");
        QVERIFY2(points.ok(), errorOf(points).c_str());
        QCOMPARE(points->size(), std::size_t{4}); // launches 0..3, in the order of their IDs

        // ID 0, dgemm: time = 1,410,000 cycles / 1.41 cycle/ns = 1e-3 s.
        // FP64 = dadd 0 + dmul 1e6 + 2 * dfma 4e6 = 9e6; FP32 = 2 * ffma 500 = 1000; total 9,001,000.
        // L1 12.5 Mbyte = 12.5e6, L2 4 Mbyte = 4e6, HBM 1,500 Kbyte = 1.5e6 (ncu's K is 1000).
        const KernelPoint& first = points.value()[0];
        QCOMPARE(first.name, kDgemm);
        QCOMPARE(first.precision, std::string("FP64"));
        QCOMPARE(first.launches, std::int64_t{1});
        QVERIFY(near(first.seconds, 1e-3));
        QVERIFY(near(first.flops, 9001000));
        QCOMPARE(first.bytes.size(), std::size_t{3});
        QCOMPARE(first.bytes[0].level, std::string("L1")); // fastest first
        QVERIFY(near(first.bytesAt("L1").value(), 12.5e6));
        QVERIFY(near(first.bytesAt("L2").value(), 4e6));
        QVERIFY(near(first.bytesAt("HBM").value(), 1.5e6));
        QCOMPARE(first.provenance, Provenance::Imported);
        QCOMPARE(first.origin, std::string("details.csv:7")); // after 5 lines of ncu and program output

        // ID 1, axpy: no cycles, so gpu__time_duration 12.5 us; FP32 = 2 * 1,048,576 = 2,097,152;
        // HBM 12,582,912 bytes only.
        const KernelPoint& second = points.value()[1];
        QCOMPARE(second.name, kAxpy);
        QCOMPARE(second.precision, std::string("FP32"));
        QVERIFY(near(second.seconds, 12.5e-6));
        QVERIFY(near(second.flops, 2097152));
        QCOMPARE(second.bytes.size(), std::size_t{1});
        QVERIFY(near(second.bytesAt("HBM").value(), 12582912));
        QCOMPARE(second.origin, std::string("details.csv:18"));

        // ID 2, dgemm: 2,820,000 / 1.41e9 = 2e-3 s; 2e6 + 2 * 8e6 = 18e6 FLOPs.
        QCOMPARE(points.value()[2].name, kDgemm);
        QVERIFY(near(points.value()[2].seconds, 2e-3));
        QVERIFY(near(points.value()[2].flops, 18e6));
        QCOMPARE(points.value()[2].origin, std::string("details.csv:22"));
        // ID 3, axpy: 11,000 ns; a tensor count of 0 adds no note.
        QVERIFY(near(points.value()[3].seconds, 11e-6));
        QCOMPARE(points.value()[3].origin, std::string("details.csv:29"));
    }

    void detailsAggregateByName() {
        // dgemm: 1e-3 + 2e-3 = 3e-3 s, 9,001,000 + 18,000,000 = 27,001,000 FLOPs, HBM 1.5e6 + 3e6.
        // axpy: 12.5e-6 + 11e-6 = 23.5e-6 s, 2 * 2,097,152 = 4,194,304 FLOPs, HBM 2 * 12,582,912.
        const auto points = importFixture("details.csv");
        QVERIFY(points.ok());
        const auto kernels = aggregateByName(points.value());
        QCOMPARE(kernels.size(), std::size_t{2});
        QCOMPARE(kernels[0].name, kDgemm);
        QCOMPARE(kernels[0].launches, std::int64_t{2});
        QVERIFY(near(kernels[0].seconds, 3e-3));
        QVERIFY(near(kernels[0].flops, 27001000));
        QVERIFY(near(kernels[0].bytesAt("HBM").value(), 4.5e6));
        QVERIFY(near(kernels[1].seconds, 23.5e-6));
        QVERIFY(near(kernels[1].flops, 4194304));
        QVERIFY(near(kernels[1].bytesAt("HBM").value(), 25165824));
    }

    void readsTheRawPage() {
        // CRLF line ends, a unit row, one row per launch.
        const auto points = importFixture("raw.csv");
        QVERIFY2(points.ok(), errorOf(points).c_str());
        QCOMPARE(points->size(), std::size_t{2});

        // hgemm: cycles win over the duration: 3,500,000 / 1.75 GHz = 2e-3 s (not 2.5 ms).
        // FP16 = hadd 1,000 + 2 * hfma 2,000,000 + hmul 0 = 4,001,000; FP32 = 2 * 10 = 20.
        // HBM 1.5 Gbyte, L2 6 Gbyte.
        const KernelPoint& hgemm = points.value()[0];
        QCOMPARE(hgemm.name, std::string("hgemm_128x64"));
        QCOMPARE(hgemm.precision, std::string("FP16"));
        QVERIFY(near(hgemm.seconds, 2e-3));
        QVERIFY(near(hgemm.flops, 4001020));
        QVERIFY(near(hgemm.bytesAt("HBM").value(), 1.5e9));
        QVERIFY(near(hgemm.bytesAt("L2").value(), 6e9));
        QVERIFY(!hgemm.bytesAt("L1").has_value());
        QCOMPARE(hgemm.origin, std::string("raw.csv:4"));

        // tc_gemm: cycles n/a, so 0.5 ms; only tensor instructions: no FLOPs counted, said so.
        const KernelPoint& tensor = points.value()[1];
        QCOMPARE(tensor.name, std::string(R"(tc_gemm(half const*, "tile" 128))"));
        QCOMPARE(tensor.precision, std::string("TC"));
        QVERIFY(near(tensor.seconds, 5e-4));
        QCOMPARE(tensor.flops, 0.0);
        QVERIFY(near(tensor.bytesAt("HBM").value(), 2.5e8));
        QCOMPARE(tensor.origin,
                 std::string("raw.csv:5; tensor-core FLOPs not counted (65536 tensor instructions)"));
    }

    void readsThePerKernelSummary() {
        // Averages per launch times invocations, one point per launch shape.
        const auto points = importFixture("summary.csv");
        QVERIFY2(points.ok(), errorOf(points).c_str());
        QCOMPARE(points->size(), std::size_t{2});
        // (256,1,1) x 10: 10 * 100 us = 1e-3 s; 10 * (2e6 + 2 * 3e6) = 8e7 FLOPs; 10 * 16 Mbyte = 1.6e8.
        const KernelPoint& wide = points.value()[0];
        QCOMPARE(wide.name, std::string("stencil_3d(double *, const double *)"));
        QCOMPARE(wide.precision, std::string("FP64"));
        QCOMPARE(wide.launches, std::int64_t{10});
        QVERIFY(near(wide.seconds, 1e-3));
        QVERIFY(near(wide.flops, 8e7));
        QVERIFY(near(wide.bytesAt("HBM").value(), 1.6e8));
        QCOMPARE(wide.origin, std::string("summary.csv:4"));
        // (128,1,1) x 4: 4 * 50 us = 2e-4 s; 4 * 2 * 1e6 = 8e6 FLOPs; 4 * 8 Mbyte = 3.2e7.
        const KernelPoint& narrow = points.value()[1];
        QCOMPARE(narrow.launches, std::int64_t{4});
        QVERIFY(near(narrow.seconds, 2e-4));
        QVERIFY(near(narrow.flops, 8e6));
        QVERIFY(near(narrow.bytesAt("HBM").value(), 3.2e7));
        QCOMPARE(narrow.origin, std::string("summary.csv:9"));
        // Both shapes are one kernel: 14 launches, 1.2e-3 s, 8.8e7 FLOPs, 1.92e8 bytes.
        const auto kernels = aggregateByName(points.value());
        QCOMPARE(kernels.size(), std::size_t{1});
        QCOMPARE(kernels[0].launches, std::int64_t{14});
        QVERIFY(near(kernels[0].seconds, 1.2e-3));
        QVERIFY(near(kernels[0].flops, 8.8e7));
        QVERIFY(near(kernels[0].bytesAt("HBM").value(), 1.92e8));
    }

    void malformedFixturesNameTheLine_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        QTest::newRow("truncated") << "truncated.csv"
                                   << "truncated.csv:16: unterminated quoted field (is the file truncated?)";
        QTest::newRow("bad unit") << "bad-unit.csv"
                                  << R"(bad-unit.csv:3: unknown unit "furlong" of dram__bytes.sum)";
        QTest::newRow("missing column") << "missing-column.csv"
                                        << R"(missing-column.csv:1: the header has no "Metric Unit" column)";
        QTest::newRow("non-numeric")
            << "non-numeric.csv"
            << R"(non-numeric.csv:2: gpu__time_duration.sum has the value "fast", not a non-negative number)";
    }

    void malformedFixturesNameTheLine() {
        QFETCH(QString, name);
        QFETCH(QString, message);
        const auto points = importFixture(name.toUtf8().constData());
        QCOMPARE(QString::fromStdString(errorOf(points)), message);
    }

    void malformedTextNamesTheLine_data() {
        QTest::addColumn<QString>("csv");
        QTest::addColumn<QString>("message");
        const QString header =
            QStringLiteral(R"("ID","Kernel Name","Metric Name","Metric Unit","Metric Value")");
        QTest::newRow("no header")
            << "==PROF== nothing profiled\n"
            << R"(x.csv: no Nsight Compute CSV table (no header line with a "Kernel Name" column))";
        QTest::newRow("no launches") << header + "\n"
                                     << "x.csv:1: the table has no kernel launches";
        QTest::newRow("short row") << header + "\n\"0\",\"k\",\"gpu__time_duration.sum\"\n"
                                   << "x.csv:2: 3 fields, the header (line 1) has 5 (is the file truncated?)";
        QTest::newRow("time in bytes") << header + "\n\"0\",\"k\",\"gpu__time_duration.sum\",\"byte\",\"5\"\n"
                                       << R"(x.csv:2: gpu__time_duration.sum is in "byte", not a time)";
        QTest::newRow("time in percent") << header + "\n\"0\",\"k\",\"gpu__time_duration.sum\",\"%\",\"5\"\n"
                                         << R"(x.csv:2: unknown unit "%" of gpu__time_duration.sum)";
        QTest::newRow("decimal comma")
            << header + "\n\"0\",\"k\",\"gpu__time_duration.sum\",\"usecond\",\"9,00\"\n"
            << R"(x.csv:2: gpu__time_duration.sum has the value "9,00", not a non-negative number)";
        QTest::newRow("no time") << header + "\r\n\"0\",\"k\",\"dram__bytes.sum\",\"byte\",\"5\"\r\n"
                                 << R"(x.csv:2: kernel "k" has no time: it needs sm__cycles_elapsed.avg and )"
                                    R"(sm__cycles_elapsed.avg.per_second, or gpu__time_duration.sum)";
        QTest::newRow("text after quote") << header + "\n\"0\",\"k\"x,\"a\",\"b\",\"c\"\n"
                                          << "x.csv:2: text after a closing quote";
        QTest::newRow("zero invocations")
            << QStringLiteral(R"("Kernel Name","Invocations","Metric Name","Metric Unit","Average")"
                              "\n\"k\",\"0\",\"gpu__time_duration.sum\",\"usecond\",\"1\"\n")
            << R"(x.csv:2: Invocations "0" is not a positive integer)";
    }

    void malformedTextNamesTheLine() {
        QFETCH(QString, csv);
        QFETCH(QString, message);
        QCOMPARE(QString::fromStdString(errorOf(importNsightComputeCsv(csv.toStdString(), "x.csv"))),
                 message);
    }

    void unrelatedMetricsAndUnitsAreIgnored() {
        // A details page of the default sections: human metric names, "%" and text values are not
        // ours and must not fail the import; a kilo-cycle count with GHz still gives the time:
        // 2 Kcycle / 1 GHz = 2e-6 s.
        const std::string csv =
            R"("ID","Kernel Name","Section Name","Metric Name","Metric Unit","Metric Value"
"0","k","Launch Statistics","Function Cache Configuration","","CachePreferNone"
"0","k","Occupancy","Achieved Occupancy","%","74,92"
"0","k","Command line profiler metrics","sm__cycles_elapsed.avg","Kcycle","2"
"0","k","Command line profiler metrics","sm__cycles_elapsed.avg.per_second","Ghz","1"
)";
        const auto points = importNsightComputeCsv(csv, "sections.csv");
        QVERIFY2(points.ok(), errorOf(points).c_str());
        QVERIFY(near(points->front().seconds, 2e-6));
        QCOMPARE(points->front().precision, std::string()); // no FLOP counters collected
        QVERIFY(points->front().bytes.empty());
    }
};

QTEST_GUILESS_MAIN(TestNsightCompute)
#include "tst_nsight_compute.moc"
