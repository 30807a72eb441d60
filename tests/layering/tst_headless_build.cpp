// The headless preset configures and builds with every desktop package made unfindable, as on a
// GPU node that has CUDA and a compiler but no Qt, VTK, QCustomPlot, HDF5 or SQLite.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

class TestHeadlessBuild : public QObject {
    Q_OBJECT

    static QString runTool(const QString& program, const QStringList& arguments, int* exitCode) {
        QProcess process;
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(program, arguments);
        process.waitForFinished(9 * 60 * 1000);
        *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        return QString::fromUtf8(process.readAll());
    }

private slots:
    void buildsTheRunnerWithoutAnyDesktopPackage() {
        QTemporaryDir build;
        const QString source = qEnvironmentVariable("SCIPERF_SOURCE_DIR");
        int exitCode = 0;
        QStringList configure{QStringLiteral("-S"),       source,
                              QStringLiteral("--preset"), QStringLiteral("headless"),
                              QStringLiteral("-B"),       build.path()};
        for (const char* package : {"Qt6", "Qt5", "VTK", "QCustomPlotQt6", "HDF5", "SQLite3", "ZLIB"})
            configure << QStringLiteral("-DCMAKE_DISABLE_FIND_PACKAGE_%1=ON").arg(QLatin1String(package));
        const QString configured = runTool(QStringLiteral("cmake"), configure, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(configured));

        // The runner and what it links (all the CUDA code); the GPU tests and checks built in this
        // preset are the device check's business, and would double this test's time on 2 cores.
        const QString built = runTool(QStringLiteral("cmake"),
                                      {QStringLiteral("--build"), build.path(), QStringLiteral("--target"),
                                       QStringLiteral("sciperf-run")},
                                      &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(built));
        const QString runner = build.filePath(QStringLiteral("bin/sciperf-run"));
        QVERIFY(QFile::exists(runner));
        QVERIFY(!QFile::exists(build.filePath(QStringLiteral("bin/sciperf")))); // no GUI in this preset

        // CUDA code is compiled wherever nvcc is (this machine has it at /usr/local/cuda).
        QFile cache(build.filePath(QStringLiteral("CMakeCache.txt")));
        QVERIFY(cache.open(QIODevice::ReadOnly));
        const QString cacheText = QString::fromUtf8(cache.readAll());
        if (QFile::exists(QStringLiteral("/usr/local/cuda/bin/nvcc")) ||
            !QStandardPaths::findExecutable(QStringLiteral("nvcc")).isEmpty()) {
            QVERIFY(QRegularExpression(QStringLiteral("CMAKE_CUDA_COMPILER:\\w+=.*nvcc"))
                        .match(cacheText)
                        .hasMatch());
            QVERIFY(QFile::exists(build.filePath(
                QStringLiteral("engine/CMakeFiles/sciperf_engine.dir/src/cuda_devices.cu.o"))));
        }

        // The runner works: it describes this machine.
        const QString runDirectory = build.filePath(QStringLiteral("run"));
        const QString ran =
            runTool(runner, {QStringLiteral("sysinfo"), QStringLiteral("--out"), runDirectory}, &exitCode);
        QVERIFY2(exitCode == 0, qPrintable(ran));
        QVERIFY(QFile::exists(runDirectory + QStringLiteral("/run.json")));
    }
};

QTEST_GUILESS_MAIN(TestHeadlessBuild)
#include "tst_headless_build.moc"
