// The GPU metric formulas (gpu_metrics.h) on Range Profiler values recorded by hand in
// tests/data/roofline/cupti: each fixture is one launch of a kernel of known size, and each expected
// value is worked out here from that size (2 M N K, bytes per element), not from the code.
#include "sciperf/analysis/roofline/gpu_metrics.h"

#include <QFile>
#include <QTest>
#include <cmath>

using namespace sciperf;
using namespace sciperf::roofline;

namespace {

bool near(double actual, double expected, double relative = 1e-12) {
    return std::abs(actual - expected) <= relative * std::abs(expected);
}

// "metric value" lines, '#' comments: the names and values as the Profiler Host returns them.
MetricLookup fixture(const char* name) {
    QFile file(QStringLiteral(SCIPERF_TEST_DATA "/roofline/cupti/") + QLatin1String(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    std::vector<std::string> names;
    std::vector<double> values;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> fields = line.split(' ');
        if (fields.size() != 2)
            qFatal("bad fixture line in %s", name);
        bool ok = false;
        values.push_back(fields[1].toDouble(&ok));
        if (!ok)
            qFatal("bad number in %s", name);
        names.push_back(fields[0].toStdString());
    }
    return cuptiMetricLookup(std::move(names), std::move(values));
}

double flopsOf(const KernelMetrics& metrics, std::string_view precision) {
    for (const auto& entry : metrics.flops)
        if (entry.precision == precision)
            return entry.flops;
    return -1;
}

double bytesOf(const KernelMetrics& metrics, std::string_view level) {
    for (const auto& entry : metrics.bytes)
        if (entry.level == level)
            return entry.bytes;
    return -1;
}

} // namespace

class TestGpuMetrics : public QObject {
    Q_OBJECT
private slots:
    void dgemmCountsTwoFlopsPerFma() {
        const KernelMetrics metrics = evaluateKernelMetrics(fixture("dgemm-128.txt"));
        const double m = 128, n = 128, k = 128;
        // K FMAs per element plus the epilogue's FMA (2 FLOPs each) and multiply (1 FLOP).
        const double expected = 2 * (m * n * k + m * n) + m * n;
        QVERIFY(near(metrics.totalFlops(), expected));
        QVERIFY(near(flopsOf(metrics, "FP64"), expected));
        QCOMPARE(metrics.flops.size(), std::size_t{1}); // zero FP32/FP16 counts are left out
        // The GEMM's own 2 M N K is within 1.2 % (the epilogue): the device check's 1 % is on larger sizes.
        QVERIFY(std::abs(metrics.totalFlops() / (2 * m * n * k) - 1) < 0.012);
        QCOMPARE(metrics.dominantPrecision(), std::string("FP64"));
        // 176,000 cycles at 1.76 GHz; the duration (102.4 us) is not used when cycles are there.
        QVERIFY(metrics.seconds.has_value());
        QVERIFY(near(*metrics.seconds, 1e-4));
        QVERIFY(near(bytesOf(metrics, "L1"), 2 * 8 * m * n * k + 2 * 8 * m * n));
        QVERIFY(near(bytesOf(metrics, "HBM"), 4 * 8 * m * n));
        QCOMPARE(metrics.bytes.front().level, std::string("L1")); // fastest first
        QCOMPARE(metrics.bytes.back().level, std::string("HBM"));
    }

    void tensorCoreOpsByPrecision() {
        const double size = 1024;
        const KernelMetrics metrics = evaluateKernelMetrics(fixture("hgemm-tensor.txt"));
        QVERIFY(near(flopsOf(metrics, "TC FP16"), 2 * size * size * size));
        QVERIFY(near(flopsOf(metrics, "FP32"), size * size)); // the alpha scaling
        QCOMPARE(flopsOf(metrics, "TC BF16"), -1.0);          // zero: absent
        QCOMPARE(metrics.dominantPrecision(), std::string("TC FP16"));
        QCOMPARE(metrics.tensorInstructions, 16384.0);
        // No cycles: the duration, 9750 ns as CUPTI gives it, in seconds.
        QVERIFY(near(*metrics.seconds, 9.75e-6));
        QVERIFY(near(bytesOf(metrics, "HBM"), 2 * 2 * size * size + 4 * size * size));
        // Counting one op as an FMA doubles the tensor FLOPs and nothing else.
        const KernelMetrics asFma = evaluateKernelMetrics(fixture("hgemm-tensor.txt"), {2.0});
        QVERIFY(near(flopsOf(asFma, "TC FP16"), 4 * size * size * size));
        QVERIFY(near(flopsOf(asFma, "FP32"), size * size));
    }

    void copyKernelMovesBytesOnly() {
        const double elements = 16.0 * 1024 * 1024;
        const KernelMetrics metrics = evaluateKernelMetrics(fixture("copy.txt"));
        QVERIFY(metrics.flops.empty());
        QCOMPARE(metrics.totalFlops(), 0.0);
        QCOMPARE(metrics.dominantPrecision(), std::string());
        QVERIFY(near(bytesOf(metrics, "HBM"), 2 * 4 * elements));
        QVERIFY(near(*metrics.seconds, 75000 / 1.5e9));
    }

    void everyPrecisionAddsMulsAndTwoPerFma() {
        const KernelMetrics metrics = evaluateKernelMetrics(fixture("mixed.txt"));
        QCOMPARE(flopsOf(metrics, "FP64"), 1 + 10 + 2 * 100.0);
        QCOMPARE(flopsOf(metrics, "FP32"), 1000 + 10000 + 2 * 100000.0);
        QCOMPARE(flopsOf(metrics, "FP16"), 3 + 30 + 2 * 80000.0);
        QCOMPARE(metrics.totalFlops(), 211.0 + 211000 + 160033);
        QCOMPARE(metrics.dominantPrecision(), std::string("FP32"));
        QVERIFY(metrics.bytes.empty()); // no byte counters measured: no levels, not zeros
        QVERIFY(near(*metrics.seconds, 1e-6));
    }

    void tensorInstructionsAloneGiveNoFlops() {
        const KernelMetrics metrics = evaluateKernelMetrics(fixture("tensor-instructions-only.txt"));
        QVERIFY(metrics.flops.empty());
        QCOMPARE(metrics.dominantPrecision(), std::string("TC"));
        QVERIFY(near(*metrics.seconds, 2e-6));
    }

    void noTimeWithoutCyclesOrDuration() {
        const KernelMetrics metrics =
            evaluateKernelMetrics([](std::string_view metric) -> std::optional<double> {
                if (metric == kCyclesMetric)
                    return 1000.0; // the rate is missing
                return std::nullopt;
            });
        QVERIFY(!metrics.seconds.has_value());
    }

    void metricListHasEveryFormulaInput() {
        const auto names = kernelMetricNames();
        // 3 time, 9 SASS FLOP counters, tensor instructions, 6 tensor op counters, 3 byte levels.
        QCOMPARE(names.size(), std::size_t{3 + 9 + 1 + 6 + 3});
        QCOMPARE(kernelMetricNames(false).size(), std::size_t{3 + 9 + 1 + 3});
        for (const char* required : {"sm__sass_thread_inst_executed_op_dfma_pred_on.sum", "dram__bytes.sum",
                                     "lts__t_bytes.sum", "l1tex__t_bytes.sum", "sm__cycles_elapsed.avg"})
            QVERIFY2(std::find(names.begin(), names.end(), required) != names.end(), required);
        // Only durations change unit.
        QCOMPARE(cuptiValueInBaseUnits("gpu__time_duration.sum", 1500), 1.5e-6);
        QCOMPARE(cuptiValueInBaseUnits("dram__bytes.sum", 1500), 1500.0);
    }
};

QTEST_GUILESS_MAIN(TestGpuMetrics)
#include "tst_gpu_metrics.moc"
