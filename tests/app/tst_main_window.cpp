// The main window as a user meets it: workspaces with empty states, jobs with progress, cancel
// and errors, a GUI that stays responsive while a child crashes or hangs, persisted settings.
#include "about_dialog.h"
#include "main_window.h"
#include "sciperf/views/vtk_view.h"
#include "session.h"
#include "workspace.h"

#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

using namespace sciperf;
using namespace std::chrono_literals;

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_folder;

    MainWindowOptions options(const QString& runner = QStringLiteral(SCIPERF_RUN_PATH)) const {
        MainWindowOptions result;
        result.runnerProgram = runner;
        result.sessionFile = m_folder.filePath(QStringLiteral("test.sciperf"));
        result.runsFolder = m_folder.filePath(QStringLiteral("runs"));
        return result;
    }

    static QPushButton* emptyStateButton(Workspace* workspace, const QString& text) {
        for (auto* button : workspace->emptyState()->findChildren<QPushButton*>())
            if (button->text() == text)
                return button;
        return nullptr;
    }

    static int runCount(const MainWindow& window) {
        const auto runs = window.session()->runs();
        return runs ? static_cast<int>(runs->size()) : -1;
    }

    // A user action that must work while jobs misbehave: Scaling's button switches workspace.
    static void clickGoToSubmissions(MainWindow& window) {
        window.showWorkspace(QStringLiteral("Scaling"));
        QPushButton* button = emptyStateButton(window.workspace(QStringLiteral("Scaling")),
                                               QStringLiteral("Go to Submissions"));
        QTRY_VERIFY(button->isVisible() && button->width() > 0); // laid out, as a user sees it
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE(window.findChild<QTabWidget*>()->currentWidget(),
                     window.workspace(QStringLiteral("Submissions")));
    }

private slots:
    void init() {
        QSettings().clear();
        QFile::remove(m_folder.filePath(QStringLiteral("test.sciperf")));
    }

    void showsTheFiveWorkspacesWithInformativeEmptyStates() {
        MainWindow window(options());
        QCOMPARE(window.workspaceNames(),
                 (QStringList{QStringLiteral("Roofline"), QStringLiteral("Submissions"),
                              QStringLiteral("Scaling"), QStringLiteral("Events"), QStringLiteral("Runs")}));
        for (const QString& name : window.workspaceNames()) {
            Workspace* workspace = window.workspace(name);
            QVERIFY(!workspace->isShowingContent());
            const auto* title = workspace->emptyState()->findChild<QLabel*>(QStringLiteral("emptyTitle"));
            const auto* explanation =
                workspace->emptyState()->findChild<QLabel*>(QStringLiteral("emptyExplanation"));
            QVERIFY(title && !title->text().isEmpty());
            QVERIFY(explanation && explanation->text().size() > 60);
            const auto buttons = workspace->emptyState()->findChildren<QPushButton*>();
            QVERIFY2(!buttons.isEmpty(), qPrintable(name));
            // A button that cannot act yet says why.
            for (const auto* button : buttons)
                QVERIFY2(button->isEnabled() || !button->toolTip().isEmpty(), qPrintable(button->text()));
        }
        QVERIFY(emptyStateButton(window.workspace(QStringLiteral("Runs")),
                                 QStringLiteral("Describe this machine"))
                    ->isEnabled());
        QVERIFY(emptyStateButton(window.workspace(QStringLiteral("Submissions")),
                                 QStringLiteral("Open MLPerf HPC results folder…"))
                    ->isEnabled());
        QVERIFY(window.workspace(QStringLiteral("Events"))->content()->inherits("sciperf::EventsWorkspace"));
        QVERIFY(
            window.workspace(QStringLiteral("Roofline"))->content()->inherits("sciperf::RooflineWorkspace"));
    }

    void describeThisMachineFillsTheRunsWorkspace() {
        MainWindow window(options());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Workspace* runs = window.workspace(QStringLiteral("Runs"));
        QTest::mouseClick(emptyStateButton(runs, QStringLiteral("Describe this machine")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(runCount(window), 1, 30000);
        QVERIFY(runs->isShowingContent());
        const auto* table = runs->content()->findChild<QTableWidget*>();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("sysinfo"));
        QCOMPARE(table->item(0, 2)->text(), QStringLiteral("completed"));
        const auto* details = runs->content()->findChild<QTreeWidget*>();
        QVERIFY(!details->findItems(QStringLiteral("machine"), Qt::MatchExactly).isEmpty());
        // The summary reads as a person would: the CPU with cores and memory in binary units.
        const QString summary = runs->content()->findChild<QLabel*>(QStringLiteral("runSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("CPU: <b>")) &&
                     summary.contains(QStringLiteral("GiB memory")),
                 qPrintable(summary));
        QCOMPARE(window.jobStatusText(), QStringLiteral("sysinfo completed"));
        // The run is in the session file: a new window on the same file sees it.
        window.close();
        MainWindow reopened(options());
        QCOMPARE(runCount(reopened), 1);
    }

    void aWorkloadOnTwoRanksRunsUnderMpirun() {
        if (!SCIPERF_TEST_MPI)
            QSKIP("built without MPI");
        MainWindow window(options());
        window.runWorkload(QStringLiteral("sysinfo"), {}, 2);
        QTRY_COMPARE_WITH_TIMEOUT(runCount(window), 1, 60000);
        const RunRecord run = window.session()->runs()->front();
        QCOMPARE(run.status, std::string("completed"));
        const QJsonObject processes = QJsonDocument::fromJson(QByteArray::fromStdString(run.runJson))
                                          .object()[QStringLiteral("processes")]
                                          .toObject();
        QCOMPARE(processes[QStringLiteral("ranks")].toInt(), 2);
    }

    void crashingChildLeavesTheGuiResponsiveAndShowsTheError() {
        MainWindow window(options(QStringLiteral(FAKE_RUNNER_PATH)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.runWorkload(QStringLiteral("abort")); // the fake runner's mode is its first argument
        QTRY_VERIFY_WITH_TIMEOUT(window.jobStatusText().contains(QStringLiteral("crashed")), 10000);
        QVERIFY(window.jobStatusText().contains(QStringLiteral("simulated driver fault")));
        QVERIFY(window.logText().contains(QStringLiteral("simulated driver fault")));
        QTRY_COMPARE(runCount(window), 1);
        QCOMPARE(window.session()->runs()->front().status, std::string("crashed"));
        // Still responsive: the user can switch workspaces and start another job.
        clickGoToSubmissions(window);
    }

    void hangingChildIsKilledWhileTheGuiKeepsWorking() {
        // A short stall timeout for this test alone: with it, mpirun starting two ranks on a loaded
        // machine was once killed as stalled in aWorkloadOnTwoRanksRunsUnderMpirun.
        MainWindowOptions quickToGiveUp = options(QStringLiteral(FAKE_RUNNER_PATH));
        quickToGiveUp.stallTimeout = 1500ms;
        MainWindow window(quickToGiveUp);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.runWorkload(QStringLiteral("hang"));
        auto* progress = window.findChild<QProgressBar*>(QStringLiteral("jobProgress"));
        QTRY_VERIFY(progress->isVisible());
        // While the child hangs, the user works: tabs switch, events are processed.
        clickGoToSubmissions(window);
        QTRY_VERIFY_WITH_TIMEOUT(window.jobStatusText().contains(QStringLiteral("hung")), 10000);
        QVERIFY(!progress->isVisible());
        QVERIFY(window.logText().contains(QStringLiteral("killing it")));
        QTRY_COMPARE(runCount(window), 1);
        QCOMPARE(window.session()->runs()->front().status, std::string("hung"));
    }

    void cancelButtonStopsTheRunningJob() {
        MainWindow window(options(QStringLiteral(FAKE_RUNNER_PATH)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.runWorkload(QStringLiteral("slow"));
        auto* progress = window.findChild<QProgressBar*>(QStringLiteral("jobProgress"));
        auto* cancel = window.findChild<QToolButton*>(QStringLiteral("cancelJobs"));
        QTRY_VERIFY(cancel->isVisible());
        QTRY_VERIFY(progress->value() > 0);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.jobStatusText().contains(QStringLiteral("cancelled")), 10000);
        QVERIFY(!cancel->isVisible());
        QCOMPARE(window.jobs()->runningCount(), 0);
    }

    void progressIsShownAtMostTwiceASecond() {
        // The child reports every 50 ms; each shown report repaints the window, which on a software
        // renderer costs the cores a benchmark is measuring.
        MainWindow window(options(QStringLiteral(FAKE_RUNNER_PATH)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.runWorkload(QStringLiteral("slow"));
        auto* progress = window.findChild<QProgressBar*>(QStringLiteral("jobProgress"));
        QTRY_VERIFY(progress->value() > 0);
        QSignalSpy shown(progress, &QProgressBar::valueChanged);
        QTest::qWait(2000);
        QVERIFY2(shown.count() >= 2 && shown.count() <= 5, qPrintable(QString::number(shown.count())));
        window.jobs()->cancelAll();
        QTRY_COMPARE(window.jobs()->runningCount(), 0);
    }

    void demoSessionIsOfferedOnFirstStartOnly() {
        {
            MainWindow window(options());
            QVERIFY(window.isDemoOfferVisible());
            QSignalSpy loaded(&window, &MainWindow::mlperfResultsLoaded);
            window.startDemoSession();
            QVERIFY(!window.isDemoOfferVisible());
            QTRY_COMPARE_WITH_TIMEOUT(runCount(window), 1, 30000);
            QCOMPARE(window.session()->runs()->front().workload, std::string("sysinfo"));
            // The embedded MLPerf HPC sample fills Submissions and Scaling, with no external data.
            QVERIFY(loaded.count() == 1 || loaded.wait(30000));
            QCOMPARE(loaded.at(0).at(0).toInt(), 5);
            QVERIFY(window.workspace(QStringLiteral("Submissions"))->isShowingContent());
            QVERIFY(window.workspace(QStringLiteral("Scaling"))->isShowingContent());
        }
        MainWindow second(options());
        QVERIFY(!second.isDemoOfferVisible());
        // The reopened session shows the MLPerf HPC results it had open, unasked.
        QVERIFY(second.isLoadingMlperfResults());
        QSignalSpy reloaded(&second, &MainWindow::mlperfResultsLoaded);
        QVERIFY(reloaded.wait(30000));
        QCOMPARE(reloaded.at(0).at(0).toInt(), 5);
        QVERIFY(second.workspace(QStringLiteral("Submissions"))->isShowingContent());
        QVERIFY(second.workspace(QStringLiteral("Scaling"))->isShowingContent());
        // Another session shows none of them.
        QVERIFY(second.session()->open(m_folder.filePath(QStringLiteral("other.sciperf"))));
        QVERIFY(!second.isLoadingMlperfResults());
        QVERIFY(!second.workspace(QStringLiteral("Submissions"))->isShowingContent());
        QVERIFY(!second.workspace(QStringLiteral("Scaling"))->isShowingContent());
    }

    void aSessionWhoseMlperfResultsAreGoneSaysSo() {
        const QString gone = m_folder.filePath(QStringLiteral("moved-away"));
        {
            auto store = SessionStore::open(options().sessionFile.toStdString());
            QVERIFY(store.ok());
            QVERIFY(store->setMlperfResultsFolder(gone.toStdString()).ok());
        }
        MainWindow window(options());
        QVERIFY(!window.isLoadingMlperfResults());
        QVERIFY2(window.logText().contains(gone + QStringLiteral(", are gone")),
                 qPrintable(window.logText()));
        QVERIFY(!window.workspace(QStringLiteral("Submissions"))->isShowingContent());
    }

    void windowLayoutAndWorkspacePersist() {
        {
            MainWindow window(options());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(900, 640);
            window.showWorkspace(QStringLiteral("Events"));
            QTest::qWait(50);
            window.close();
        }
        MainWindow restored(options());
        restored.show();
        QVERIFY(QTest::qWaitForWindowExposed(&restored));
        QCOMPARE(restored.size(), QSize(900, 640));
        QCOMPARE(restored.findChild<QTabWidget*>()->currentWidget(),
                 restored.workspace(QStringLiteral("Events")));
    }

    void corruptSessionFileIsRefusedWithItsNameAndLeftIntact() {
        const QString path = m_folder.filePath(QStringLiteral("corrupt.sciperf"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QByteArray garbage(4096, 'x');
        file.write(garbage);
        file.close();
        MainWindowOptions corrupt = options();
        corrupt.sessionFile = path;
        MainWindow window(corrupt);
        QVERIFY(!window.session()->isOpen());
        QVERIFY2(window.logText().contains(path), qPrintable(window.logText()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), garbage);
    }

    void aboutListsTheLibrariesFoundAtRunTime() {
        const auto components = componentVersions();
        QStringList names;
        for (const auto& component : components)
            names << component.name;
        QCOMPARE(names,
                 (QStringList{QStringLiteral("Qt"), QStringLiteral("VTK"), QStringLiteral("QCustomPlot"),
                              QStringLiteral("HDF5"), QStringLiteral("SQLite"),
                              QStringLiteral("CUDA runtime"), QStringLiteral("CUPTI")}));
        const QRegularExpression dotted(QStringLiteral("^\\d+\\.\\d+(\\.\\d+)?"));
        QCOMPARE(components[0].version, QString::fromLatin1(qVersion()));
        for (int index = 1; index <= 4; ++index)
            QVERIFY2(dotted.match(components[index].version).hasMatch(), qPrintable(components[index].name));
        for (int index = 5; index <= 6; ++index) // CUDA may be absent: then it says why
            QVERIFY(!components[index].version.isEmpty() || !components[index].detail.isEmpty());
        AboutDialog dialog;
        QCOMPARE(dialog.findChild<QTableWidget*>(QStringLiteral("componentVersions"))->rowCount(), 7);
    }
};

int main(int argc, char** argv) {
    QSurfaceFormat::setDefaultFormat(VtkView::defaultSurfaceFormat());
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SciPerf"));
    QApplication::setApplicationName(QStringLiteral("SciPerf Studio Tests"));
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_main_window.moc"
