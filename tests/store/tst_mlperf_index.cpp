// The session's MLPerf results index: a reload re-reads only changed logs and gives the same
// scores; summaries survive the round trip through the session file.
#include "sciperf/store/mlperf_index.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <filesystem>

using namespace sciperf;
namespace fs = std::filesystem;

namespace {

// One real submission (v1.0 NVIDIA, 10 cosmoflow runs) and its system description.
const char* kSubmission = "v1.0/NVIDIA/results/dgxa100_n16_ngc21.09_mxnet/strong/cosmoflow";
const char* kSystem = "v1.0/NVIDIA/systems/dgxa100_n16_ngc21.09_mxnet.json";

// The development data where present, else the same submission from the embedded sample.
QString mlperfData() {
    const QString shared = qEnvironmentVariable("SCIPERF_DATA_DIR") + QStringLiteral("/mlperf-hpc");
    if (QDir(shared).exists())
        return shared;
    return qEnvironmentVariable("SCIPERF_SOURCE_DIR") + QStringLiteral("/resources/mlperf-sample");
}

bool copyInto(const QString& relative, const QString& root) {
    const fs::path source = fs::path(mlperfData().toStdString()) / relative.toStdString();
    const fs::path target = fs::path(root.toStdString()) / relative.toStdString();
    std::error_code ec;
    fs::create_directories(fs::is_directory(source) ? target : target.parent_path(), ec);
    fs::copy(source, target, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    return !ec;
}

bool same(double a, double b) {
    return (std::isnan(a) && std::isnan(b)) || a == b;
}

} // namespace

class TestMlperfIndex : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!QFile::exists(mlperfData() + QLatin1Char('/') + QLatin1String(kSubmission)))
            QSKIP("MLPerf HPC development data not found (set SCIPERF_DATA_DIR)");
    }

    void summariesRoundTripThroughJson() {
        QDirIterator files(mlperfData(), {QStringLiteral("result_*.txt")}, QDir::Files,
                           QDirIterator::Subdirectories);
        int checked = 0;
        while (files.hasNext() && checked < 40) {
            const auto parsed =
                mlperf::parseLogFile(files.next().toStdString(), mlperf::Benchmark::CosmoFlow);
            const mlperf::RunSummary& original = parsed.summary;
            const auto restored = summaryFromJson(summaryToJson(original));
            QVERIFY2(restored.ok(), restored.ok() ? "" : restored.error().message.c_str());
            const mlperf::RunSummary& copy = restored.value();
            QCOMPARE(copy.file, original.file);
            QVERIFY(same(copy.timeToTrainMinutes, original.timeToTrainMinutes));
            QVERIFY(same(copy.run.startMs, original.run.startMs) &&
                    same(copy.run.stopMs, original.run.stopMs));
            QVERIFY(same(copy.staging.seconds(), original.staging.seconds()));
            QCOMPARE(copy.converged, original.converged);
            QCOMPARE(copy.runStopStatus, original.runStopStatus);
            QCOMPARE(copy.evals.size(), original.evals.size());
            for (std::size_t index = 0; index < copy.evals.size(); ++index) {
                QVERIFY(same(copy.evals[index].value, original.evals[index].value));
                QVERIFY(same(copy.evals[index].epoch, original.evals[index].epoch));
                QCOMPARE(copy.evals[index].line, original.evals[index].line);
            }
            QCOMPARE(copy.seed, original.seed);
            QCOMPARE(copy.nodes, original.nodes);
            QCOMPARE(copy.globalBatchSize, original.globalBatchSize);
            QCOMPARE(copy.mllogLines, original.mllogLines);
            QCOMPARE(copy.keys.size(), original.keys.size());
            QCOMPARE(copy.diagnostics.size(), original.diagnostics.size());
            ++checked;
        }
        QVERIFY(checked >= 10);
    }

    void reloadReadsOnlyChangedFiles() {
        QTemporaryDir folder;
        const QString root = folder.filePath(QStringLiteral("results"));
        QVERIFY(copyInto(QLatin1String(kSubmission), root));
        QVERIFY(copyInto(QLatin1String(kSystem), root));
        auto store = SessionStore::open(folder.filePath(QStringLiteral("s.sciperf")).toStdString());
        QVERIFY(store.ok());

        auto load = [&](std::size_t expectParsed) {
            MlperfIndex index(store.value());
            mlperf::LoadOptions options;
            options.cache = &index;
            const auto tree = mlperf::loadResultsTree(root.toStdString(), options);
            if (auto flushed = index.flush(); !flushed)
                qWarning("%s", flushed.error().message.c_str());
            [&] {
                QCOMPARE(tree.filesParsed, expectParsed);
            }();
            return tree;
        };
        const auto first = load(10);
        QCOMPARE(first.submissions.size(), std::size_t{1});
        QCOMPARE(store->indexedFileCount().value(), 10);
        // 25.781025 min: v1.0/NVIDIA/result_summarizer.csv (the official summarizer's output).
        QVERIFY(std::abs(first.submissions[0].score.scoreMinutes - 25.781025) < 1e-6);

        const auto second = load(0);
        QCOMPARE(second.submissions[0].score.scoreMinutes, first.submissions[0].score.scoreMinutes);
        QCOMPARE(second.submissions[0].score.converged, 10);

        // A log gains a line: only it is read again.
        QFile changed(root + QLatin1Char('/') + QLatin1String(kSubmission) + QStringLiteral("/result_3.txt"));
        QVERIFY(changed.open(QIODevice::Append));
        changed.write("framework noise appended later\n");
        changed.close();
        const auto third = load(1);
        QCOMPARE(third.submissions[0].score.scoreMinutes, first.submissions[0].score.scoreMinutes);
    }
};

QTEST_GUILESS_MAIN(TestMlperfIndex)
#include "tst_mlperf_index.moc"
