#pragma once
// JobRunner: starts workloads as child processes (sciperf-run), reads their JSON-lines progress,
// forwards their stderr, and turns every way a child can end into a JobOutcome: completed,
// failed, crashed (signal), hung (silent for too long, then killed), cancelled or not started.
// The GUI never blocks on a child: everything arrives through queued signals.

#include <QObject>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <chrono>
#include <map>
#include <memory>
#include <vector>

namespace sciperf {

struct JobRequest {
    QString title;
    QString program;
    QStringList arguments;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // A child that writes nothing on stdout or stderr for this long is taken as hung and killed.
    std::chrono::milliseconds stallTimeout{std::chrono::seconds(60)};
    // After a cancel, the child has this long to exit on SIGTERM before it is killed.
    std::chrono::milliseconds cancelGrace{std::chrono::seconds(3)};
};

enum class JobStatus { Completed, Failed, Crashed, Hung, Cancelled, FailedToStart };
QString jobStatusName(JobStatus status);

struct JobOutcome {
    int jobId = 0;
    QString title;
    JobStatus status = JobStatus::Failed;
    int exitCode = 0;
    QString message;      // why it did not complete, in words, with the child's last error
    QString runDirectory; // from the child's final {"type":"done"} line
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override; // kills children still running: none outlives the GUI

    // Queues the child's start; all of the job's signals arrive after this returns its id.
    int start(const JobRequest& request);
    void cancel(int jobId);
    void cancelAll();
    int runningCount() const { return static_cast<int>(m_jobs.size()); }

signals:
    void started(int jobId, const QString& title);
    void progressed(int jobId, double fraction, const QString& message);
    void logLine(int jobId, const QString& line, bool isError);
    void finished(const sciperf::JobOutcome& outcome);

private:
    struct Job;
    void readStandardOutput(Job& job);
    void readStandardError(Job& job);
    void handleStdoutLine(Job& job, const QByteArray& line);
    void finish(int jobId, JobStatus status, int exitCode);

    std::map<int, std::unique_ptr<Job>> m_jobs;
    std::vector<std::unique_ptr<Job>> m_retired;
    int m_nextId = 1;
};

} // namespace sciperf

Q_DECLARE_METATYPE(sciperf::JobOutcome)
