// GPU capture without a GPU: the profiler says why it cannot profile ("no CUDA device", or
// "CUPTI unavailable" when $SCIPERF_CUPTI_LIBRARY points at nothing: the second ctest entry), the
// capture still writes the workload's own records and describes itself for run.json, and CUPTI's
// Profiler Host, which needs no GPU, checks the kernel metric set against Hopper (GH100).
#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/roofline/gpu_metrics.h"
#include "sciperf/collectors/cupti_profiler.h"

#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace sciperf;

namespace {

bool cuptiHidden() {
    const char* library = std::getenv("SCIPERF_CUPTI_LIBRARY");
    return library != nullptr && std::string(library).find("nonexistent") != std::string::npos;
}

std::string readAll(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

roofline::KernelRecord cpuRecord(std::string name, std::int64_t start, std::int64_t end) {
    roofline::KernelRecord record;
    record.name = std::move(name);
    record.row = "CPU (2 threads)";
    record.startNs = start;
    record.endNs = end;
    record.flops = {{"FP64", 2000}};
    record.bytes = {{"L1", 24000}, {"DRAM", 24000}};
    record.provenance = roofline::Provenance::CountedByWorkload;
    return record;
}

// The "profile" object a capture writes, parsed.
JsonValue finishCapture(RunCapture& capture, const std::filesystem::path& directory,
                        std::vector<roofline::KernelRecord> records) {
    JsonWriter profile;
    profile.beginObject();
    const auto finished = capture.finish(directory, std::move(records), profile);
    if (!finished)
        qFatal("finish failed: %s", finished.error().message.c_str());
    profile.endObject();
    auto parsed = parseJson(profile.text());
    if (!parsed)
        qFatal("profile is not JSON: %s", profile.text().c_str());
    return std::move(parsed).value();
}

} // namespace

class TestCuptiProfiler : public QObject {
    Q_OBJECT
private slots:
    void modeNames() {
        QCOMPARE(profileModeNamed("timeline"), std::optional(ProfileMode::Timeline));
        QCOMPARE(profileModeNamed("metrics"), std::optional(ProfileMode::Metrics));
        QVERIFY(!profileModeNamed("everything").has_value());
        QCOMPARE(profileModeName(ProfileMode::Metrics), std::string_view("metrics"));
    }

    void saysWhyItCannotProfile() {
        const ProfilerAvailability availability = profilerAvailability();
        if (availability.available)
            QSKIP("a CUDA device is present: nothing to report");
        QVERIFY2(availability.reason.starts_with(cuptiHidden() ? "CUPTI unavailable: " : "no CUDA device") ||
                     availability.reason.starts_with("CUPTI unavailable: "),
                 availability.reason.c_str());
        if (cuptiHidden()) // dlopen's own message names the file it could not open
            QVERIFY2(availability.reason.find("nonexistent") != std::string::npos,
                     availability.reason.c_str());
        qInfo("%s", availability.reason.c_str());
        // Asking twice gives the same answer (the libraries are loaded once).
        QCOMPARE(profilerAvailability().reason, availability.reason);
    }

    void captureWithoutGpuKeepsTheWorkloadsRecords() {
        if (profilerAvailability().available)
            QSKIP("a CUDA device is present: covered by scripts/device-check");
        for (const ProfileMode mode : {ProfileMode::Timeline, ProfileMode::Metrics}) {
            QTemporaryDir directory;
            const auto capture = makeProfileCapture(mode);
            capture->begin();
            const JsonValue profile =
                finishCapture(*capture, directory.path().toStdString(),
                              {cpuRecord("triad", 100, 1100), cpuRecord("triad", 1200, 2300),
                               cpuRecord("dot", 2400, 2900)});
            QCOMPARE(profile["mode"].asString(), profileModeName(mode));
            QCOMPARE(profile["status"].asString(), std::string_view("captured"));
            QCOMPARE(profile["gpu"].asString(), std::string_view(profilerAvailability().reason));
            QCOMPARE(profile["records"].asInt64(), std::optional<std::int64_t>(3));
            QCOMPARE(profile["gpu_records"].asInt64(), std::optional<std::int64_t>(0));
            QCOMPARE(profile["workload_records"].asInt64(), std::optional<std::int64_t>(3));
            QCOMPARE(profile["file"].asString(), roofline::kKernelRecordsFile);

            const auto path =
                std::filesystem::path(directory.path().toStdString()) / roofline::kKernelRecordsFile;
            const auto file = roofline::readKernelRecordsJsonl(readAll(path), path.string());
            QVERIFY2(file.ok(), file.ok() ? "" : file.error().message.c_str());
            QCOMPARE(file->source, std::string("workload"));
            QCOMPARE(file->records.size(), std::size_t{3});
            QCOMPARE(file->records[1].startNs, std::int64_t{1200});
            QCOMPARE(file->records[2].name, std::string("dot"));
            QCOMPARE(file->records[0].provenance, roofline::Provenance::CountedByWorkload);
        }
    }

    void nothingCapturedWritesNoFile() {
        if (profilerAvailability().available)
            QSKIP("a CUDA device is present");
        QTemporaryDir directory;
        const auto capture = makeProfileCapture(ProfileMode::Timeline);
        capture->begin();
        const JsonValue profile = finishCapture(*capture, directory.path().toStdString(), {});
        QCOMPARE(profile["status"].asString(), std::string_view("not captured"));
        QVERIFY(profile.find("file") == nullptr);
        QVERIFY(!std::filesystem::exists(std::filesystem::path(directory.path().toStdString()) /
                                         roofline::kKernelRecordsFile));
    }

    // The Profiler Host needs CUPTI and libnvperf_host but no GPU (reference §2.1).
    void hopperKnowsTheKernelMetrics() {
        const auto support = kernelMetricSupport("GH100");
        if (!support) {
            QVERIFY2(support.error().message.starts_with("CUPTI unavailable"),
                     support.error().message.c_str());
            QSKIP("CUPTI is not loadable here");
        }
        QString unsupported;
        for (const auto& metric : support->unsupported)
            unsupported += QString::fromStdString(metric) + QLatin1Char(' ');
        qInfo("GH100: %zu passes; unsupported: %s", support->passes, qPrintable(unsupported));
        // The core set of reference §2.1 is valid on GH100 and needs 2 passes.
        for (const auto& metric : roofline::kernelMetricNames(false))
            QVERIFY2(std::find(support->unsupported.begin(), support->unsupported.end(), metric) ==
                         support->unsupported.end(),
                     metric.c_str());
        // With the six tensor math-op counters: 8 passes (seen with CUPTI 13.0.85); the core set
        // alone: 2, as reference §2.1 found; one SASS counter: 1.
        QVERIFY(support->passes >= 2);
        const auto core = kernelMetricSupport("GH100", roofline::kernelMetricNames(false));
        QVERIFY(core.ok());
        QVERIFY(core->unsupported.empty());
        QCOMPARE(core->passes, std::size_t{2});
        const auto one = kernelMetricSupport("GH100", {"sm__sass_thread_inst_executed_op_dfma_pred_on.sum"});
        QVERIFY(one.ok());
        QCOMPARE(one->passes, std::size_t{1});
        // A name the chip does not know is listed, not fatal.
        const auto bogus = kernelMetricSupport("GH100", {"dram__bytes.sum", "sm__no_such_counter.sum"});
        QVERIFY(bogus.ok());
        QCOMPARE(bogus->unsupported, std::vector<std::string>{"sm__no_such_counter.sum"});
    }
};

QTEST_GUILESS_MAIN(TestCuptiProfiler)
#include "tst_cupti_profiler.moc"
