// sciperf-run end to end, as the GUI and cluster scripts use it: exit codes, JSON-lines
// progress on stdout, run.json in the run directory, clear errors on bad arguments.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

class TestSciperfRun : public QObject {
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QList<QByteArray> stdoutLines;
        QString stderrText;
    };

    static Run run(const QStringList& arguments) {
        QProcess process;
        process.start(QStringLiteral(SCIPERF_RUN_PATH), arguments);
        Run result;
        if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit)
            return result;
        result.exitCode = process.exitCode();
        result.stdoutLines = process.readAllStandardOutput().split('\n');
        result.stdoutLines.removeAll(QByteArray());
        result.stderrText = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

private slots:
    void sysinfoReportsProgressAndWritesRunJson() {
        QTemporaryDir temporary;
        const QString directory = temporary.filePath(QStringLiteral("nested/run"));
        const Run result = run({QStringLiteral("sysinfo"), QStringLiteral("--out"), directory});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.stdoutLines.size() >= 3);
        double lastFraction = -1;
        for (const QByteArray& line : result.stdoutLines) {
            QJsonParseError error{};
            const QJsonObject message = QJsonDocument::fromJson(line, &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, line.constData());
            if (message[QStringLiteral("type")] == QStringLiteral("progress")) {
                const double fraction = message[QStringLiteral("fraction")].toDouble();
                QVERIFY(fraction >= lastFraction && fraction <= 1.0);
                lastFraction = fraction;
            }
        }
        const QJsonObject done = QJsonDocument::fromJson(result.stdoutLines.last()).object();
        QCOMPARE(done[QStringLiteral("type")].toString(), QStringLiteral("done"));
        QCOMPARE(done[QStringLiteral("status")].toString(), QStringLiteral("completed"));
        QCOMPARE(done[QStringLiteral("run_dir")].toString(), directory);

        QFile file(directory + QStringLiteral("/run.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject runJson = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(runJson[QStringLiteral("workload")].toString(), QStringLiteral("sysinfo"));
        const QJsonObject machine = runJson[QStringLiteral("machine")].toObject();
        QCOMPARE(machine[QStringLiteral("cpu")][QStringLiteral("logical_cpus")].toInt(),
                 static_cast<int>(sysconf(_SC_NPROCESSORS_CONF)));
        QVERIFY(!machine[QStringLiteral("cpu")][QStringLiteral("model")].toString().isEmpty());
        QVERIFY(!machine[QStringLiteral("os")].toString().isEmpty());
        const QJsonObject cuda = machine[QStringLiteral("cuda")].toObject();
        // Here there is no GPU: the description says so instead of failing.
        if (cuda[QStringLiteral("devices")].toArray().isEmpty())
            QVERIFY(cuda[QStringLiteral("status")].toString().startsWith(QStringLiteral("no CUDA device")));
    }

    void unknownWorkloadIsAUsageError() {
        const Run result =
            run({QStringLiteral("warp-drive"), QStringLiteral("--out"), QStringLiteral("/tmp/x")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.stderrText.contains(QStringLiteral("unknown workload 'warp-drive'")),
                 qPrintable(result.stderrText));
    }

    void missingOutIsAUsageError() {
        const Run result = run({QStringLiteral("sysinfo")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.stderrText.contains(QStringLiteral("usage:")));
    }

    void unusableRunDirectoryIsReportedOnBothChannels() {
        QTemporaryDir temporary;
        QFile blocker(temporary.filePath(QStringLiteral("occupied")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const Run result = run({QStringLiteral("sysinfo"), QStringLiteral("--out"), temporary.path()});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(!result.stdoutLines.isEmpty());
        const QJsonObject error = QJsonDocument::fromJson(result.stdoutLines.last()).object();
        QCOMPARE(error[QStringLiteral("type")].toString(), QStringLiteral("error"));
        QVERIFY(error[QStringLiteral("message")].toString().contains(temporary.path()));
        QVERIFY(result.stderrText.contains(QStringLiteral("not empty")));
    }

    void listNamesEveryWorkload() {
        const Run result = run({QStringLiteral("--list")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.stdoutLines.size() >= 1);
        QVERIFY(result.stdoutLines.first().startsWith("sysinfo\t"));
    }
};

QTEST_GUILESS_MAIN(TestSciperfRun)
#include "tst_sciperf_run.moc"
