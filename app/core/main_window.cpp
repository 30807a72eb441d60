#include "main_window.h"

#include "about_dialog.h"
#include "events_workspace.h"
#include "live_log_view.h"
#include "roofline_workspace.h"
#include "runs_view.h"
#include "scaling_workspace.h"
#include "sciperf/engine/workload.h"
#include "sciperf/resources/embedded_samples.h"
#include "sciperf/store/mlperf_index.h"
#include "sciperf/store/own_results_tree.h"
#include "session.h"
#include "submissions_workspace.h"
#include "workload_dialog.h"
#include "workspace.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>
#include <unistd.h>

namespace sciperf {
namespace {

const QString kRoofline = QStringLiteral("Roofline");
const QString kSubmissions = QStringLiteral("Submissions");
const QString kScaling = QStringLiteral("Scaling");
const QString kEvents = QStringLiteral("Events");
const QString kRuns = QStringLiteral("Runs");
const QString kMlperfSource = QStringLiteral("mlperf");
// Tree diagnostics named one by one in the log; the rest are counted.
constexpr std::size_t kDiagnosticsLogged = 5;

QString dataFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
}

QString defaultRunnerProgram() {
    const QString fromEnvironment = qEnvironmentVariable("SCIPERF_RUNNER");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    const QString besideUs = QCoreApplication::applicationDirPath() + QStringLiteral("/sciperf-run");
    return QFileInfo::exists(besideUs) ? besideUs : QStringLiteral("sciperf-run");
}

QString sessionFileFilter() {
    return QObject::tr("SciPerf sessions (*.sciperf);;All files (*)");
}

// Runs on a worker thread with its own connection to the session file, so that the GUI's
// connection is never shared across threads and a session switched meanwhile stays intact.
// Unchanged logs come from the session's results index; what was parsed is added to it.
mlperf::ResultsTree loadThroughSessionIndex(const std::filesystem::path& root, const std::string& sessionFile,
                                            mlperf::LoadOptions options) {
    std::optional<SessionStore> store;
    std::optional<MlperfIndex> index;
    std::string problem;
    if (!sessionFile.empty()) {
        if (auto opened = SessionStore::open(sessionFile)) {
            store.emplace(std::move(opened).value());
            index.emplace(*store);
            options.cache = &*index;
        } else {
            problem = opened.error().message;
        }
    }
    mlperf::ResultsTree tree = mlperf::loadResultsTree(root, options);
    if (index) {
        if (auto flushed = index->flush(); !flushed)
            problem = flushed.error().message;
        else if (!index->lookupError().empty())
            problem = index->lookupError();
    }
    if (!problem.empty())
        tree.diagnostics.push_back({sessionFile, 0, mlperf::Severity::Warning,
                                    "the session's results index was not used: " + problem});
    return tree;
}

} // namespace

MainWindow::MainWindow(const MainWindowOptions& options, QWidget* parent)
    : QMainWindow(parent)
    , m_options(options)
    , m_session(new Session(this))
    , m_jobs(new JobRunner(this))
    , m_resultsWatcher(new QFutureWatcher<mlperf::ResultsTree>(this)) {
    if (m_options.runnerProgram.isEmpty())
        m_options.runnerProgram = defaultRunnerProgram();
    if (m_options.runsFolder.isEmpty())
        m_options.runsFolder = dataFolder() + QStringLiteral("/runs");
    setObjectName(QStringLiteral("MainWindow"));
    setWindowTitle(tr("SciPerf Studio"));

    createWorkspaces();
    createMenus();
    createStatusBar();
    createLogDock();

    connect(m_session, &Session::runsChanged, this, &MainWindow::refreshRuns);
    connect(m_session, &Session::failed, this,
            [this](const QString& message) { log(tr("session"), message, true); });
    connect(m_session, &Session::opened, this, [this](const QString& file) {
        setWindowTitle(tr("%1 — SciPerf Studio").arg(QFileInfo(file).fileName()));
        log(tr("session"), tr("opened %1").arg(file), false);
        showSessionMlperfResults();
    });
    connect(m_jobs, &JobRunner::progressed, this, [this](int id, double fraction, const QString& message) {
        RunningJob& job = m_running[id];
        job.fraction = fraction;
        job.message = message;
        // Not at every report: a repaint of the window composes it through OpenGL, which on a
        // software renderer takes both cores for milliseconds, and the ceiling benchmark reports
        // before each of its measurements (the demo's FP32 peak came out at 55-65 % of a run
        // without the GUI).
        if (!m_jobStatusTimer->isActive())
            m_jobStatusTimer->start();
        // A training run's convergence, live, from the moment its MLPerf log exists.
        const QString log = job.runDirectory + QStringLiteral("/mllog.txt");
        if (job.followLog && QFileInfo::exists(log)) {
            job.followLog = false;
            auto* view = new LiveLogView(log, mlperf::Benchmark::Unknown, this);
            view->setWindowTitle(tr("%1 — live convergence").arg(job.workload));
            view->show();
        }
    });
    connect(m_jobs, &JobRunner::logLine, this, [this](int id, const QString& line, bool isError) {
        log(m_running.count(id) ? m_running[id].workload : tr("job %1").arg(id), line, isError);
    });
    connect(m_jobs, &JobRunner::finished, this, &MainWindow::onJobFinished);
    connect(m_resultsWatcher, &QFutureWatcher<mlperf::ResultsTree>::finished, this,
            &MainWindow::onMlperfResultsLoaded);

    restoreSettings();
    QString sessionFile = m_options.sessionFile;
    if (sessionFile.isEmpty())
        sessionFile =
            QSettings()
                .value(QStringLiteral("session/last"), dataFolder() + QStringLiteral("/default.sciperf"))
                .toString();
    openSessionFile(sessionFile);
}

MainWindow::~MainWindow() {
    // The load's callbacks refer to this window: it must end before the window does. (Only while
    // it runs: a future whose result was taken never reports finished again.)
    if (isLoadingMlperfResults()) {
        m_resultsCancelled->store(true);
        m_resultsWatcher->waitForFinished();
    }
}

void MainWindow::createWorkspaces() {
    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    m_demoOffer = createDemoOffer();
    layout->addWidget(m_demoOffer);
    m_tabs = new QTabWidget(central);
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_tabs);
    setCentralWidget(central);

    auto add = [this](const QString& name, Workspace* workspace) {
        workspace->setObjectName(name);
        m_workspaces[name] = workspace;
        m_tabs->addTab(workspace, name);
        return workspace;
    };

    m_rooflineView = new RooflineWorkspace;
    auto* roofline =
        add(kRoofline, new Workspace(tr("No roofline yet"),
                                     tr("Measure this machine's ceilings (cache, DRAM/HBM bandwidth and peak "
                                        "FLOP/s per precision) and place kernels on the hierarchical "
                                        "roofline, or import an ERT <tt>roofline.json</tt> or an Nsight "
                                        "Compute CSV."),
                                     m_rooflineView));
    auto measureCeilings = [this] {
        runWorkload(QStringLiteral("ert"));
    };
    connect(roofline->addEmptyStateAction(tr("Measure this machine's ceilings")), &QPushButton::clicked, this,
            measureCeilings);
    connect(roofline->addEmptyStateAction(tr("Import ERT JSON or Nsight Compute CSV…")),
            &QPushButton::clicked, m_rooflineView, &RooflineWorkspace::chooseFileToImport);
    connect(m_rooflineView, &RooflineWorkspace::measureCeilingsRequested, this, measureCeilings);
    connect(m_rooflineView, &RooflineWorkspace::contentChanged, roofline, &Workspace::showContent);
    connect(m_rooflineView, &RooflineWorkspace::problem, this,
            [this](const QString& message) { log(tr("roofline"), message, true); });

    m_submissionsView = new SubmissionsWorkspace;
    auto* submissions = add(
        kSubmissions, new Workspace(tr("No MLPerf HPC results loaded"),
                                    tr("Open a results round (folders <tt>&lt;org&gt;/results/&lt;system&gt;/"
                                       "&lt;benchmark&gt;/result_N.txt</tt>) to score submissions by the "
                                       "round's rules and compare them side by side."),
                                    m_submissionsView));
    connect(submissions->addEmptyStateAction(tr("Open MLPerf HPC results folder…")), &QPushButton::clicked,
            this, &MainWindow::chooseMlperfResultsToOpen);

    m_scalingView = new ScalingWorkspace;
    auto* scaling =
        add(kScaling, new Workspace(tr("No scaling data yet"),
                                    tr("Scaling curves plot time to train against accelerator count, with "
                                       "speedup and parallel efficiency. They are drawn from loaded MLPerf "
                                       "HPC submissions and from your own runs at several node counts."),
                                    m_scalingView));
    connect(scaling->addEmptyStateAction(tr("Go to Submissions")), &QPushButton::clicked, this,
            [this] { showWorkspace(kSubmissions); });

    m_eventsView = new EventsWorkspace;
    auto* events = add(
        kEvents, new Workspace(tr("No event loaded"),
                               tr("Simulate an event in the built-in detector, or open a TrackML event "
                                  "(hits, particles, truth, a submission's tracks), to see hits, detector "
                                  "and tracks in 3D."),
                               m_eventsView));
    connect(events->addEmptyStateAction(tr("Simulate an event")), &QPushButton::clicked, this, [this] {
        runWorkload(QStringLiteral("simulate"), {QStringLiteral("--events"), QStringLiteral("1")});
    });
    connect(events->addEmptyStateAction(tr("Open TrackML events…")), &QPushButton::clicked, m_eventsView,
            &EventsWorkspace::chooseFolderToOpen);
    connect(m_eventsView, &EventsWorkspace::contentChanged, events, &Workspace::showContent);
    connect(m_eventsView, &EventsWorkspace::problem, this,
            [this](const QString& message) { log(tr("events"), message, true); });

    m_runsView = new RunsView;
    auto* runs =
        add(kRuns, new Workspace(tr("No runs in this session"),
                                 tr("Every workload writes a run directory with <tt>run.json</tt>. Describe "
                                    "this machine, start the demo session, or import a run directory that "
                                    "<tt>sciperf-run</tt> wrote on another machine."),
                                 m_runsView));
    connect(runs->addEmptyStateAction(tr("Describe this machine")), &QPushButton::clicked, this,
            [this] { runWorkload(QStringLiteral("sysinfo")); });
    connect(runs->addEmptyStateAction(tr("Start demo session")), &QPushButton::clicked, this,
            &MainWindow::startDemoSession);
    connect(runs->addEmptyStateAction(tr("Import run directory…")), &QPushButton::clicked, this,
            &MainWindow::chooseRunDirectoryToImport);
}

QWidget* MainWindow::createDemoOffer() {
    auto* offer = new QFrame(this);
    offer->setObjectName(QStringLiteral("demoOffer"));
    offer->setFrameShape(QFrame::StyledPanel);
    offer->setStyleSheet(QStringLiteral("#demoOffer { background: #e8f0fb; border: 1px solid #9bb7e0; }"));
    auto* text =
        new QLabel(tr("<b>Welcome to SciPerf Studio.</b> Start a demo session? It runs this machine's own "
                      "workloads in the background and fills the workspaces as results arrive."),
                   offer);
    text->setWordWrap(true);
    auto* start = new QPushButton(tr("Start demo session"), offer);
    auto* dismiss = new QPushButton(tr("Not now"), offer);
    auto* layout = new QHBoxLayout(offer);
    layout->addWidget(text, 1);
    layout->addWidget(start);
    layout->addWidget(dismiss);
    connect(start, &QPushButton::clicked, this, &MainWindow::startDemoSession);
    connect(dismiss, &QPushButton::clicked, this, [this] {
        m_demoOffer->hide();
        QSettings().setValue(QStringLiteral("demo/offered"), true);
    });
    return offer;
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New Session"), QKeySequence::New, this, &MainWindow::newSession);
    file->addAction(tr("&Open Session…"), QKeySequence::Open, this, &MainWindow::chooseSessionToOpen);
    file->addAction(tr("Save Session &As…"), QKeySequence::SaveAs, this, &MainWindow::chooseSessionToSaveAs);
    file->addSeparator();
    file->addAction(tr("&Import Run Directory…"), QKeySequence(tr("Ctrl+I")), this,
                    &MainWindow::chooseRunDirectoryToImport);
    file->addAction(tr("Open &MLPerf HPC Results…"), QKeySequence(tr("Ctrl+Shift+O")), this,
                    &MainWindow::chooseMlperfResultsToOpen);
    file->addAction(tr("&Follow a Growing MLPerf Log…"), this, &MainWindow::chooseMlperfLogToFollow);
    file->addAction(tr("Import ERT JSON or Nsight &Compute CSV…"), m_rooflineView,
                    &RooflineWorkspace::chooseFileToImport);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(tr("&Describe This Machine"), this, [this] { runWorkload(QStringLiteral("sysinfo")); });
    run->addAction(tr("Measure Roofline &Ceilings"), this, [this] { runWorkload(QStringLiteral("ert")); });
    run->addAction(tr("&Reconstruct Tracks of the Shown Events"), this, &MainWindow::reconstructShownEvents);
    // Any embedded workload that needs no input folder, under CUPTI (sciperf-run --profile): the
    // job shows progress and can be cancelled like every run; without a GPU the run says why and
    // CPU workloads still record their own kernels. The Runs workspace shows the timeline.
    QMenu* profile = run->addMenu(tr("&Profile Workload"));
    for (const Workload& workload : allWorkloads()) {
        const bool needsInput =
            std::any_of(workload.options.begin(), workload.options.end(),
                        [](const WorkloadOption& o) { return o.kind == WorkloadOption::Kind::Path; });
        if (needsInput || workload.name == "sysinfo")
            continue;
        const QString name =
            QString::fromUtf8(workload.name.data(), static_cast<qsizetype>(workload.name.size()));
        for (const char* mode : {"timeline", "metrics"})
            profile->addAction(tr("%1 — kernel %2").arg(name, QLatin1String(mode)), this, [this, name, mode] {
                runWorkload(name, {QStringLiteral("--profile"), QLatin1String(mode)});
            });
    }
    run->addAction(tr("Start &Demo Session"), this, &MainWindow::startDemoSession);
    QMenu* withOptions = run->addMenu(tr("Run a &Workload with Options"));
    for (const Workload& workload : allWorkloads()) {
        const QString name = QString::fromUtf8(workload.name.data(), qsizetype(workload.name.size()));
        withOptions->addAction(QStringLiteral("%1…").arg(name), this,
                               [this, name] { chooseWorkloadOptions(name); });
    }
    run->addSeparator();
    run->addAction(tr("&Cancel All Jobs"), QKeySequence(tr("Ctrl+.")), m_jobs, &JobRunner::cancelAll);

    m_viewMenu = menuBar()->addMenu(tr("&View"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About SciPerf Studio"), this, [this] {
        AboutDialog dialog(this);
        dialog.exec();
    });
}

void MainWindow::createStatusBar() {
    m_jobStatusTimer = new QTimer(this);
    m_jobStatusTimer->setSingleShot(true);
    m_jobStatusTimer->setInterval(kJobStatusIntervalMs);
    connect(m_jobStatusTimer, &QTimer::timeout, this, &MainWindow::updateJobStatus);
    m_jobLabel = new QLabel(tr("Ready"), this);
    m_jobLabel->setObjectName(QStringLiteral("jobStatus"));
    m_jobProgress = new QProgressBar(this);
    m_jobProgress->setObjectName(QStringLiteral("jobProgress"));
    m_jobProgress->setRange(0, 1000);
    m_jobProgress->setMaximumWidth(240);
    m_jobProgress->hide();
    m_cancelButton = new QToolButton(this);
    m_cancelButton->setObjectName(QStringLiteral("cancelJobs"));
    m_cancelButton->setText(tr("Cancel"));
    m_cancelButton->setToolTip(tr("Cancel all running jobs"));
    m_cancelButton->hide();
    connect(m_cancelButton, &QToolButton::clicked, m_jobs, &JobRunner::cancelAll);
    connect(m_cancelButton, &QToolButton::clicked, this, [this] {
        if (!isLoadingMlperfResults())
            return;
        m_resultsCancelled->store(true);
        m_resultsLoad->message = tr("cancelling");
        updateJobStatus();
    });
    statusBar()->addWidget(m_jobLabel, 1);
    statusBar()->addPermanentWidget(m_jobProgress);
    statusBar()->addPermanentWidget(m_cancelButton);
}

void MainWindow::createLogDock() {
    auto* dock = new QDockWidget(tr("Log"), this);
    dock->setObjectName(QStringLiteral("logDock"));
    m_log = new QPlainTextEdit(dock);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(20000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    dock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    m_viewMenu->addAction(dock->toggleViewAction());
}

void MainWindow::restoreSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 820);
    if (!restoreState(settings.value(QStringLiteral("window/state")).toByteArray()))
        resizeDocks({findChild<QDockWidget*>(QStringLiteral("logDock"))}, {150}, Qt::Vertical);
    const QString current = settings.value(QStringLiteral("window/workspace"), kRuns).toString();
    showWorkspace(current);
    m_demoOffer->setVisible(!settings.value(QStringLiteral("demo/offered"), false).toBool());
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("window/workspace"), m_tabs->tabText(m_tabs->currentIndex()));
    if (m_session->isOpen())
        settings.setValue(QStringLiteral("session/last"), m_session->filePath());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    m_jobs->cancelAll();
    if (m_resultsCancelled)
        m_resultsCancelled->store(true);
    event->accept();
}

QStringList MainWindow::workspaceNames() const {
    QStringList names;
    for (int index = 0; index < m_tabs->count(); ++index)
        names << m_tabs->tabText(index);
    return names;
}

Workspace* MainWindow::workspace(const QString& name) const {
    const auto found = m_workspaces.find(name);
    return found == m_workspaces.end() ? nullptr : found->second;
}

void MainWindow::showWorkspace(const QString& name) {
    if (Workspace* target = workspace(name))
        m_tabs->setCurrentWidget(target);
}

QString MainWindow::logText() const {
    return m_log->toPlainText();
}

QString MainWindow::jobStatusText() const {
    return m_jobLabel->text();
}

bool MainWindow::isDemoOfferVisible() const {
    return !m_demoOffer->isHidden();
}

void MainWindow::openSessionFile(const QString& file) {
    QDir().mkpath(QFileInfo(file).absolutePath());
    m_session->open(file);
}

void MainWindow::newSession() {
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    openSessionFile(dataFolder() + QStringLiteral("/sessions/session-%1.sciperf").arg(stamp));
}

void MainWindow::chooseSessionToOpen() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Open Session"), dataFolder(), sessionFileFilter());
    if (!file.isEmpty())
        openSessionFile(file);
}

void MainWindow::chooseSessionToSaveAs() {
    QString file =
        QFileDialog::getSaveFileName(this, tr("Save Session As"), dataFolder(), sessionFileFilter());
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix().isEmpty())
        file += QStringLiteral(".sciperf");
    if (m_session->saveAs(file))
        log(tr("session"), tr("saved as %1").arg(file), false);
}

void MainWindow::chooseRunDirectoryToImport() {
    const QString directory =
        QFileDialog::getExistingDirectory(this, tr("Import Run Directory"), m_options.runsFolder);
    if (!directory.isEmpty() && m_session->importRunDirectory(directory)) {
        log(tr("session"), tr("imported %1").arg(directory), false);
        showWorkspace(kRuns);
    }
}

void MainWindow::chooseMlperfResultsToOpen() {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Open MLPerf HPC Results"),
                                          QSettings().value(QStringLiteral("mlperf/lastFolder")).toString());
    if (!folder.isEmpty())
        openMlperfResults(folder);
}

void MainWindow::chooseMlperfLogToFollow() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Follow a Growing MLPerf Log"), QString(),
                                                      tr("MLPerf logs (*.txt *.log);;All files (*)"));
    if (file.isEmpty())
        return;
    // The quality metric depends on the benchmark: from the path when it says, else asked.
    mlperf::Benchmark benchmark = benchmarkFromPath(file);
    if (benchmark == mlperf::Benchmark::Unknown) {
        const QStringList names{QStringLiteral("cosmoflow"), QStringLiteral("deepcam"),
                                QStringLiteral("oc20"), QStringLiteral("openfold")};
        bool chosen = false;
        const QString name = QInputDialog::getItem(
            this, tr("Benchmark"), tr("Which benchmark does %1 log?").arg(file), names, 0, false, &chosen);
        if (!chosen)
            return;
        benchmark = mlperf::benchmarkFromName(name.toStdString());
    }
    log(kMlperfSource, tr("following %1").arg(file), false);
    (new LiveLogView(file, benchmark, this))->show();
}

bool MainWindow::isLoadingMlperfResults() const {
    return m_resultsLoad.has_value();
}

void MainWindow::openMlperfResults(const QString& folder, bool show) {
    if (isLoadingMlperfResults() && m_resultsLoad->runDirectory == folder)
        return; // already on its way, e.g. the demo's sample that the session reopened
    m_showResultsWhenLoaded = show;
    if (isLoadingMlperfResults()) {
        log(kMlperfSource,
            tr("still loading %1; cancel it to open %2").arg(m_resultsLoad->runDirectory, folder), true);
        return;
    }
    m_resultsCancelled = std::make_shared<std::atomic_bool>(false);
    m_resultsLoad = RunningJob{tr("MLPerf HPC results"), folder, 0, tr("finding result files")};
    m_resultsLoadStartMs = QDateTime::currentMSecsSinceEpoch();
    m_jobLabel->setStyleSheet(QString());
    log(kMlperfSource, tr("loading %1").arg(folder), false);
    updateJobStatus();
    const std::filesystem::path root(QFile::encodeName(folder).toStdString());
    const std::string sessionFile =
        m_session->isOpen() ? QFile::encodeName(m_session->filePath()).toStdString() : "";
    m_resultsWatcher->setFuture(QtConcurrent::run([root, sessionFile, options = mlperfLoadOptions()] {
        return loadThroughSessionIndex(root, sessionFile, options);
    }));
}

mlperf::LoadOptions MainWindow::mlperfLoadOptions() {
    mlperf::LoadOptions options;
    // Called on worker threads: the status bar is updated on the GUI thread, from a queued call.
    options.progress = [this](std::size_t done, std::size_t total) {
        QMetaObject::invokeMethod(
            this,
            [this, done, total] {
                if (!m_resultsLoad || m_resultsCancelled->load())
                    return;
                // Workers finish out of order: the bar only moves forward.
                const double fraction =
                    total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
                m_resultsLoad->fraction = std::max(m_resultsLoad->fraction, fraction);
                m_resultsLoad->message =
                    tr("%1 of %2 result files parsed")
                        .arg(std::lround(m_resultsLoad->fraction * static_cast<double>(total)))
                        .arg(total);
                updateJobStatus();
            },
            Qt::QueuedConnection);
    };
    options.cancelled = [flag = m_resultsCancelled] {
        return flag->load();
    };
    return options;
}

void MainWindow::onMlperfResultsLoaded() {
    const QString folder = m_resultsLoad ? m_resultsLoad->runDirectory : QString();
    const bool cancelled = m_resultsCancelled->load();
    m_resultsLoad.reset();
    std::shared_ptr<const mlperf::ResultsTree> tree;
    try {
        tree = std::make_shared<const mlperf::ResultsTree>(m_resultsWatcher->future().takeResult());
    } catch (const std::exception& error) { // the analysis reports errors as diagnostics; this is a bug
        log(kMlperfSource, tr("loading %1 failed: %2").arg(folder, QString::fromLocal8Bit(error.what())),
            true);
        m_lastOutcome = tr("Loading MLPerf HPC results failed");
        updateJobStatus();
        emit mlperfResultsLoaded(0);
        return;
    }

    const auto count = static_cast<int>(tree->submissions.size());
    const double seconds =
        static_cast<double>(QDateTime::currentMSecsSinceEpoch() - m_resultsLoadStartMs) / 1e3;
    log(kMlperfSource,
        tr("%1%2: %3 submissions from %4 result files (%5 MiB, %6 parsed, the rest from the cache) in %7 s")
            .arg(cancelled ? tr("cancelled, partly loaded ") : QString(), folder)
            .arg(count)
            .arg(tree->files)
            .arg(static_cast<double>(tree->bytes) / (1024.0 * 1024.0), 0, 'f', 1)
            .arg(tree->filesParsed)
            .arg(seconds, 0, 'f', 1),
        false);
    if (!tree->diagnostics.empty()) {
        log(kMlperfSource, tr("%1 problems in the results tree:").arg(tree->diagnostics.size()), true);
        for (std::size_t i = 0; i < std::min(tree->diagnostics.size(), kDiagnosticsLogged); ++i) {
            const auto& d = tree->diagnostics[i];
            log(kMlperfSource,
                QStringLiteral("  %1%2: %3")
                    .arg(QString::fromStdString(d.file),
                         d.line > 0 ? QStringLiteral(":%1").arg(d.line) : QString(),
                         QString::fromStdString(d.message)),
                d.severity == mlperf::Severity::Error);
        }
        if (tree->diagnostics.size() > kDiagnosticsLogged)
            log(kMlperfSource, tr("  … and %1 more").arg(tree->diagnostics.size() - kDiagnosticsLogged),
                true);
    }
    if (!tree->duplicates.empty())
        log(kMlperfSource,
            tr("%1 logs are stored under more than one path (resubmissions across rounds)")
                .arg(tree->duplicates.size()),
            false);

    if (count > 0) {
        QSettings().setValue(QStringLiteral("mlperf/lastFolder"), folder);
        m_loadedTree = tree;
        m_loadedFolder = folder;
        m_session->setMlperfResultsFolder(folder);
        showResultsTrees();
        if (m_showResultsWhenLoaded)
            showWorkspace(kSubmissions);
        m_lastOutcome = cancelled ? tr("MLPerf HPC results: %1 submissions (cancelled, partial)").arg(count)
                                  : tr("MLPerf HPC results: %1 submissions loaded").arg(count);
    } else {
        log(kMlperfSource,
            tr("no submissions under %1: expected "
               "<org>/results/<system>/[strong|weak/]<benchmark>/result_N.txt")
                .arg(folder),
            !cancelled);
        m_lastOutcome = cancelled ? tr("Loading MLPerf HPC results cancelled")
                                  : tr("No MLPerf HPC submissions found in %1").arg(folder);
    }
    updateJobStatus();
    emit mlperfResultsLoaded(count);
}

void MainWindow::refreshRuns() {
    const auto runs = m_session->runs();
    if (!runs) {
        log(tr("session"), QString::fromStdString(runs.error().message), true);
        return;
    }
    m_runsView->setRuns(runs.value());
    m_rooflineView->setRuns(runs.value());
    m_eventsView->setRuns(runs.value());
    workspace(kRuns)->showContent(!runs->empty());
    refreshOwnSubmissions(runs.value());
}

void MainWindow::refreshOwnSubmissions(const std::vector<RunRecord>& runs) {
    std::vector<std::string> logs;
    for (const RunRecord& run : runs)
        if (hasOwnMlperfLog(run))
            logs.push_back(run.runDirectory);
    if (logs == m_ownLogs)
        return;
    m_ownLogs = logs;
    const QString folder =
        QFileInfo(m_options.runsFolder).absolutePath() + QStringLiteral("/own-mlperf-results");
    const std::filesystem::path root(QFile::encodeName(folder).toStdString());
    const auto written = writeOwnResultsTree(runs, root);
    if (!written) {
        log(kMlperfSource, QString::fromStdString(written.error().message), true);
        return;
    }
    // A few small files: loaded here, not on a worker.
    m_ownTree = written->runs > 0 ? std::make_shared<const mlperf::ResultsTree>(mlperf::loadResultsTree(root))
                                  : nullptr;
    if (m_ownTree)
        log(kMlperfSource,
            tr("the session's own runs: %1 MLPerf logs in %2 submissions (%3)")
                .arg(written->runs)
                .arg(written->submissions)
                .arg(folder),
            false);
    showResultsTrees();
}

void MainWindow::showResultsTrees() {
    std::shared_ptr<const mlperf::ResultsTree> shown = m_loadedTree ? m_loadedTree : m_ownTree;
    if (m_loadedTree && m_ownTree)
        shown =
            std::make_shared<const mlperf::ResultsTree>(mlperf::mergeResultsTrees(*m_loadedTree, *m_ownTree));
    if (shown) {
        m_submissionsView->setTree(shown);
        m_scalingView->setTree(shown);
    }
    workspace(kSubmissions)->showContent(shown != nullptr);
    workspace(kScaling)->showContent(shown != nullptr);
}

// A session shows the MLPerf HPC results it had open when it was last used, and no other
// session's: called whenever a session is opened.
void MainWindow::showSessionMlperfResults() {
    const auto folder = m_session->mlperfResultsFolder();
    if (!folder) {
        log(kMlperfSource, QString::fromStdString(folder.error().message), true);
        return;
    }
    if (folder.value() == m_loadedFolder)
        return; // the same session under a new name (Save As), or the same results
    m_loadedTree.reset();
    m_loadedFolder.clear();
    showResultsTrees();
    if (folder->isEmpty())
        return;
    if (!QFileInfo(folder.value()).isDir()) {
        log(kMlperfSource,
            tr("the MLPerf HPC results this session showed, %1, are gone; open them where they are now")
                .arg(folder.value()),
            true);
        return;
    }
    openMlperfResults(folder.value(), false);
}

int MainWindow::runWorkload(const QString& workload, const QStringList& options, int ranks, bool followLog) {
    const QString stamp = QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    const QString runDirectory = QStringLiteral("%1/%2-%3").arg(m_options.runsFolder, workload, stamp);
    QDir().mkpath(m_options.runsFolder);
    JobRequest request;
    request.title = workload;
    request.program = m_options.runnerProgram;
    request.arguments = QStringList{workload} + options + QStringList{QStringLiteral("--out"), runDirectory};
    request.stallTimeout = m_options.stallTimeout;
    if (ranks > 1) {
        // mpirun forwards a cancel (SIGTERM) to every rank. It refuses root unless told twice.
        request.arguments = QStringList{QStringLiteral("-np"), QString::number(ranks),
                                        QStringLiteral("--oversubscribe"), request.program} +
                            request.arguments;
        request.program = QStandardPaths::findExecutable(QStringLiteral("mpirun"));
        if (::geteuid() == 0) {
            request.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT"), QStringLiteral("1"));
            request.environment.insert(QStringLiteral("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM"), QStringLiteral("1"));
        }
    }
    const int id = m_jobs->start(request);
    m_running[id] = {workload, runDirectory, 0, tr("starting"), followLog};
    log(workload, tr("started: %1 %2").arg(request.program, request.arguments.join(QLatin1Char(' '))), false);
    updateJobStatus();
    return id;
}

void MainWindow::reconstructShownEvents() {
    const QString folder = m_eventsView->currentFolder();
    if (folder.isEmpty()) {
        log(tr("track"), tr("no events are shown: simulate or open events first"), true);
        return;
    }
    runWorkload(QStringLiteral("track"), {QStringLiteral("--input"), folder});
}

void MainWindow::startDemoSession() {
    m_demoOffer->hide();
    QSettings().setValue(QStringLiteral("demo/offered"), true);
    // Each capability adds its workloads here as it lands: after the roofline's ceilings and
    // kernels, event simulation and reconstruction, a short training run with its MLPerf log.
    // Two simulated events: enough for the event browser, seconds on two cores.
    const std::vector<QStringList> demo{
        {QStringLiteral("sysinfo")},
        {QStringLiteral("ert")},
        {QStringLiteral("cpu-kernels")},
        {QStringLiteral("simulate"), QStringLiteral("--events"), QStringLiteral("2")},
        {QStringLiteral("track"), QStringLiteral("--input"), kLastSimulation},
        // A short training run with its MLPerf log: about 15 s on two cores, to the edge F1 target.
        {QStringLiteral("train"), QStringLiteral("--train-events"), QStringLiteral("4"),
         QStringLiteral("--val-events"), QStringLiteral("1"), QStringLiteral("--vertices"),
         QStringLiteral("100"), QStringLiteral("--epochs"), QStringLiteral("12")}};
    QStringList workloads;
    for (const QStringList& command : demo) {
        m_queue.push_back({command});
        workloads << command.front();
    }
    log(tr("demo"), tr("started; runs %1").arg(workloads.join(QStringLiteral(", "))), false);
    if (m_running.empty())
        startNextQueuedWorkload();
    // Real MLPerf HPC submissions the application carries fill Submissions and Scaling.
    QString error;
    const QString sample = extractMlperfSample(dataFolder() + QStringLiteral("/mlperf-sample"), &error);
    if (sample.isEmpty())
        log(tr("demo"), error, true);
    else
        openMlperfResults(sample, false);
    showWorkspace(kRoofline);
}

void MainWindow::startNextQueuedWorkload() {
    if (m_queue.empty())
        return;
    QueuedWorkload next = std::move(m_queue.front());
    m_queue.pop_front();
    if (next.command.contains(kLastSimulation)) {
        if (m_lastSimulation.isEmpty()) {
            log(next.command.front(), tr("skipped: no simulated events"), true);
            startNextQueuedWorkload();
            return;
        }
        next.command.replaceInStrings(kLastSimulation, m_lastSimulation);
    }
    runWorkload(next.command.front(), next.command.mid(1), next.ranks, next.followLog);
}

void MainWindow::chooseWorkloadOptions(const QString& name) {
    const Workload* workload = findWorkload(name.toStdString());
    if (!workload)
        return;
    // Ranks only where mpirun can start them, up to one per hardware thread.
    const int maxRanks = QStandardPaths::findExecutable(QStringLiteral("mpirun")).isEmpty()
                             ? 0
                             : std::max(1, QThread::idealThreadCount());
    WorkloadDialog dialog(*workload, maxRanks, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    for (int run = 0; run < dialog.repeats(); ++run)
        m_queue.push_back({QStringList{name} + dialog.arguments(run), dialog.ranks(), true});
    if (m_running.empty())
        startNextQueuedWorkload();
}

void MainWindow::updateJobStatus() {
    std::vector<const RunningJob*> active;
    for (const auto& [id, job] : m_running)
        active.push_back(&job);
    if (m_resultsLoad)
        active.push_back(&*m_resultsLoad);
    if (active.empty()) {
        m_jobProgress->hide();
        m_cancelButton->hide();
        m_jobLabel->setText(m_lastOutcome.isEmpty() ? tr("Ready") : m_lastOutcome);
        return;
    }
    double total = 0;
    for (const RunningJob* job : active)
        total += job->fraction;
    const RunningJob* latest = active.back();
    m_jobProgress->setValue(static_cast<int>(1000 * total / static_cast<double>(active.size())));
    m_jobProgress->show();
    m_cancelButton->show();
    m_jobLabel->setText(
        active.size() == 1
            ? tr("%1: %2").arg(latest->workload, latest->message)
            : tr("%1 jobs running; %2: %3").arg(active.size()).arg(latest->workload, latest->message));
}

void MainWindow::onJobFinished(const JobOutcome& outcome) {
    const auto found = m_running.find(outcome.jobId);
    const QString workload = found != m_running.end() ? found->second.workload : outcome.title;
    const QString plannedDirectory = found != m_running.end() ? found->second.runDirectory : QString();
    if (found != m_running.end())
        m_running.erase(found);

    const bool completed = outcome.status == JobStatus::Completed;
    m_lastOutcome = completed ? tr("%1 completed").arg(workload) : outcome.message;
    log(workload, completed ? tr("completed: %1").arg(outcome.runDirectory) : outcome.message, !completed);
    m_jobLabel->setStyleSheet(completed ? QString() : QStringLiteral("color: #b02020;"));

    // Every run is recorded, also one that crashed before writing its run.json.
    const QString directory = outcome.runDirectory.isEmpty() ? plannedDirectory : outcome.runDirectory;
    if (QFileInfo::exists(directory + QStringLiteral("/run.json"))) {
        // The runs refresh synchronously on import, so a roofline run can be shown at once.
        if (m_session->importRunDirectory(directory) && completed &&
            (workload == QStringLiteral("ert") || workload == QStringLiteral("cpu-kernels")))
            m_rooflineView->selectRun(directory);
        if (completed && workload == QStringLiteral("simulate")) {
            m_eventsView->selectRun(directory);
            m_session->storeRunEvents(directory);
            m_lastSimulation = directory;
        }
        if (completed && workload == QStringLiteral("track"))
            m_eventsView->selectReconstruction(directory);
    } else {
        RunRecord record;
        record.workload = workload.toStdString();
        record.status = jobStatusName(outcome.status).toStdString();
        record.runDirectory = directory.toStdString();
        record.startedUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate).toStdString();
        record.runJson = QJsonDocument(QJsonObject{{QStringLiteral("status"), jobStatusName(outcome.status)},
                                                   {QStringLiteral("message"), outcome.message},
                                                   {QStringLiteral("exit_code"), outcome.exitCode}})
                             .toJson()
                             .toStdString();
        m_session->addRun(record);
    }
    updateJobStatus();
    startNextQueuedWorkload();
}

void MainWindow::log(const QString& source, const QString& text, bool isError) {
    const QString time = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    const QString line = QStringLiteral("%1  %2  %3").arg(time, source, text);
    if (isError)
        m_log->appendHtml(
            QStringLiteral("<span style=\"color:#b02020\">%1</span>").arg(line.toHtmlEscaped()));
    else
        m_log->appendHtml(QStringLiteral("<span>%1</span>").arg(line.toHtmlEscaped()));
}

} // namespace sciperf
