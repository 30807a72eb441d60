// The job runner against every way a child can end (tests/app/fake_runner.cpp plays the child).
#include "job_runner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace sciperf;
using namespace std::chrono_literals;

class TestJobRunner : public QObject {
    Q_OBJECT

    static JobRequest request(const QString& mode) {
        JobRequest job;
        job.title = QStringLiteral("fake ") + mode;
        job.program = QStringLiteral(FAKE_RUNNER_PATH);
        job.arguments = {mode, QStringLiteral("/tmp/run-dir-from-child")};
        job.stallTimeout = 1500ms;
        job.cancelGrace = 500ms;
        return job;
    }

    // Runs `job` to its end and returns the outcome; the event loop keeps running meanwhile.
    static JobOutcome runToEnd(JobRunner& runner, const JobRequest& job, int timeoutMs = 10000) {
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(job);
        if (!finished.wait(timeoutMs))
            return {};
        return finished.takeFirst().at(0).value<JobOutcome>();
    }

private slots:
    void initTestCase() { qRegisterMetaType<JobOutcome>(); }

    void completedChildReportsProgressAndRunDirectory() {
        JobRunner runner;
        QSignalSpy progress(&runner, &JobRunner::progressed);
        const JobOutcome outcome = runToEnd(runner, request(QStringLiteral("complete")));
        QCOMPARE(outcome.status, JobStatus::Completed);
        QCOMPARE(outcome.exitCode, 0);
        QCOMPARE(outcome.runDirectory, QStringLiteral("/tmp/run-dir-from-child"));
        QCOMPARE(progress.count(), 3);
        QCOMPARE(progress.at(2).at(1).toDouble(), 0.75);
        QCOMPARE(runner.runningCount(), 0);
    }

    void plainOutputIsLoggedNotLost() {
        JobRunner runner;
        QSignalSpy log(&runner, &JobRunner::logLine);
        QSignalSpy progress(&runner, &JobRunner::progressed);
        const JobOutcome outcome = runToEnd(runner, request(QStringLiteral("noise")));
        QCOMPARE(outcome.status, JobStatus::Completed);
        QCOMPARE(progress.count(), 3);
        QCOMPARE(log.count(), 3);
        QCOMPARE(log.at(1).at(1).toString(), QStringLiteral("plain line 2 {not json"));
        QCOMPARE(log.at(1).at(2).toBool(), false);
    }

    void failingChildGivesExitCodeAndItsError() {
        JobRunner runner;
        QSignalSpy log(&runner, &JobRunner::logLine);
        const JobOutcome outcome = runToEnd(runner, request(QStringLiteral("fail")));
        QCOMPARE(outcome.status, JobStatus::Failed);
        QCOMPARE(outcome.exitCode, 3);
        QVERIFY2(outcome.message.contains(QStringLiteral("exit code 3")), qPrintable(outcome.message));
        // Both the JSON error and the stderr line reach the log, flagged as errors.
        bool sawJsonError = false;
        bool sawStderr = false;
        for (const auto& entry : log) {
            sawJsonError |= entry.at(1).toString().contains(QStringLiteral("/nonexistent/input.csv")) &&
                            entry.at(2).toBool();
            sawStderr |=
                entry.at(1).toString() == QStringLiteral("fake_runner: giving up") && entry.at(2).toBool();
        }
        QVERIFY(sawJsonError);
        QVERIFY(sawStderr);
    }

    void crashingChildIsReportedWithItsLastError() {
        JobRunner runner;
        const JobOutcome outcome = runToEnd(runner, request(QStringLiteral("abort")));
        QCOMPARE(outcome.status, JobStatus::Crashed);
        QVERIFY2(outcome.message.contains(QStringLiteral("crashed (signal 6, Aborted)")),
                 qPrintable(outcome.message));
        QVERIFY2(outcome.message.contains(QStringLiteral("simulated driver fault")),
                 qPrintable(outcome.message));
    }

    void hangingChildIsKilledAfterTheStallTimeout() {
        JobRunner runner;
        // The event loop must keep serving other work while the child hangs.
        int ticks = 0;
        QTimer heartbeat;
        connect(&heartbeat, &QTimer::timeout, [&ticks] { ++ticks; });
        heartbeat.start(50);
        QElapsedTimer clock;
        clock.start();
        const JobOutcome outcome = runToEnd(runner, request(QStringLiteral("hang")));
        const auto elapsedMs = clock.elapsed();
        QCOMPARE(outcome.status, JobStatus::Hung);
        QVERIFY2(outcome.message.contains(QStringLiteral("hung")), qPrintable(outcome.message));
        QVERIFY2(elapsedMs >= 1400 && elapsedMs < 8000, qPrintable(QString::number(elapsedMs)));
        QVERIFY2(ticks >= 10,
                 qPrintable(QStringLiteral("event loop ran %1 ticks during the hang").arg(ticks)));
    }

    void cancelStopsAChildThatHonoursSigterm() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy progress(&runner, &JobRunner::progressed);
        const int id = runner.start(request(QStringLiteral("slow")));
        QVERIFY(progress.wait(5000));
        runner.cancel(id);
        QVERIFY(finished.wait(5000));
        const auto outcome = finished.takeFirst().at(0).value<JobOutcome>();
        QCOMPARE(outcome.status, JobStatus::Cancelled);
        QCOMPARE(outcome.exitCode, 130); // exited on SIGTERM by itself, within the grace period
    }

    void cancelKillsAChildThatIgnoresSigterm() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy progress(&runner, &JobRunner::progressed);
        const int id = runner.start(request(QStringLiteral("stubborn")));
        QVERIFY(progress.wait(5000));
        QElapsedTimer clock;
        clock.start();
        runner.cancel(id);
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.takeFirst().at(0).value<JobOutcome>().status, JobStatus::Cancelled);
        QVERIFY(clock.elapsed() >= 400); // waited for the grace period before killing
    }

    void missingProgramFailsToStartWithItsName() {
        JobRunner runner;
        JobRequest job = request(QStringLiteral("complete"));
        job.program = QStringLiteral("/nonexistent/sciperf-run");
        const JobOutcome outcome = runToEnd(runner, job);
        QCOMPARE(outcome.status, JobStatus::FailedToStart);
        QVERIFY2(outcome.message.contains(QStringLiteral("/nonexistent/sciperf-run")),
                 qPrintable(outcome.message));
        QCOMPARE(runner.runningCount(), 0);
    }

    void jobsRunConcurrentlyAndEndIndependently() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        runner.start(request(QStringLiteral("abort")));
        runner.start(request(QStringLiteral("complete")));
        QCOMPARE(runner.runningCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
        QSet<JobStatus> statuses;
        for (const auto& entry : finished)
            statuses.insert(entry.at(0).value<JobOutcome>().status);
        QCOMPARE(statuses, (QSet<JobStatus>{JobStatus::Crashed, JobStatus::Completed}));
    }

    void destroyingTheRunnerKillsItsChildren() {
        QString pid;
        {
            JobRunner runner;
            QSignalSpy progress(&runner, &JobRunner::progressed);
            runner.start(request(QStringLiteral("stubborn")));
            QVERIFY(progress.wait(5000));
            pid = progress.at(0).at(2).toString().section(QLatin1Char(' '), 1); // "pid 1234"
            QVERIFY(QFile::exists(QStringLiteral("/proc/%1").arg(pid)));
        }
        QVERIFY(!QFile::exists(QStringLiteral("/proc/%1").arg(pid)));
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_job_runner.moc"
