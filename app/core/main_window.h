#pragma once
// MainWindow: the workspaces, the job status bar (progress, cancel), the log dock, the session
// menu and the first-start demo offer.

#include "job_runner.h"
#include "sciperf/analysis/mlperf/results.h"
#include "sciperf/store/session_store.h"

#include <QFutureWatcher>
#include <QMainWindow>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>

class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressBar;
class QTabWidget;
class QTimer;
class QToolButton;

namespace sciperf {

class EventsWorkspace;
class RooflineWorkspace;
class RunsView;
class ScalingWorkspace;
class Session;
class SubmissionsWorkspace;
class Workspace;

struct MainWindowOptions {
    QString runnerProgram; // sciperf-run; empty: next to this executable, or $SCIPERF_RUNNER
    QString sessionFile;   // empty: the last session, else the default one in the data folder
    QString runsFolder;    // where run directories go; empty: <data folder>/runs
    std::chrono::milliseconds stallTimeout{std::chrono::seconds(120)};
};

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(const MainWindowOptions& options = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Runs a workload of sciperf-run into a new run directory with its options ("--events", "3"),
    // under mpirun with `ranks` processes where more than one; returns the job id.
    // With `followLog`, a live convergence window opens when the run starts its MLPerf log.
    int runWorkload(const QString& workload, const QStringList& options = {}, int ranks = 1,
                    bool followLog = false);
    // Asks for a workload's options (WorkloadDialog), then queues its runs.
    void chooseWorkloadOptions(const QString& workload);
    // The embedded default: this machine's description now; each capability adds its workloads.
    void startDemoSession();
    // A track run (sciperf-run track) on the events the Events workspace shows.
    void reconstructShownEvents();

    QStringList workspaceNames() const;
    Workspace* workspace(const QString& name) const;
    void showWorkspace(const QString& name);
    Session* session() const { return m_session; }
    JobRunner* jobs() const { return m_jobs; }
    QString logText() const;
    QString jobStatusText() const;
    bool isDemoOfferVisible() const;

    // Loads an MLPerf HPC results folder (a round, a folder of rounds, or one organisation) in the
    // background, with progress and Cancel in the status bar; mlperfResultsLoaded follows. Ignored,
    // with a log line, while another load runs.
    // Loads the results tree in the background; `show` switches to Submissions once it is loaded
    // (not for the demo, which shows the roofline it is measuring).
    void openMlperfResults(const QString& folder, bool show = true);
    bool isLoadingMlperfResults() const;
    SubmissionsWorkspace* submissionsWorkspace() const { return m_submissionsView; }
    ScalingWorkspace* scalingWorkspace() const { return m_scalingView; }
    RooflineWorkspace* rooflineWorkspace() const { return m_rooflineView; }
    EventsWorkspace* eventsWorkspace() const { return m_eventsView; }

signals:
    // After every load, also a cancelled or empty one: how many submissions it found.
    void mlperfResultsLoaded(int submissions);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createWorkspaces();
    void createMenus();
    void createStatusBar();
    void createLogDock();
    QWidget* createDemoOffer();
    void restoreSettings();
    void saveSettings() const;
    void openSessionFile(const QString& file);
    void newSession();
    void chooseSessionToOpen();
    void chooseSessionToSaveAs();
    void chooseRunDirectoryToImport();
    void chooseMlperfResultsToOpen();
    void chooseMlperfLogToFollow();
    // Where the options of every results load are made: the place for the session's summary
    // cache (mlperf::SummaryCache), so that reloads parse only changed files.
    mlperf::LoadOptions mlperfLoadOptions();
    void onMlperfResultsLoaded();
    void refreshRuns();
    // The session's runs with an MLPerf log, written as a results tree (own_results_tree.h) and
    // shown in Submissions and Scaling beside the loaded repository.
    void refreshOwnSubmissions(const std::vector<RunRecord>& runs);
    void showResultsTrees();
    void showSessionMlperfResults();
    void updateJobStatus();
    void log(const QString& source, const QString& text, bool isError);
    void onJobFinished(const JobOutcome& outcome);
    void startNextQueuedWorkload();

    MainWindowOptions m_options;
    Session* m_session;
    JobRunner* m_jobs;
    QTabWidget* m_tabs = nullptr;
    std::map<QString, Workspace*> m_workspaces;
    RunsView* m_runsView = nullptr;
    SubmissionsWorkspace* m_submissionsView = nullptr;
    ScalingWorkspace* m_scalingView = nullptr;
    RooflineWorkspace* m_rooflineView = nullptr;
    EventsWorkspace* m_eventsView = nullptr;
    QPlainTextEdit* m_log = nullptr;
    QLabel* m_jobLabel = nullptr;
    QProgressBar* m_jobProgress = nullptr;
    QTimer* m_jobStatusTimer = nullptr; // jobs' progress shows at most this often (ms):
    static constexpr int kJobStatusIntervalMs = 500;
    QToolButton* m_cancelButton = nullptr;
    QWidget* m_demoOffer = nullptr;
    QMenu* m_viewMenu = nullptr;

    struct RunningJob {
        QString workload;
        QString runDirectory;
        double fraction = 0;
        QString message;
        bool followLog = false; // open a LiveLogView on the run's mllog.txt once it exists
    };
    std::map<int, RunningJob> m_running;
    // The results load in progress, shown in the status bar beside the process jobs.
    std::optional<RunningJob> m_resultsLoad;
    QFutureWatcher<mlperf::ResultsTree>* m_resultsWatcher = nullptr;
    std::shared_ptr<std::atomic_bool> m_resultsCancelled;
    std::shared_ptr<const mlperf::ResultsTree> m_loadedTree; // the repository opened last
    QString m_loadedFolder;                                  // where m_loadedTree came from
    std::shared_ptr<const mlperf::ResultsTree> m_ownTree;    // the session's own runs
    std::vector<std::string> m_ownLogs;                      // the run directories m_ownTree holds
    qint64 m_resultsLoadStartMs = 0;
    // Workloads that run one after another (the demo, seeded repeats), each started when the
    // previous one ends.
    struct QueuedWorkload {
        QStringList command; // workload, then its options
        int ranks = 1;
        bool followLog = false;
    };
    std::deque<QueuedWorkload> m_queue;
    // Stands in a queued command for the run directory of the last completed simulation.
    inline static const QString kLastSimulation = QStringLiteral("@last-simulation");
    QString m_lastSimulation;
    bool m_showResultsWhenLoaded = true;
    QString m_lastOutcome;
};

} // namespace sciperf
