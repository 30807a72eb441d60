// run.json read back for the roofline workspace: an `ert` run from this project's own runner, a
// run with GPU ceilings and kernel points, runs without roofline content, and broken members.
#include "sciperf/analysis/roofline/run_results.h"

#include <QFile>
#include <QTest>
#include <cmath>

using namespace sciperf::roofline;

namespace {

std::string fixture(const char* name) {
    QFile file(QStringLiteral(SCIPERF_TEST_DATA "/roofline/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

std::string errorOf(const sciperf::Result<RooflineRun>& run) {
    return run.ok() ? std::string("(no error)") : run.error().message;
}

} // namespace

class TestRunResults : public QObject {
    Q_OBJECT
private slots:
    void readsAnErtRun() {
        // Trimmed from a `sciperf-run ert` run on the development VM (2 threads, L1 and DRAM).
        const auto run = readRooflineRun(fixture("run-ert.json"), "run-ert.json");
        QVERIFY2(run.ok(), errorOf(run).c_str());
        QCOMPARE(run->workload, std::string("ert"));
        QCOMPARE(run->started, std::string("2026-11-27T01:24:57Z"));
        QCOMPARE(run->host, std::string("vm"));
        QCOMPARE(run->cpuCeilings.bandwidth.size(), std::size_t{2});
        QCOMPARE(run->cpuCeilings.bandwidth[0].level, std::string("L1"));
        QCOMPARE(run->cpuCeilings.bandwidth[0].bytesPerSecond, 328466692154.74634);
        QCOMPARE(run->cpuCeilings.bandwidth[1].level, std::string("DRAM"));
        QCOMPARE(run->cpuCeilings.bandwidth[1].bytesPerSecond, 87495296123.42813);
        // The ceiling is the best of the repeats, not the worst.
        QCOMPARE(run->cpuCeilings.compute.size(), std::size_t{2});
        QCOMPARE(run->cpuCeilings.compute[0].name, std::string("FP64"));
        QCOMPARE(run->cpuCeilings.compute[0].flopsPerSecond, 203461883975.64725);
        QCOMPARE(run->cpuCeilings.compute[1].name, std::string("FP32"));
        QVERIFY(run->gpuCeilings.bandwidth.empty());
        QVERIFY(run->gpuCeilings.compute.empty());
        QVERIFY(run->gpuName.empty());
        QVERIFY(run->kernels.empty());
    }

    void readsGpuCeilingsAndKernels() {
        const auto run = readRooflineRun(fixture("run-gpu-kernels.json"), "run-gpu-kernels.json");
        QVERIFY2(run.ok(), errorOf(run).c_str());
        QCOMPARE(run->host, std::string("gpu-node-7"));
        QCOMPARE(run->cpuCeilings.bandwidth.size(), std::size_t{3});
        QCOMPARE(run->gpuName, std::string("NVIDIA H100 80GB HBM3"));
        QCOMPARE(run->gpuCeilings.bandwidth.size(), std::size_t{3});
        QCOMPARE(run->gpuCeilings.bandwidth[2].level, std::string("HBM"));
        QCOMPARE(run->gpuCeilings.bandwidth[2].bytesPerSecond, 3.0e12);
        QCOMPARE(run->gpuCeilings.compute.size(), std::size_t{2});
        QCOMPARE(run->gpuCeilings.compute[1].name, std::string("TC FP16"));
        QCOMPARE(run->gpuCeilings.compute[1].flopsPerSecond, 7.5e14);
        QCOMPARE(run->kernels.size(), std::size_t{2});
        const KernelPoint& triad = run->kernels[0];
        QCOMPARE(triad.name, std::string("stream_triad"));
        QCOMPARE(triad.launches, std::int64_t{10});
        QCOMPARE(triad.seconds, 0.5);
        QCOMPARE(triad.bytesAt("DRAM").value(), 2.4e11);
        QCOMPARE(triad.provenance, Provenance::CountedByWorkload);
        // Against the CPU ceilings: AI_DRAM = 2e10 / 2.4e11 = 1/12, roof 9e10 / 12 = 7.5e9 FLOP/s;
        // AI_L1 = 2e10 / 3.2e11 = 1/16, roof 1.2e12 / 16 = 7.5e10. Achieved 2e10 / 0.5 = 4e10 FLOP/s,
        // so DRAM limits and the point is 4e10 / 7.5e9 = 5.33x above it (a flag for the GUI).
        const auto bound = boundOf(triad, run->cpuCeilings);
        QVERIFY(bound.ok());
        QCOMPARE(bound->limiter, std::string("DRAM"));
        QVERIFY(std::abs(bound->fractionOfAttainable - 4e10 / 7.5e9) < 1e-9);
    }

    void runsWithoutRooflineContentAreEmpty() {
        const auto sysinfo = readRooflineRun(
            R"({"schema": "sciperf.run/1", "workload": "sysinfo", "machine": {"hostname": "h"}, "results": {}})",
            "run.json");
        QVERIFY2(sysinfo.ok(), errorOf(sysinfo).c_str());
        QCOMPARE(sysinfo->workload, std::string("sysinfo"));
        QVERIFY(sysinfo->cpuCeilings.bandwidth.empty());
        const auto noGpu = readRooflineRun(
            R"({"schema": "sciperf.run/1", "results": {"gpu_status": "no CUDA device: no NVIDIA driver is installed"}})",
            "run.json");
        QVERIFY2(noGpu.ok(), errorOf(noGpu).c_str());
        QCOMPARE(noGpu->gpuStatus, std::string("no CUDA device: no NVIDIA driver is installed"));
        QVERIFY(noGpu->gpuCeilings.compute.empty());
        const auto failed = readRooflineRun(R"({"schema": "sciperf.run/1", "status": "failed"})", "run.json");
        QVERIFY2(failed.ok(), errorOf(failed).c_str());
        QVERIFY(failed->host.empty());
    }

    void errorsNameTheFileAndMember_data() {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << R"({"schema": )"
                                  << "run.json: not valid JSON";
        QTest::newRow("ert roofline file")
            << R"({"empirical": {}})"
            << R"(run.json: schema is "", not sciperf.run/N; not a SciPerf run.json)";
        QTest::newRow("results not object") << R"({"schema": "sciperf.run/1", "results": [1]})"
                                            << "run.json: results is not an object";
        QTest::newRow("ceilings not list")
            << R"({"schema": "sciperf.run/1", "results": {"bandwidth_ceilings": 5}})"
            << "run.json: results.bandwidth_ceilings is not a list";
        QTest::newRow("negative bandwidth")
            << R"({"schema": "sciperf.run/1", "results": {"bandwidth_ceilings": [{"level": "L1", "bytes_per_second": 1},
                  {"level": "L2", "bytes_per_second": -3}]}})"
            << "run.json: results.bandwidth_ceilings[1].bytes_per_second is missing or not a positive number";
        QTest::newRow("peak without precision")
            << R"({"schema": "sciperf.run/1", "results": {"peaks": [{"best_flops_per_second": 1e9}]}})"
            << "run.json: results.peaks[0].precision is missing or not a name";
        QTest::newRow("gpu peak as text")
            << R"({"schema": "sciperf.run/1", "results": {"gpu": {"peaks": [{"precision": "FP64",
                  "best_flops_per_second": "fast"}]}}})"
            << "run.json: results.gpu.peaks[0].best_flops_per_second is missing or not a positive number";
        QTest::newRow("kernel without time")
            << R"({"schema": "sciperf.run/1", "results": {"kernels": [{"name": "k", "precision": "FP64", "flops": 1}]}})"
            << "run.json: kernels[0].seconds is missing or not a finite non-negative number";
    }

    void errorsNameTheFileAndMember() {
        QFETCH(QString, json);
        QFETCH(QString, message);
        const auto run = readRooflineRun(json.toStdString(), "run.json");
        QVERIFY(!run.ok());
        QVERIFY2(QString::fromStdString(run.error().message).startsWith(message),
                 run.error().message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestRunResults)
#include "tst_run_results.moc"
