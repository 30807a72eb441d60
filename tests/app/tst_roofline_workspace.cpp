// The Roofline workspace fed the runs of a session: sources, the kernel table (hand-computed rows),
// top N, table <-> chart linking, comparison arrows, import errors, exports, the main window's
// wiring, and a screenshot for people to look at.
#include "main_window.h"
#include "roofline_workspace.h"
#include "sciperf/views/roofline_chart.h"
#include "sciperf/views/time_roofline_chart.h"
#include "sciperf/views/vtk_view.h"
#include "session.h"
#include "workspace.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QSurfaceFormat>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

using namespace sciperf;

namespace {

QString fixture(const QString& name) {
    return QStringLiteral(SCIPERF_SOURCE_DIR "/tests/data/app/roofline/") + name;
}

RunRecord run(std::int64_t id, const QString& directory) {
    QFile file(fixture(directory) + QStringLiteral("/run.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(file.fileName()));
    RunRecord record;
    record.id = id;
    record.workload = directory.toStdString();
    record.status = "completed";
    record.runDirectory = fixture(directory).toStdString();
    record.runJson = file.readAll().toStdString();
    return record;
}

// The session's runs, oldest first: ceilings, then the two kernel runs.
std::vector<RunRecord> sessionRuns() {
    return {run(1, QStringLiteral("ert")), run(2, QStringLiteral("cpu-kernels")),
            run(3, QStringLiteral("cpu-kernels-b"))};
}

// What the table shows in `column` for each row, top to bottom.
QStringList column(const QTableView& table, int column) {
    QStringList cells;
    for (int row = 0; row < table.model()->rowCount(); ++row)
        cells << table.model()->index(row, column).data().toString();
    return cells;
}

QString cell(const QTableView& table, int row, int column) {
    return table.model()->index(row, column).data().toString();
}

} // namespace

class TestRooflineWorkspace : public QObject {
    Q_OBJECT

    // The workspace on the fixtures: ERT ceilings (L1 1000, L2 400, DRAM 100 GB/s; FP64 1000, FP32
    // 2000 GFLOP/s) and the kernels of run "cpu-kernels".
    static void load(RooflineWorkspace& workspace) {
        workspace.setRuns(sessionRuns());
        workspace.selectRun(fixture(QStringLiteral("ert")));
        workspace.selectRun(fixture(QStringLiteral("cpu-kernels")));
    }

private slots:
    void initTestCase() { QSettings().clear(); }

    void sourcesComeFromTheRuns() {
        RooflineWorkspace workspace;
        QVERIFY(!workspace.hasContent());
        QSignalSpy content(&workspace, &RooflineWorkspace::contentChanged);
        workspace.setRuns(sessionRuns());
        QVERIFY(workspace.hasContent());
        QVERIFY(content.last().at(0).toBool());
        QCOMPARE(workspace.ceilingsBox()->count(), 1);
        QVERIFY(workspace.ceilingsBox()->currentText().contains(QStringLiteral("ert")));
        QVERIFY(workspace.ceilingsBox()->currentText().contains(QStringLiteral("CPU")));
        QCOMPARE(workspace.kernelsBox()->count(), 2);
        // The newest kernel run first; "compare with" offers nothing or either kernel run.
        QVERIFY(workspace.kernelsBox()->currentText().contains(QStringLiteral("2025-01-11 10:00")));
        QCOMPARE(workspace.compareBox()->count(), 3);
        QCOMPARE(workspace.compareBox()->currentIndex(), 0);
        // A run without run.json content of ours (a failed run's record) is no source and no error.
        RunRecord failed;
        failed.status = "failed";
        failed.runJson = R"({"status": "failed", "message": "no such workload"})";
        std::vector<RunRecord> runs = sessionRuns();
        runs.push_back(failed);
        workspace.setRuns(runs);
        QCOMPARE(workspace.kernelsBox()->count(), 2);
        QVERIFY(workspace.message().isEmpty());
    }

    void tableRowsAreTheKernelsByTime() {
        RooflineWorkspace workspace;
        load(workspace);
        const QTableView& table = *workspace.kernelTable();
        QCOMPARE(column(table, 0), (QStringList{"triad", "dgemm", "stencil", "saxpy", "dot"}));
        const QStringList header = [&table] {
            QStringList names;
            for (int c = 0; c < table.model()->columnCount(); ++c)
                names << table.model()->headerData(c, Qt::Horizontal).toString();
            return names;
        }();
        QCOMPARE(header, (QStringList{"Kernel", "Precision", "Launches", "Time (ms)", "GFLOP", "GFLOP/s",
                                      "AI L1 (FLOP/byte)", "AI DRAM (FLOP/byte)", "% of roof", "Limiter",
                                      "Provenance", "Origin"}));
        // triad: 2 GFLOP in 10 ms = 200 GFLOP/s; AI 2 / 4 = 0.5 at L1, 2 / 1 = 2 at DRAM; its DRAM
        // roof 2 x 100 = 200 GFLOP/s is the lowest (L1: 500, FP64: 1000): 100 %, DRAM.
        QCOMPARE(cell(table, 0, 1), QStringLiteral("FP64"));
        QCOMPARE(cell(table, 0, 2), QStringLiteral("10"));
        QCOMPARE(cell(table, 0, 3), QStringLiteral("10.0"));
        QCOMPARE(cell(table, 0, 4), QStringLiteral("2.00"));
        QCOMPARE(cell(table, 0, 5), QStringLiteral("200"));
        QCOMPARE(cell(table, 0, 6), QStringLiteral("0.500"));
        QCOMPARE(cell(table, 0, 7), QStringLiteral("2.00"));
        QCOMPARE(cell(table, 0, 8), QStringLiteral("100"));
        QCOMPARE(cell(table, 0, 9), QStringLiteral("DRAM (memory)"));
        QCOMPARE(cell(table, 0, 10), QStringLiteral("counted by workload"));
        // dgemm: 4 GFLOP in 8 ms = 500 GFLOP/s; AI 40 at DRAM (roof 4000) and 2 at L1 (2000): FP64's
        // 1000 limits, 50 %.
        QCOMPARE(cell(table, 1, 8), QStringLiteral("50.0"));
        QCOMPARE(cell(table, 1, 9), QStringLiteral("FP64 (compute)"));
        // dot: 0.2 GFLOP in 2 ms = 100 GFLOP/s at DRAM AI 0.25 (roof 25): 400 %, flagged in red.
        QCOMPARE(cell(table, 4, 8), QStringLiteral("400"));
        QCOMPARE(table.model()->index(4, 8).data(Qt::ForegroundRole).value<QBrush>().color(),
                 QColor(220, 0, 0));
        QVERIFY(workspace.chart()->isAboveRoof(4, "DRAM")); // the chart's kernels are in the same order
    }

    void topNKeepsTheLongestKernels() {
        RooflineWorkspace workspace;
        load(workspace);
        workspace.topBox()->setValue(3);
        QCOMPARE(column(*workspace.kernelTable(), 0), (QStringList{"triad", "dgemm", "stencil"}));
        QCOMPARE(workspace.shownKernels().size(), std::size_t(3));
        QVERIFY(workspace.chart()->markerGraph(2, "DRAM") != nullptr);
        QVERIFY(workspace.chart()->markerGraph(3, "DRAM") == nullptr);
    }

    void tableAndChartsSelectTogether() {
        RooflineWorkspace workspace;
        load(workspace);
        workspace.resize(1400, 900);
        workspace.show();
        QVERIFY(QTest::qWaitForWindowExposed(&workspace));
        QTableView* table = workspace.kernelTable();
        table->selectRow(1); // dgemm, kernel 1 of the shown list
        QCOMPARE(workspace.selectedKernel(), 1);
        QCOMPARE(workspace.chart()->selectedKernel(), 1);
        QCOMPARE(workspace.timeChart()->selectedKernel(), 1);

        // A click on dot's DRAM marker (AI 0.25, 100 GFLOP/s) selects its row.
        QCustomPlot* plot = workspace.chart()->plot();
        plot->replot();
        const QPoint at(static_cast<int>(plot->xAxis->coordToPixel(0.25)),
                        static_cast<int>(plot->yAxis->coordToPixel(100.0)));
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QCOMPARE(workspace.selectedKernel(), 4);
        QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
        QCOMPARE(table->selectionModel()->selectedRows().front().data().toString(), QStringLiteral("dot"));
        QCOMPARE(workspace.timeChart()->selectedKernel(), 4);
    }

    void comparisonDrawsAnArrowPerMatchedKernel() {
        RooflineWorkspace workspace;
        load(workspace);
        QCOMPARE(workspace.chart()->comparisonArrowCount(), 0);
        // Run B has triad, dgemm and dot (and "fused", new); stencil and saxpy are gone.
        workspace.compareBox()->setCurrentIndex(workspace.compareBox()->findData(
            QStringLiteral("run:") + fixture(QStringLiteral("cpu-kernels-b")) + QStringLiteral("#kernels")));
        QCOMPARE(workspace.levelBox()->currentText(), QStringLiteral("DRAM"));
        QCOMPARE(workspace.chart()->comparisonArrowCount(), 3);
        workspace.topBox()->setValue(1); // only triad is shown, so only it is compared
        QCOMPARE(workspace.chart()->comparisonArrowCount(), 1);
    }

    void timeBasedRooflineUsesTheChosenLevel() {
        RooflineWorkspace workspace;
        load(workspace);
        // DRAM: P 2000 GFLOP/s (the top ceiling), W 100 GB/s; triad moves 1 GB and does 2 GFLOP.
        QCPGraph* triad = workspace.timeChart()->segmentGraph(0);
        QVERIFY(triad != nullptr);
        QCOMPARE(triad->data()->constBegin()->key, 1.0);
        QCOMPARE(triad->data()->constBegin()->value, 2.0);
        QCOMPARE(workspace.timeChart()->plot()->xAxis->label(), QStringLiteral("Bytes moved at DRAM (GB)"));
        workspace.levelBox()->setCurrentText(QStringLiteral("L1"));
        QCOMPARE(workspace.timeChart()->segmentGraph(0)->data()->constBegin()->key, 4.0);
    }

    void malformedImportsNameTheFileAndLine() {
        RooflineWorkspace workspace;
        QSignalSpy problems(&workspace, &RooflineWorkspace::problem);
        const QString csv = fixture(QStringLiteral("ncu-malformed.csv"));
        QVERIFY(!workspace.importFile(csv));
        QCOMPARE(problems.count(), 1);
        const QString message = problems.at(0).at(0).toString();
        QVERIFY2(message.contains(csv + QStringLiteral(":3")), qPrintable(message));
        QCOMPARE(workspace.message(), message);
        QVERIFY(!workspace.hasContent());

        const QString missing = fixture(QStringLiteral("no-such-file.json"));
        QVERIFY(!workspace.importFile(missing));
        QVERIFY(problems.last().at(0).toString().contains(missing));
    }

    void importedErtCeilingsBecomeASource() {
        RooflineWorkspace workspace;
        const QString ert = QStringLiteral(SCIPERF_SOURCE_DIR "/tests/data/roofline/ert-cori-v100.json");
        QVERIFY(workspace.importFile(ert));
        QVERIFY(workspace.hasContent());
        QVERIFY(workspace.ceilingsBox()->currentText().contains(QStringLiteral("ert-cori-v100.json")));
        QVERIFY(workspace.chart()->bandwidthGraph("L1") != nullptr);
        // Imports stay when the session's runs change.
        workspace.setRuns(sessionRuns());
        QCOMPARE(workspace.ceilingsBox()->count(), 2);
    }

    void exportsJsonCsvAndCharts() {
        RooflineWorkspace workspace;
        load(workspace);
        QTemporaryDir folder;
        const QString json = folder.filePath(QStringLiteral("points.json"));
        QVERIFY(workspace.exportJson(json));
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject exported = QJsonDocument::fromJson(jsonFile.readAll()).object();
        const QJsonArray kernels = exported.value(QStringLiteral("kernels")).toArray();
        QCOMPARE(kernels.size(), 5);
        QCOMPARE(kernels.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("triad"));
        const QJsonArray levels = exported.value(QStringLiteral("ceilings"))
                                      .toObject()
                                      .value(QStringLiteral("empirical"))
                                      .toObject()
                                      .value(QStringLiteral("gbytes"))
                                      .toObject()
                                      .value(QStringLiteral("data"))
                                      .toArray();
        QCOMPARE(levels.size(), 3);
        QCOMPARE(levels.at(2).toArray().at(0).toString(), QStringLiteral("DRAM"));
        QCOMPARE(levels.at(2).toArray().at(1).toDouble(), 100.0);

        const QString csv = folder.filePath(QStringLiteral("kernels.csv"));
        QVERIFY(workspace.exportCsv(csv));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csvFile.readAll()).split(QStringLiteral("\r\n"));
        QVERIFY(lines.at(0).startsWith(QStringLiteral("Kernel,Precision,Launches,Time (ms)")));
        QVERIFY(lines.at(1).startsWith(QStringLiteral("triad,FP64,10,10.0,2.00,200,0.500,2.00,100,")));

        for (const QString& name : {QStringLiteral("chart.png"), QStringLiteral("chart.svg")}) {
            QVERIFY(workspace.exportChart(folder.filePath(name)));
            QVERIFY(QFileInfo(folder.filePath(name)).size() > 1000);
        }
    }

    void mainWindowShowsTheWorkspaceOnceARunHasRooflineContent() {
        QTemporaryDir folder;
        MainWindowOptions options;
        options.sessionFile = folder.filePath(QStringLiteral("test.sciperf"));
        options.runsFolder = folder.filePath(QStringLiteral("runs"));
        MainWindow window(options);
        Workspace* roofline = window.workspace(QStringLiteral("Roofline"));
        QVERIFY(!roofline->isShowingContent());
        QVERIFY(window.session()->importRunDirectory(fixture(QStringLiteral("ert"))));
        QVERIFY(roofline->isShowingContent());
        QVERIFY(window.rooflineWorkspace()->chart()->bandwidthGraph("DRAM") != nullptr);
    }

    void screenshot() {
        RooflineWorkspace workspace;
        load(workspace);
        workspace.resize(1500, 950);
        workspace.show();
        QVERIFY(QTest::qWaitForWindowExposed(&workspace));
        const QString shots = qEnvironmentVariable("SCIPERF_BINARY_DIR", QDir::currentPath()) +
                              QStringLiteral("/screenshots/roofline");
        QDir().mkpath(shots);
        auto grab = [&workspace, &shots](const QString& name) {
            QTest::qWait(300); // queued replots land
            const QString file = shots + QLatin1Char('/') + name;
            QVERIFY(workspace.grab().save(file));
            qInfo("screenshot: %s", qPrintable(file));
        };
        workspace.selectKernel(0);
        grab(QStringLiteral("1-hierarchical.png"));
        workspace.compareBox()->setCurrentIndex(1); // run B, the newest
        grab(QStringLiteral("2-compare.png"));
        workspace.compareBox()->setCurrentIndex(0);
        workspace.coloringBox()->setCurrentIndex(1);
        workspace.tabs()->setCurrentIndex(1);
        workspace.selectKernel(1);
        grab(QStringLiteral("3-time-based.png"));
    }
};

int main(int argc, char** argv) {
    QSurfaceFormat::setDefaultFormat(VtkView::defaultSurfaceFormat()); // the main window's event view
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SciPerf"));
    QApplication::setApplicationName(QStringLiteral("SciPerf Studio Tests"));
    TestRooflineWorkspace test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_roofline_workspace.moc"
