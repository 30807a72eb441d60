// The embedded CPU kernels: their declared FLOPs and bytes against counts worked out by hand for
// the problem sizes, that they compute what they claim (checked by the workload itself), and
// cancellation. Rates are the machine's business, not a test's.
#include "counting_progress.h"
#include "sciperf/engine/cpu_kernels.h"

#include <QTest>
#include <cmath>

using namespace sciperf;

namespace {

const roofline::KernelPoint* named(const CpuKernelsResult& result, const std::string& name) {
    for (const auto& kernel : result.kernels)
        if (kernel.name == name)
            return &kernel;
    return nullptr;
}

} // namespace

class TestCpuKernels : public QObject {
    Q_OBJECT
private slots:
    void countsMatchTheKernelsByHand() {
        CountingProgress progress;
        CpuKernelsOptions options;
        options.threads = 2;
        options.launches = 3;
        options.sizeScale = 1.0 / 64; // triad (DRAM): 8 Mi / 64 = 131072 elements
        const CpuKernelsResult result = runCpuKernels(options, progress);
        QVERIFY(!result.cancelled);
        QCOMPARE(QString::fromStdString(result.verificationError), QString());
        QCOMPARE(result.kernels.size(), std::size_t{6});

        const auto* triad = named(result, "triad (DRAM)");
        QVERIFY(triad != nullptr);
        QCOMPARE(triad->launches, std::int64_t{3});
        QCOMPARE(triad->flops, 3 * 2.0 * 131072);           // a = b + s c: one multiply, one add
        QCOMPARE(*triad->bytesAt("L1"), 3 * 24.0 * 131072); // read b, c; write a
        QCOMPARE(*triad->bytesAt("DRAM"), 3 * 24.0 * 131072);
        QVERIFY(triad->seconds > 0);
        QCOMPARE(triad->provenance, roofline::Provenance::CountedByWorkload);

        // 100 sweeps per launch over 16384 x 2 threads x min(1, 4/64) = 2048 elements, from DRAM once.
        const auto* resident = named(result, "triad (L2-resident)");
        QVERIFY(resident != nullptr);
        QCOMPARE(resident->flops, 3 * 100 * 2.0 * 2048);
        QCOMPARE(*resident->bytesAt("L1"), 3 * 100 * 24.0 * 2048);
        QCOMPARE(*resident->bytesAt("DRAM"), 3 * 24.0 * 2048);

        // 192 x (1/64)^(1/3) = 48 points per edge, 46^3 interior points at 8 FLOP, 7 loads and a store.
        const auto* stencil = named(result, "stencil 7-point 3D (DRAM)");
        QVERIFY(stencil != nullptr);
        QCOMPARE(stencil->flops, 3 * 8.0 * 46 * 46 * 46);
        QCOMPARE(*stencil->bytesAt("L1"), 3 * 64.0 * 46 * 46 * 46);
        QCOMPARE(*stencil->bytesAt("DRAM"), 3 * 16.0 * 46 * 46 * 46);

        // n = 384 / 4 = 96: 2 n^3 FLOP; A, B read and C read and written once from DRAM.
        const auto* dgemm = named(result, "dgemm i-k-j (blocked rows)");
        QVERIFY(dgemm != nullptr);
        QCOMPARE(dgemm->flops, 3 * 2.0 * 96 * 96 * 96);
        QCOMPARE(*dgemm->bytesAt("DRAM"), 3 * 32.0 * 96 * 96);

        const auto* saxpy = named(result, "saxpy (DRAM)");
        QVERIFY(saxpy != nullptr);
        QCOMPARE(saxpy->precision, std::string("FP32"));
        QCOMPARE(saxpy->flops, 3 * 2.0 * 262144); // 16 Mi / 64 floats
        QCOMPARE(*saxpy->bytesAt("DRAM"), 3 * 12.0 * 262144);

        QCOMPARE(progress.fractions.back(), 1.0);

        // One record per timed launch (6 kernels x 3), in order, on the row of the 2 threads; each
        // carries one launch's counts, and a kernel's launches add up to its point.
        QCOMPARE(result.launches.size(), std::size_t{18});
        double triadSeconds = 0;
        std::int64_t previousEnd = 0;
        for (const auto& launch : result.launches) {
            QCOMPARE(launch.row, std::string("CPU (2 threads)"));
            QVERIFY(launch.endNs > launch.startNs);
            QVERIFY(launch.startNs >= previousEnd);
            previousEnd = launch.endNs;
            QCOMPARE(launch.provenance, roofline::Provenance::CountedByWorkload);
            if (launch.name == "triad (DRAM)") {
                QCOMPARE(launch.totalFlops(), 2.0 * 131072);
                QCOMPARE(launch.bytes.size(), std::size_t{2});
                triadSeconds += launch.seconds();
            }
        }
        // Nanosecond rounding of 3 launches.
        QVERIFY(std::abs(triadSeconds - triad->seconds) <= 3e-9);
        const auto summary = roofline::summarizeKernels(result.launches);
        QCOMPARE(summary.size(), std::size_t{6});
        QCOMPARE(summary.front().launches, std::int64_t{3});
    }

    void stopsWhenCancelled() {
        CountingProgress progress;
        progress.cancelAfter = 4;
        CpuKernelsOptions options;
        options.threads = 2;
        options.sizeScale = 1.0 / 256;
        const CpuKernelsResult result = runCpuKernels(options, progress);
        QVERIFY(result.cancelled);
        QVERIFY(result.kernels.empty());
    }
};

QTEST_GUILESS_MAIN(TestCpuKernels)
#include "tst_cpu_kernels.moc"
