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
#include <algorithm>
#include <cmath>
#include <cstring>
#include <unistd.h>
#include <vector>

class TestSciperfRun : public QObject {
    Q_OBJECT

    struct Run {
        int exitCode = -1;
        QList<QByteArray> stdoutLines;
        QString stderrText;
    };

    static QJsonObject readJson(const QString& path) {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                              : QJsonObject();
    }

    static Run run(const QStringList& arguments, const QProcessEnvironment& environment = {},
                   const QString& program = QStringLiteral(SCIPERF_RUN_PATH)) {
        QProcess process;
        if (!environment.isEmpty())
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

    // sciperf-run with `arguments` on two ranks under mpirun; the other rank's scratch directory
    // goes under `scratch` (TMPDIR).
    static Run runOnTwoRanks(const QStringList& arguments, const QString& scratch) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        // Open MPI refuses root (CI's user) unless told twice.
        environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1"));
        environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1"));
        environment.insert(QStringLiteral("TMPDIR"), scratch);
        return run(QStringList{QStringLiteral("-np"), QStringLiteral("2"), QStringLiteral("--oversubscribe"),
                               QStringLiteral(SCIPERF_RUN_PATH)} +
                       arguments,
                   environment, QStandardPaths::findExecutable(QStringLiteral("mpirun")));
    }

    // A train run's model: float32 parameters (model-parameters.f32).
    static std::vector<float> modelParameters(const QString& directory) {
        QFile file(directory + QStringLiteral("/model-parameters.f32"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QByteArray bytes = file.readAll();
        std::vector<float> parameters(std::size_t(bytes.size()) / sizeof(float));
        std::memcpy(parameters.data(), bytes.constData(), parameters.size() * sizeof(float));
        return parameters;
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
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("mpirun")).isEmpty(),
                 "built with MPI, but there is no mpirun on PATH");
        QTemporaryDir temporary;
        const QString scratch = temporary.filePath(QStringLiteral("tmp"));
        QVERIFY(QDir().mkpath(scratch));
        const QString directory = temporary.filePath(QStringLiteral("run"));
        const Run result =
            runOnTwoRanks({QStringLiteral("sysinfo"), QStringLiteral("--out"), directory}, scratch);
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

    void trainingOnTwoRanksGivesTheModelOfOneRankWithTheSameGlobalBatch() {
        if (!SCIPERF_TEST_MPI)
            QSKIP("built without MPI");
        QTemporaryDir temporary;
        const QString scratch = temporary.filePath(QStringLiteral("tmp"));
        QVERIFY(QDir().mkpath(scratch));
        const auto training = [&](const QString& name, int batch) {
            return QStringList{QStringLiteral("train"), QStringLiteral("--train-events"),
                               QStringLiteral("2"),     QStringLiteral("--val-events"),
                               QStringLiteral("1"),     QStringLiteral("--vertices"),
                               QStringLiteral("20"),    QStringLiteral("--epochs"),
                               QStringLiteral("2"),     QStringLiteral("--batch"),
                               QString::number(batch),  QStringLiteral("--out"),
                               temporary.filePath(name)};
        };
        const Run one = run(training(QStringLiteral("one"), 2));
        QVERIFY2(one.exitCode == 0, qPrintable(one.stderrText));
        const Run two = runOnTwoRanks(training(QStringLiteral("two"), 2), scratch);
        QVERIFY2(two.exitCode == 0, qPrintable(two.stderrText));
        const Run smallBatch = run(training(QStringLiteral("batch1"), 1));
        QVERIFY2(smallBatch.exitCode == 0, qPrintable(smallBatch.stderrText));

        const std::vector<float> a = modelParameters(temporary.filePath(QStringLiteral("one")));
        const std::vector<float> b = modelParameters(temporary.filePath(QStringLiteral("two")));
        const std::vector<float> c = modelParameters(temporary.filePath(QStringLiteral("batch1")));
        QVERIFY(!a.empty());
        QCOMPARE(b.size(), a.size());
        double worst = 0, apart = 0;
        for (std::size_t i = 0; i < a.size(); ++i) {
            worst = std::max(worst, double(std::abs(a[i] - b[i])) / std::max(1.0, double(std::abs(a[i]))));
            apart = std::max(apart, double(std::abs(a[i] - c[i])));
        }
        QVERIFY2(worst < 1e-5, qPrintable(QStringLiteral("largest relative difference %1").arg(worst)));
        // Another global batch trains another model: the comparison above can tell models apart.
        QVERIFY(apart > 1e-3);

        QFile log(temporary.filePath(QStringLiteral("two/mllog.txt")));
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains(R"("key": "number_of_nodes", "value": 2,)"));
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

    // Without a GPU the profiled run completes, run.json says why nothing was captured on the GPU,
    // and the CPU workload's own launches are the kernel records: one per launch, whose counts add
    // up to the points in run.json's results.
    void profiledCpuKernelsWriteTheirOwnRecords() {
        QTemporaryDir temporary;
        const QString directory = temporary.filePath(QStringLiteral("run"));
        const Run result = run({QStringLiteral("cpu-kernels"), QStringLiteral("--profile"),
                                QStringLiteral("timeline"), QStringLiteral("--out"), directory});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject runJson = readJson(directory + QStringLiteral("/run.json"));
        const QJsonObject profile = runJson[QStringLiteral("profile")].toObject();
        QCOMPARE(profile[QStringLiteral("mode")].toString(), QStringLiteral("timeline"));
        QCOMPARE(profile[QStringLiteral("status")].toString(), QStringLiteral("captured"));
        const QString gpu = profile[QStringLiteral("gpu")].toString();
        if (gpu != QStringLiteral("captured")) {
            QVERIFY2(gpu.startsWith(QStringLiteral("no CUDA device")) ||
                         gpu.startsWith(QStringLiteral("CUPTI unavailable")),
                     qPrintable(gpu));
            QVERIFY2(result.stderrText.contains(gpu), qPrintable(result.stderrText));
        }
        QCOMPARE(profile[QStringLiteral("file")].toString(), QStringLiteral("kernels.jsonl"));

        QFile records(directory + QStringLiteral("/kernels.jsonl"));
        QVERIFY(records.open(QIODevice::ReadOnly));
        QList<QByteArray> lines = records.readAll().split('\n');
        lines.removeAll(QByteArray());
        QCOMPARE(QJsonDocument::fromJson(lines.takeFirst()).object()[QStringLiteral("schema")].toString(),
                 QStringLiteral("sciperf.kernel-records/1"));
        QCOMPARE(lines.size(), profile[QStringLiteral("workload_records")].toInt());
        QMap<QString, double> flopsByName;
        QMap<QString, int> launchesByName;
        qint64 previousEnd = 0;
        for (const QByteArray& line : lines) {
            const QJsonObject record = QJsonDocument::fromJson(line).object();
            QVERIFY(record[QStringLiteral("row")].toString().startsWith(QStringLiteral("CPU (")));
            const qint64 start = record[QStringLiteral("start_ns")].toInteger();
            const qint64 end = record[QStringLiteral("end_ns")].toInteger();
            QVERIFY(end > start);
            QVERIFY(start >= previousEnd); // launches run one after another
            previousEnd = end;
            const QString name = record[QStringLiteral("name")].toString();
            for (const QJsonValue flops : record[QStringLiteral("flops")].toObject())
                flopsByName[name] += flops.toDouble();
            ++launchesByName[name];
        }
        const QJsonArray points = runJson[QStringLiteral("results")][QStringLiteral("kernels")].toArray();
        QCOMPARE(points.size(), flopsByName.size());
        for (const QJsonValue point : points) {
            const QString name = point[QStringLiteral("name")].toString();
            QCOMPARE(launchesByName.value(name), point[QStringLiteral("launches")].toInt());
            QCOMPARE(flopsByName.value(name), point[QStringLiteral("flops")].toDouble());
        }
    }

    void profileWithoutCuptiSaysSoAndNothingToRecord() {
        QTemporaryDir temporary;
        const QString directory = temporary.filePath(QStringLiteral("run"));
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("SCIPERF_CUPTI_LIBRARY"),
                           QStringLiteral("/nonexistent/libcupti.so.13"));
        const Run result = run({QStringLiteral("sysinfo"), QStringLiteral("--profile"),
                                QStringLiteral("metrics"), QStringLiteral("--out"), directory},
                               environment);
        QCOMPARE(result.exitCode, 0);
        const QJsonObject profile =
            readJson(directory + QStringLiteral("/run.json"))[QStringLiteral("profile")].toObject();
        QCOMPARE(profile[QStringLiteral("mode")].toString(), QStringLiteral("metrics"));
        QCOMPARE(profile[QStringLiteral("status")].toString(), QStringLiteral("not captured"));
        QVERIFY2(profile[QStringLiteral("gpu")].toString().startsWith(QStringLiteral("CUPTI unavailable: ")),
                 qPrintable(profile[QStringLiteral("gpu")].toString()));
        QVERIFY(!QFile::exists(directory + QStringLiteral("/kernels.jsonl")));
    }

    void unknownProfileModeIsAUsageError() {
        const Run result =
            run({QStringLiteral("sysinfo"), QStringLiteral("--profile"), QStringLiteral("everything"),
                 QStringLiteral("--out"), QStringLiteral("/tmp/never-created")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.stderrText.contains(QStringLiteral("--profile timeline|metrics")));
    }

    void unprofiledRunsHaveNoProfile() {
        QTemporaryDir temporary;
        const QString directory = temporary.filePath(QStringLiteral("run"));
        QCOMPARE(run({QStringLiteral("sysinfo"), QStringLiteral("--out"), directory}).exitCode, 0);
        QVERIFY(!readJson(directory + QStringLiteral("/run.json")).contains(QStringLiteral("profile")));
    }
};

QTEST_GUILESS_MAIN(TestSciperfRun)
#include "tst_sciperf_run.moc"
