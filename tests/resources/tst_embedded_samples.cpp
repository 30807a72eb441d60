// The MLPerf HPC sample the application carries: extracted, it is a results tree that scores
// like the official summarizer, with no external data.
#include "sciperf/analysis/mlperf/results.h"
#include "sciperf/resources/embedded_samples.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace sciperf;

class TestEmbeddedSamples : public QObject {
    Q_OBJECT
private slots:
    void extractedSampleScoresLikeTheOfficialSummarizer() {
        QTemporaryDir folder;
        QString error;
        const QString root = extractMlperfSample(folder.filePath(QStringLiteral("sample")), &error);
        QVERIFY2(!root.isEmpty(), qPrintable(error));
        const auto tree = mlperf::loadResultsTree(root.toStdString());
        QCOMPARE(tree.submissions.size(), std::size_t{5});
        QCOMPARE(tree.files, std::size_t{40});
        // v1.0/NVIDIA/result_summarizer.csv, the official summarizer's output.
        const std::map<std::string, double> official{{"dgxa100_n16_ngc21.09_mxnet", 25.781025},
                                                     {"dgxa100_n128_ngc21.09_mxnet", 7.1150625000000005},
                                                     {"dgxa100_n64_ngc21.09_pytorch", 2.645388888888889},
                                                     {"dgxa100_n256_ngc21.09_pytorch", 1.6677277777777777}};
        int matched = 0;
        for (const auto& submission : tree.submissions) {
            QVERIFY(submission.score.valid);
            const auto found = official.find(submission.system);
            if (found == official.end())
                continue;
            QVERIFY(std::abs(submission.score.scoreMinutes - found->second) <= 1e-9 * found->second);
            ++matched;
        }
        QCOMPARE(matched, 4);
    }

    void extractingAgainKeepsUnchangedFiles() {
        QTemporaryDir folder;
        QString error;
        const QString root = extractMlperfSample(folder.path(), &error);
        QVERIFY(!root.isEmpty());
        const QString log =
            root +
            QStringLiteral("/v1.0/NVIDIA/results/dgxa100_n16_ngc21.09_mxnet/strong/cosmoflow/result_1.txt");
        const QDateTime written = QFileInfo(log).lastModified();
        QVERIFY(written.isValid());
        QTest::qWait(20);
        QVERIFY(!extractMlperfSample(folder.path(), &error).isEmpty());
        QCOMPARE(QFileInfo(log).lastModified(), written);
    }

    void anUnwritableFolderIsAClearError() {
        QTemporaryDir folder;
        QFile blocker(folder.filePath(QStringLiteral("file")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        QString error;
        QVERIFY(extractMlperfSample(folder.filePath(QStringLiteral("file/sample")), &error).isEmpty());
        QVERIFY2(error.contains(QStringLiteral("cannot write")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEmbeddedSamples)
#include "tst_embedded_samples.moc"
