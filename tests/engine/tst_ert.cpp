// The CPU ceiling benchmark, run small: structure and consistency of what it measures (rates
// are machine-dependent and belong in the benchmark script, not in a test).
#include "counting_progress.h"
#include "sciperf/engine/ert.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <string>

using namespace sciperf;

namespace {

ErtOptions small() {
    ErtOptions options;
    options.minWorkingSetBytes = 16 * 1024;
    options.maxWorkingSetBytes = 2 * 1024 * 1024;
    options.growth = 1.1; // ERT's step: enough points per level for plateaus
    options.threads = 2;
    options.repeats = 2;
    options.minSecondsPerMeasurement = 0.004;
    return options;
}

} // namespace

class TestErt : public QObject {
    Q_OBJECT
private slots:
    void measuresASweepAndBothPeaks() {
        CountingProgress progress;
        const ErtResult result = runCpuErt(small(), progress);
        QVERIFY(!result.cancelled);
        QCOMPARE(result.threads, 2u);
        // 16 KiB x 1.1^k up to 2 MiB: 51 working sets.
        QCOMPARE(result.sweep.size(), std::size_t{51});
        double previous = 0;
        for (const auto& point : result.sweep) {
            QVERIFY(point.workingSetBytes > previous);
            previous = point.workingSetBytes;
            QVERIFY(point.worstBytesPerSecond > 0);
            QVERIFY(point.bestBytesPerSecond >= point.worstBytesPerSecond);
        }
        // FLOPs per element 2, 4, .. 128 over 16 bytes each: 1/8 .. 8 FLOP per byte.
        QCOMPARE(result.intensitySweep.size(), std::size_t{7});
        QCOMPARE(result.intensitySweep.front().flopsPerByte, 0.125);
        QCOMPARE(result.intensitySweep.back().flopsPerByte, 8.0);
        for (const auto& point : result.intensitySweep)
            QVERIFY(point.bestFlopsPerSecond >= point.worstFlopsPerSecond && point.worstFlopsPerSecond > 0);
        QCOMPARE(result.peaks.size(), std::size_t{2});
        QCOMPARE(result.peaks[0].precision, std::string("FP64"));
        QCOMPARE(result.peaks[1].precision, std::string("FP32"));
        for (const auto& peak : result.peaks)
            QVERIFY(peak.bestFlopsPerSecond >= peak.worstFlopsPerSecond && peak.worstFlopsPerSecond > 0);
        // The ceilings are the plateaus of the measured (best) curve, named L1.., DRAM. Whether a
        // short sweep on a shared machine has plateaus at all is the machine's business; that the
        // detection finds known levels is tested on synthetic curves (tst_ceilings).
        std::vector<roofline::SweepPoint> curve;
        for (const auto& point : result.sweep)
            curve.push_back({point.workingSetBytes, point.bestBytesPerSecond});
        const auto expected = roofline::nameLevels(
            roofline::detectBandwidthPlateaus(curve, plateauOptionsFor(describeHost().cpu)), "DRAM");
        QCOMPARE(result.ceilings.bandwidth.size(), expected.size());
        for (std::size_t index = 0; index < expected.size(); ++index) {
            QCOMPARE(result.ceilings.bandwidth[index].level, expected[index].level);
            QCOMPARE(result.ceilings.bandwidth[index].bytesPerSecond, expected[index].bytesPerSecond);
        }
        QCOMPARE(result.ceilings.compute.size(), std::size_t{2});
        QCOMPARE(result.ceilings.compute[1].flopsPerSecond, result.peaks[1].bestFlopsPerSecond);
        // Progress rises to 1.
        QVERIFY(std::is_sorted(progress.fractions.begin(), progress.fractions.end()));
        QCOMPARE(progress.fractions.back(), 1.0);
    }

    void repeatsArePassesOverAllMeasurements() {
        // Twenty measurements of one rate on a clock of their own, and a neighbour who slows the
        // machine to 60 % for 150 ms early on (six measurements' time): measured in passes, every
        // measurement's best is still the rate; its repeats back to back, those measured meanwhile
        // had none but slow repeats.
        constexpr double kSecondsPerRepetition = 1e-3, kWork = 5e6, kBusyFrom = 0.1, kBusyFor = 0.15;
        double now = 0;
        const auto seconds = [&now](std::size_t repetitions) {
            const bool busy = now >= kBusyFrom && now < kBusyFrom + kBusyFor;
            const double taken =
                static_cast<double>(repetitions) * kSecondsPerRepetition / (busy ? 0.6 : 1.0);
            now += taken;
            return taken;
        };
        std::vector<ErtMeasurement> measurements;
        for (int index = 0; index < 20; ++index)
            measurements.push_back({"measurement " + std::to_string(index), kWork, seconds});
        ErtOptions options;
        options.repeats = 3;
        options.minSecondsPerMeasurement = 0.02;
        CountingProgress progress;
        const ErtRates measured = measureInPasses(measurements, options, progress);
        QVERIFY(!measured.cancelled);
        QCOMPARE(measured.rates.size(), measurements.size());
        const double rate = kWork / kSecondsPerRepetition;
        int slowed = 0;
        for (const ErtRate& range : measured.rates) {
            QVERIFY2(std::abs(range.best / rate - 1) < 1e-9,
                     qPrintable(QStringLiteral("best %1 of %2").arg(range.best).arg(rate)));
            slowed += range.worst < 0.7 * rate;
        }
        QVERIFY(slowed >= 4); // the neighbour was there
        QCOMPARE(progress.fractions.size(), 3 * measurements.size());
        QVERIFY(std::is_sorted(progress.fractions.begin(), progress.fractions.end()));
    }

    void stopsWhenCancelled() {
        CountingProgress progress;
        progress.cancelAfter = 3;
        const ErtResult result = runCpuErt(small(), progress);
        QVERIFY(result.cancelled);
        QCOMPARE(result.sweep.size(), std::size_t{3});
        QVERIFY(result.intensitySweep.empty());
        QVERIFY(result.peaks.empty());
    }
};

QTEST_GUILESS_MAIN(TestErt)
#include "tst_ert.moc"
