// sciperf-run end to end, as the GUI and cluster scripts use it: exit codes, JSON-lines
// progress on stdout, run.json in the run directory, clear errors on bad arguments.
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
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

    static Run run(const QStringList& arguments, const QString& program = QStringLiteral(SCIPERF_RUN_PATH),
                   const QProcessEnvironment& environment = QProcessEnvironment::systemEnvironment()) {
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(program, arguments);
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

    void underMpirunRankZeroWritesTheRunAndTheOtherRanksLeaveNothing() {
        if (!SCIPERF_TEST_MPI)
            QSKIP("built without MPI");
        const QString mpirun = QStandardPaths::findExecutable(QStringLiteral("mpirun"));
        QVERIFY2(!mpirun.isEmpty(), "built with MPI, but there is no mpirun on PATH");
        QTemporaryDir temporary;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // Open MPI refuses root (CI's user) unless told twice; the scratch directories of the
        // other ranks go to TMPDIR, checked below.
        environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1"));
        environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1"));
        const QString scratch = temporary.filePath(QStringLiteral("tmp"));
        QVERIFY(QDir().mkpath(scratch));
        environment.insert(QStringLiteral("TMPDIR"), scratch);
        const QString directory = temporary.filePath(QStringLiteral("run"));
        const Run result = run({QStringLiteral("-np"), QStringLiteral("2"), QStringLiteral("--oversubscribe"),
                                QStringLiteral(SCIPERF_RUN_PATH), QStringLiteral("sysinfo"),
                                QStringLiteral("--out"), directory},
                               mpirun, environment);
        QVERIFY2(result.exitCode == 0, qPrintable(result.stderrText));
        // One progress stream (rank 0's), ending in one "done".
        QCOMPARE(result.stdoutLines.count(QByteArray(R"({"type":"done","status":"completed","run_dir":")") +
                                          directory.toUtf8() + "\"}"),
                 1);
        QFile file(directory + QStringLiteral("/run.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject processes =
            QJsonDocument::fromJson(file.readAll()).object()[QStringLiteral("processes")].toObject();
        QCOMPARE(processes[QStringLiteral("ranks")].toInt(), 2);
        QVERIFY2(processes[QStringLiteral("communicator")].toString().startsWith(QStringLiteral("MPI (")),
                 qPrintable(processes[QStringLiteral("communicator")].toString()));
        QCOMPARE(QDir(scratch).entryList(QDir::NoDotAndDotDot | QDir::AllEntries), QStringList());
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
