// Live mode: a log written while it is followed, line by line and in pieces, then rewritten.
#include "sciperf/collectors/log_follower.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sciperf;

namespace {

QByteArray mllog(double timeMs, const char* type, const char* key, const char* value,
                 const char* metadata = "{}") {
    return QByteArray(":::MLLOG {\"namespace\": \"\", \"time_ms\": ") + QByteArray::number(timeMs, 'f', 0) +
           ", \"event_type\": \"" + type + "\", \"key\": \"" + key + "\", \"value\": " + value +
           ", \"metadata\": " + metadata + "}\n";
}

QByteArray evalLine(double timeMs, int epoch, double error) {
    const QByteArray metadata = "{\"epoch_num\": " + QByteArray::number(epoch) + "}";
    return mllog(timeMs, "POINT_IN_TIME", "eval_error", QByteArray::number(error).constData(),
                 metadata.constData());
}

void append(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    QCOMPARE(file.write(bytes), bytes.size());
}

} // namespace

class TestLogFollower : public QObject {
    Q_OBJECT
private slots:
    void followsAGrowingRunLineByLine() {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("result_0.txt"));
        append(path, mllog(1000, "INTERVAL_START", "run_start", "null"));
        LogFollower follower(path.toStdString(), mlperf::Benchmark::CosmoFlow);
        QVERIFY(follower.poll().ok());
        QVERIFY(follower.summary().evals.empty());
        QCOMPARE(follower.summary().run.startMs, 1000.0);

        append(path, evalLine(61000, 1, 0.30) + evalLine(121000, 2, 0.20));
        QVERIFY(follower.poll().ok());
        QCOMPARE(follower.summary().evals.size(), std::size_t{2});
        QCOMPARE(follower.summary().evals.back().value, 0.20);

        // Half a line is not an event yet; the rest of it completes it.
        const QByteArray third = evalLine(181000, 3, 0.12);
        append(path, third.left(30));
        QVERIFY(follower.poll().ok());
        QCOMPARE(follower.summary().evals.size(), std::size_t{2});
        append(path, third.mid(30));
        QVERIFY(follower.poll().ok());
        QCOMPARE(follower.summary().evals.size(), std::size_t{3});

        append(path, mllog(200000, "INTERVAL_END", "run_stop", "null", "{\"status\": \"success\"}"));
        QVERIFY(follower.poll().ok());
        QVERIFY(follower.summary().hasRunStop);
        QVERIFY(follower.summary().converged); // 0.12 <= 0.124
        QCOMPARE(follower.summary().timeToTrainMinutes, (200000.0 - 1000.0) / 60000.0);
        QCOMPARE(follower.restarts(), 0);
    }

    void readsInBoundedSteps() {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("result_0.txt"));
        QByteArray log = mllog(0, "INTERVAL_START", "run_start", "null");
        for (int epoch = 1; epoch <= 200; ++epoch)
            log += evalLine(epoch * 1000.0, epoch, 1.0 / epoch);
        append(path, log);
        LogFollower follower(path.toStdString(), mlperf::Benchmark::CosmoFlow);
        int polls = 0;
        for (;;) {
            const auto read = follower.poll(1000);
            QVERIFY(read.ok());
            QVERIFY(read.value() <= 1000);
            ++polls;
            if (read.value() == 0)
                break;
        }
        QVERIFY(polls > log.size() / 1000);
        QCOMPARE(follower.offset(), static_cast<std::uint64_t>(log.size()));
        QCOMPARE(follower.summary().evals.size(), std::size_t{200});
    }

    void aShrunkOrReplacedFileStartsOver() {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("result_0.txt"));
        append(path, mllog(0, "INTERVAL_START", "run_start", "null") + evalLine(1000, 1, 0.5) +
                         evalLine(2000, 2, 0.4));
        LogFollower follower(path.toStdString(), mlperf::Benchmark::CosmoFlow);
        QVERIFY(follower.poll().ok());
        QCOMPARE(follower.summary().evals.size(), std::size_t{2});

        // A rerun truncates the log and starts writing again.
        QFile truncated(path);
        QVERIFY(truncated.open(QIODevice::WriteOnly | QIODevice::Truncate));
        truncated.write(mllog(5000, "INTERVAL_START", "run_start", "null"));
        truncated.close();
        QVERIFY(follower.poll().ok());
        QCOMPARE(follower.restarts(), 1);
        QVERIFY(follower.summary().evals.empty());
        QCOMPARE(follower.summary().run.startMs, 5000.0);

        // A rotated log: a new file under the same name, longer than what was read.
        const QString next = folder.filePath(QStringLiteral("next.txt"));
        append(next, mllog(9000, "INTERVAL_START", "run_start", "null") + evalLine(10000, 1, 0.3) +
                         evalLine(11000, 2, 0.2) + evalLine(12000, 3, 0.1));
        QVERIFY(QFile::remove(path));
        QVERIFY(QFile::rename(next, path));
        QVERIFY(follower.poll().ok());
        QCOMPARE(follower.restarts(), 2);
        QCOMPARE(follower.summary().run.startMs, 9000.0);
        QCOMPARE(follower.summary().evals.size(), std::size_t{3});
    }

    void aVanishedFileIsAnErrorNamingIt() {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("gone.txt"));
        LogFollower follower(path.toStdString(), mlperf::Benchmark::DeepCam);
        const auto read = follower.poll();
        QVERIFY(!read.ok());
        QVERIFY(read.error().message.find(path.toStdString()) != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestLogFollower)
#include "tst_log_follower.moc"
