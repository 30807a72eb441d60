#include "job_runner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTimer>
#include <cstring>

namespace sciperf {

struct JobRunner::Job {
    int id = 0;
    JobRequest request;
    QProcess process;
    QTimer stallTimer;
    QTimer killTimer;
    bool cancelled = false;
    bool hung = false;
    QByteArray stdoutBuffer;
    QByteArray stderrBuffer;
    QString lastError; // the child's last error line (JSON error or stderr)
    QString runDirectory;
    QString doneStatus;
};

QString jobStatusName(JobStatus status) {
    switch (status) {
    case JobStatus::Completed:
        return QStringLiteral("completed");
    case JobStatus::Failed:
        return QStringLiteral("failed");
    case JobStatus::Crashed:
        return QStringLiteral("crashed");
    case JobStatus::Hung:
        return QStringLiteral("hung");
    case JobStatus::Cancelled:
        return QStringLiteral("cancelled");
    case JobStatus::FailedToStart:
        return QStringLiteral("failed to start");
    }
    return {};
}

JobRunner::JobRunner(QObject* parent)
    : QObject(parent) {}

JobRunner::~JobRunner() {
    for (auto& [id, job] : m_jobs) {
        job->process.disconnect();
        job->process.kill();
        job->process.waitForFinished(1000);
    }
}

int JobRunner::start(const JobRequest& request) {
    const int id = m_nextId++;
    auto owned = std::make_unique<Job>();
    Job& job = *owned;
    job.id = id;
    job.request = request;
    m_jobs.emplace(id, std::move(owned));

    job.stallTimer.setSingleShot(true);
    job.stallTimer.setInterval(request.stallTimeout);
    connect(&job.stallTimer, &QTimer::timeout, this, [this, &job] {
        job.hung = true;
        emit logLine(job.id,
                     tr("%1 wrote nothing for %2 s: taken as hung, killing it")
                         .arg(job.request.title)
                         .arg(job.request.stallTimeout.count() / 1000.0),
                     true);
        job.process.kill();
    });
    job.killTimer.setSingleShot(true);
    job.killTimer.setInterval(request.cancelGrace);
    connect(&job.killTimer, &QTimer::timeout, this, [&job] { job.process.kill(); });

    connect(&job.process, &QProcess::readyReadStandardOutput, this,
            [this, &job] { readStandardOutput(job); });
    connect(&job.process, &QProcess::readyReadStandardError, this, [this, &job] { readStandardError(job); });
    connect(&job.process, &QProcess::finished, this,
            [this, id, &job](int exitCode, QProcess::ExitStatus exitStatus) {
                readStandardOutput(job);
                readStandardError(job);
                JobStatus status = JobStatus::Failed;
                if (job.cancelled)
                    status = JobStatus::Cancelled;
                else if (job.hung)
                    status = JobStatus::Hung;
                else if (exitStatus == QProcess::CrashExit)
                    status = JobStatus::Crashed;
                else if (exitCode == 0)
                    status = JobStatus::Completed;
                finish(id, status, exitCode);
            });
    connect(&job.process, &QProcess::errorOccurred, this, [this, id, &job](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // crashes and kills also arrive through finished()
        job.lastError = tr("cannot start %1: %2").arg(job.request.program, job.process.errorString());
        finish(id, JobStatus::FailedToStart, -1);
    });

    // Started from the event loop, so that every signal of a job, also a failure to start,
    // arrives after start() has returned its id.
    QTimer::singleShot(0, this, [this, id] {
        const auto found = m_jobs.find(id);
        if (found == m_jobs.end())
            return;
        Job& queued = *found->second;
        if (queued.cancelled) {
            finish(id, JobStatus::Cancelled, 0);
            return;
        }
        emit started(id, queued.request.title);
        queued.stallTimer.start();
        queued.process.setProcessEnvironment(queued.request.environment);
        queued.process.start(queued.request.program, queued.request.arguments);
    });
    return id;
}

void JobRunner::cancel(int jobId) {
    const auto found = m_jobs.find(jobId);
    if (found == m_jobs.end() || found->second->cancelled)
        return;
    Job& job = *found->second;
    job.cancelled = true;
    job.stallTimer.stop();
    job.process.terminate(); // SIGTERM: the runner stops at its next check and writes run.json
    job.killTimer.start();
}

void JobRunner::cancelAll() {
    std::vector<int> ids;
    for (const auto& [id, job] : m_jobs)
        ids.push_back(id);
    for (const int id : ids)
        cancel(id);
}

void JobRunner::readStandardOutput(Job& job) {
    job.stdoutBuffer += job.process.readAllStandardOutput();
    if (!job.cancelled)
        job.stallTimer.start(); // output is a sign of life
    qsizetype newline;
    while ((newline = job.stdoutBuffer.indexOf('\n')) >= 0) {
        const QByteArray line = job.stdoutBuffer.left(newline).trimmed();
        job.stdoutBuffer.remove(0, newline + 1);
        if (!line.isEmpty())
            handleStdoutLine(job, line);
    }
}

void JobRunner::handleStdoutLine(Job& job, const QByteArray& line) {
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(line, &parseError);
    const QJsonObject message = document.object();
    const QString type = message.value(QStringLiteral("type")).toString();
    if (parseError.error != QJsonParseError::NoError || type.isEmpty()) {
        emit logLine(job.id, QString::fromUtf8(line), false); // plain output, shown as is
        return;
    }
    if (type == QLatin1String("progress")) {
        emit progressed(job.id, message.value(QStringLiteral("fraction")).toDouble(),
                        message.value(QStringLiteral("message")).toString());
    } else if (type == QLatin1String("done")) {
        job.runDirectory = message.value(QStringLiteral("run_dir")).toString();
        job.doneStatus = message.value(QStringLiteral("status")).toString();
    } else if (type == QLatin1String("error")) {
        job.lastError = message.value(QStringLiteral("message")).toString();
        emit logLine(job.id, job.lastError, true);
    }
}

void JobRunner::readStandardError(Job& job) {
    job.stderrBuffer += job.process.readAllStandardError();
    if (!job.cancelled)
        job.stallTimer.start();
    qsizetype newline;
    while ((newline = job.stderrBuffer.indexOf('\n')) >= 0) {
        const QString line = QString::fromUtf8(job.stderrBuffer.left(newline)).trimmed();
        job.stderrBuffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        job.lastError = line;
        emit logLine(job.id, line, true);
    }
}

void JobRunner::finish(int jobId, JobStatus status, int exitCode) {
    const auto found = m_jobs.find(jobId);
    if (found == m_jobs.end())
        return;
    std::unique_ptr<Job> job = std::move(found->second);
    m_jobs.erase(found);
    job->stallTimer.stop();
    job->killTimer.stop();
    // A child that exits 0 after reporting a non-completed run (its own cancel) did not complete.
    if (status == JobStatus::Completed && !job->doneStatus.isEmpty() &&
        job->doneStatus != QLatin1String("completed"))
        status = JobStatus::Failed;

    JobOutcome outcome;
    outcome.jobId = jobId;
    outcome.title = job->request.title;
    outcome.status = status;
    outcome.exitCode = exitCode;
    outcome.runDirectory = job->runDirectory;
    const QString detail = job->lastError.isEmpty() ? QString() : tr(": %1").arg(job->lastError);
    switch (status) {
    case JobStatus::Completed:
        break;
    case JobStatus::Failed:
        outcome.message =
            tr("%1 failed with exit code %2%3").arg(job->request.title).arg(exitCode).arg(detail);
        break;
    case JobStatus::Crashed:
        // On Unix, QProcess reports the terminating signal as the exit code of a crash.
        outcome.message = tr("%1 crashed (signal %2, %3)%4")
                              .arg(job->request.title)
                              .arg(exitCode)
                              .arg(QString::fromLocal8Bit(strsignal(exitCode)), detail);
        break;
    case JobStatus::Hung:
        outcome.message = tr("%1 hung (no output for %2 s) and was killed%3")
                              .arg(job->request.title)
                              .arg(job->request.stallTimeout.count() / 1000.0)
                              .arg(detail);
        break;
    case JobStatus::Cancelled:
        outcome.message = tr("%1 was cancelled").arg(job->request.title);
        break;
    case JobStatus::FailedToStart:
        outcome.message = job->lastError;
        break;
    }
    // The QProcess may be the sender of the signal being handled: delete it after returning.
    job->process.disconnect();
    m_retired.push_back(std::move(job));
    QTimer::singleShot(0, this, [this] { m_retired.clear(); });
    emit finished(outcome);
}

} // namespace sciperf
