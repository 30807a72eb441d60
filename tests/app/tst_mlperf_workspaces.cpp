// The Submissions and Scaling workspaces as an analyst uses them: synthetic submissions whose
// numbers are known (tree, comparison table, speedup and efficiency worked out by hand, the events
// drill-down), then the real MLPerf HPC rounds loaded through the main window.
#include "main_window.h"
#include "scaling_workspace.h"
#include "sciperf/views/convergence_chart.h"
#include "sciperf/views/log_log_chart.h"
#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/time_breakdown_chart.h"
#include "sciperf/views/vtk_view.h"
#include "submissions_workspace.h"
#include "workspace.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QSurfaceFormat>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <cmath>
#include <qcustomplot.h>

using namespace sciperf;
using mlperf::Benchmark;
using mlperf::Scaling;
using mlperf::Submission;

namespace {

mlperf::RunSummary run(int number, double minutes, bool converged, double epochs) {
    mlperf::RunSummary r;
    r.file = "/nowhere/result_" + std::to_string(number) + ".txt";
    r.init = {0, 60e3};
    r.run = {60e3, 60e3 + minutes * 60e3};
    r.timeToTrainMinutes = minutes;
    r.converged = converged;
    r.epochsToConverge = epochs;
    r.evals = {{0, 0, 1.0, 0.3}, {0, 0, epochs, converged ? 0.12 : 0.2}};
    return r;
}

Submission submission(std::string round, std::string org, std::string system, Benchmark benchmark,
                      Scaling scaling, double minutes, std::int64_t accelerators) {
    Submission s;
    s.round = std::move(round);
    s.org = std::move(org);
    s.system = std::move(system);
    s.benchmark = benchmark;
    s.scaling = scaling;
    s.accelerators = accelerators;
    s.score.valid = true;
    s.score.scoreMinutes = minutes;
    s.systemDescription.acceleratorModel = "A100-SXM4-80GB";
    // Epochs 30, 34, 40 (the last did not converge): median of the converged is 32.
    s.runs = {run(1, minutes, true, 30), run(2, minutes * 1.1, true, 34), run(3, minutes * 1.3, false, 40)};
    s.score.runs = 3;
    s.score.converged = 2;
    s.meanStagingSeconds = 91.5851;
    return s;
}

// Ordered as loadResultsTree orders: round, org, system, scaling, benchmark.
std::shared_ptr<mlperf::ResultsTree> syntheticTree() {
    auto tree = std::make_shared<mlperf::ResultsTree>();
    auto& s = tree->submissions;
    s.push_back(
        submission("v1.0", "NVIDIA", "dgxa100_n128", Benchmark::CosmoFlow, Scaling::Strong, 4.0, 1024));
    s.push_back(
        submission("v1.0", "NVIDIA", "dgxa100_n16", Benchmark::CosmoFlow, Scaling::Strong, 24.0, 128));
    s.push_back(
        submission("v1.0", "NVIDIA", "dgxa100_n512", Benchmark::CosmoFlow, Scaling::Weak, 43.9, 4096));
    s.back().score.models = 32;
    s.back().score.instanceScale = 128;
    s.back().score.modelsPerMinute = 32 / 43.9;
    s.push_back(
        submission("v3.0", "HPE+LBNL", "perlmutter_128x4", Benchmark::CosmoFlow, Scaling::Strong, 12.0, 512));
    s.push_back(
        submission("v3.0", "HPE+LBNL", "perlmutter_128x4", Benchmark::Oc20, Scaling::Strong, 21.0, 512));
    s.back().score.valid = false; // an invalid one stays out of the scaling tables
    s.back().score.converged = 1;
    s.back().score.invalidReason = "2 runs did not converge (at most 1 may be dropped)";
    s.back().diagnostics.push_back({"/nowhere/systems/perlmutter_128x4.json", 7, mlperf::Severity::Warning,
                                    "accelerator_model_name is missing"});
    return tree;
}

// The session's own sciperf-gnn training as the demo leaves it: one run of the five a scored entry
// needs, on one CPU node (which counts as one accelerator).
std::shared_ptr<mlperf::ResultsTree> ownFirstRunTree(bool converged) {
    auto tree = std::make_shared<mlperf::ResultsTree>();
    Submission s = submission("", "SciPerf", "host_n1x0_1a2b3c4d", Benchmark::SciperfGnn, Scaling::Strong,
                              std::nan(""), 1);
    s.runs = {run(1, 0.25, converged, 12)};
    s.score.runs = 1;
    s.score.converged = converged ? 1 : 0;
    s.score.valid = false;
    s.score.invalidReason = "too few converged runs for an olympic mean";
    tree->submissions.push_back(s);
    return tree;
}

QString cell(const QAbstractItemModel* model, int row, int column) {
    return model->index(row, column).data().toString();
}

QString dataDirectory() {
    const QString fromEnvironment = qEnvironmentVariable("SCIPERF_DATA_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(SCIPERF_SOURCE_DIR "/../shared/data") : fromEnvironment;
}

} // namespace

class TestMlperfWorkspaces : public QObject {
    Q_OBJECT

    QTemporaryDir m_folder;

    MainWindowOptions options() const {
        MainWindowOptions result;
        result.sessionFile = m_folder.filePath(QStringLiteral("test.sciperf"));
        result.runsFolder = m_folder.filePath(QStringLiteral("runs"));
        return result;
    }

private slots:
    void init() { QSettings().clear(); }

    void treeGroupsRoundsOrganisationsSystemsAndBenchmarks() {
        SubmissionsWorkspace view;
        view.setTree(syntheticTree());
        QTreeWidget* tree = view.tree();
        QCOMPARE(tree->topLevelItemCount(), 2);
        QTreeWidgetItem* v10 = tree->topLevelItem(0);
        QCOMPARE(v10->text(0), QStringLiteral("v1.0"));
        QCOMPARE(v10->childCount(), 1);           // NVIDIA
        QCOMPARE(v10->child(0)->childCount(), 3); // three systems
        QCOMPARE(v10->child(0)->child(2)->child(0)->text(0), QStringLiteral("cosmoflow (weak)"));
        QTreeWidgetItem* v30 = tree->topLevelItem(1);
        QCOMPARE(v30->child(0)->text(0), QStringLiteral("HPE+LBNL"));
        QCOMPARE(v30->child(0)->child(0)->childCount(), 2); // cosmoflow and oc20 on one system
        QCOMPARE(v30->child(0)->child(0)->child(1)->text(0), QStringLiteral("oc20 (strong)"));

        // It opens on the strong submissions of the benchmark with the most of them.
        const auto opened = view.selectedSubmissions();
        QVERIFY(!opened.empty());
        for (const auto* submission : opened) {
            QCOMPARE(submission->scaling, mlperf::Scaling::Strong);
            QCOMPARE(submission->benchmark, opened.front()->benchmark);
        }

        // Selecting a round selects every submission in it.
        tree->clearSelection();
        v10->setSelected(true);
        QCOMPARE(view.selectedSubmissions().size(), std::size_t(3));
        QCOMPARE(view.comparisonTable()->model()->rowCount(), 3);
    }

    void comparisonTableShowsTheSelectedSubmissions() {
        SubmissionsWorkspace view;
        view.resize(1400, 900);
        view.setTree(syntheticTree());
        view.selectSubmissions({1, 2, 4});
        const QAbstractItemModel* table = view.comparisonTable()->model();
        QCOMPARE(table->rowCount(), 3);
        QCOMPARE(table->columnCount(), 14);
        QCOMPARE(cell(table, 0, 2), QStringLiteral("dgxa100_n16"));
        QCOMPARE(cell(table, 0, 4), QStringLiteral("strong"));
        QCOMPARE(cell(table, 0, 5), QStringLiteral("24.0000"));
        QCOMPARE(cell(table, 0, 6), QStringLiteral("—")); // models/min: weak scaling only
        QCOMPARE(cell(table, 0, 7), QStringLiteral("3"));
        QCOMPARE(cell(table, 0, 8), QStringLiteral("2"));
        QCOMPARE(cell(table, 0, 9), QStringLiteral("128"));
        QCOMPARE(cell(table, 0, 10), QStringLiteral("A100-SXM4-80GB"));
        QCOMPARE(cell(table, 0, 11), QStringLiteral("91.6"));
        QCOMPARE(cell(table, 0, 12), QStringLiteral("32.0")); // median of the converged runs' 30 and 34
        QCOMPARE(cell(table, 0, 13), QStringLiteral("valid"));
        QCOMPARE(cell(table, 1, 6), QStringLiteral("0.729")); // 32 models / 43.9 min
        QVERIFY(cell(table, 2, 13).startsWith(QStringLiteral("invalid: 2 runs did not converge")));

        // The first row is current: its runs fill the charts below.
        QCOMPARE(view.currentSubmission(), view.selectedSubmissions()[0]);
        QCOMPARE(view.breakdownChart()->stack(TimeBreakdownChart::Other)->data()->size(), 3);
        QCOMPARE(view.convergenceChart()->plot()->graphCount(), 3);
        QCOMPARE(view.runTable()->model()->rowCount(), 3);

        // Another row: its findings name file:line.
        view.comparisonTable()->selectRow(2);
        QCOMPARE(view.currentSubmission()->benchmark, Benchmark::Oc20);
        const QAbstractItemModel* findings = view.findingTable()->model();
        bool named = false;
        for (int row = 0; row < findings->rowCount(); ++row)
            named =
                named || cell(findings, row, 2) == QStringLiteral("/nowhere/systems/perlmutter_128x4.json:7");
        QVERIFY(named);
        QVERIFY(view.detailTabs()->tabText(3).startsWith(QStringLiteral("Findings (")));

        // Sorting is numeric: 24 min sorts after 4 min although "24" < "4" as text.
        view.selectSubmissions({0, 1});
        view.comparisonTable()->sortByColumn(5, Qt::AscendingOrder);
        QCOMPARE(cell(view.comparisonTable()->model(), 0, 5), QStringLiteral("4.0000"));
    }

    void doubleClickingARunListsItsEvents() {
        QTemporaryDir folder;
        const QString log = folder.filePath(QStringLiteral("result_1.txt"));
        QFile file(log);
        QVERIFY(file.open(QIODevice::WriteOnly));
        auto line = [&file](double timeMs, const char* type, const char* key, const char* value,
                            const char* metadata) {
            file.write(
                QStringLiteral(":::MLLOG {\"namespace\": \"\", \"time_ms\": %1, \"event_type\": \"%2\", "
                               "\"key\": \"%3\", \"value\": %4, \"metadata\": %5}\n")
                    .arg(timeMs, 0, 'f', 0)
                    .arg(QLatin1String(type), QLatin1String(key), QLatin1String(value),
                         QLatin1String(metadata))
                    .toUtf8());
        };
        line(1000, "INTERVAL_START", "init_start", "null", "{}");
        line(2000, "INTERVAL_END", "init_stop", "null", "{}");
        line(2000, "INTERVAL_START", "run_start", "null", "{}");
        line(5000, "POINT_IN_TIME", "eval_error", "0.2", "{\"epoch_num\": 1}");
        line(8000, "POINT_IN_TIME", "eval_error", "0.12", "{\"epoch_num\": 2}");
        line(9500, "INTERVAL_END", "run_stop", "null", "{\"status\": \"success\"}");
        file.close();

        auto tree = syntheticTree();
        tree->submissions[0].runs[0].file = log.toStdString();
        SubmissionsWorkspace view;
        view.resize(1400, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setTree(tree);
        view.selectSubmissions({0});
        view.detailTabs()->setCurrentIndex(1);
        QTableView* runs = view.runTable();
        const QModelIndex first = runs->model()->index(0, 0);
        QCOMPARE(first.data().toString(), QStringLiteral("result_1"));
        QTRY_VERIFY(runs->isVisible() && runs->viewport()->rect().contains(runs->visualRect(first).center()));
        // As a user double-clicks: a click, then the double-click.
        QTest::mouseClick(runs->viewport(), Qt::LeftButton, {}, runs->visualRect(first).center());
        QTest::mouseDClick(runs->viewport(), Qt::LeftButton, {}, runs->visualRect(first).center());
        QTRY_COMPARE(view.detailTabs()->currentIndex(), 2);
        const QAbstractItemModel* events = view.eventTable()->model();
        QCOMPARE(events->rowCount(), 6);
        QCOMPARE(cell(events, 0, 0), QStringLiteral("1"));
        QCOMPARE(cell(events, 0, 1), QStringLiteral("-1.000")); // init precedes run_start
        QCOMPARE(cell(events, 5, 1), QStringLiteral("7.500"));
        QCOMPARE(cell(events, 5, 2), QStringLiteral("INTERVAL_END"));
        QCOMPARE(cell(events, 5, 3), QStringLiteral("run_stop"));
        QVERIFY(cell(events, 5, 5).contains(QStringLiteral("success")));
        QCOMPARE(cell(events, 3, 4), QStringLiteral("0.2"));
    }

    void scalingComputesSpeedupAndEfficiencyAgainstTheBaseline() {
        ScalingWorkspace view;
        view.resize(1400, 900);
        view.setTree(syntheticTree());
        // cosmoflow has the most strong-scaling submissions: chosen first.
        QVERIFY(view.benchmarkBox()->currentText().startsWith(QStringLiteral("cosmoflow")));
        // Baselines: valid strong submissions by accelerators (oc20's invalid one is not there).
        QCOMPARE(view.baselineBox()->count(), 3);
        QVERIFY(view.baselineBox()->itemText(0).contains(QStringLiteral("dgxa100_n16")));
        const QStandardItemModel* table = view.strongModel();
        QCOMPARE(table->rowCount(), 3);
        // Baseline n16: 24 min on 128. perlmutter: 12 min on 512 -> speedup 2, efficiency
        // 2 x 128 / 512 = 50 %. n128: 4 min on 1024 -> speedup 6, efficiency 6 x 128 / 1024 = 75 %.
        QCOMPARE(cell(table, 0, 3), QStringLiteral("1.00"));
        QCOMPARE(cell(table, 0, 4), QStringLiteral("100.0"));
        QCOMPARE(cell(table, 1, 0), QStringLiteral("perlmutter_128x4"));
        QCOMPARE(cell(table, 1, 3), QStringLiteral("2.00"));
        QCOMPARE(cell(table, 1, 4), QStringLiteral("50.0"));
        QCOMPARE(cell(table, 2, 3), QStringLiteral("6.00"));
        QCOMPARE(cell(table, 2, 4), QStringLiteral("75.0"));

        // Baseline n128: n16 has speedup 4 / 24 = 0.17 and efficiency 1/6 x 1024 / 128 = 133.3 %.
        view.baselineBox()->setCurrentIndex(2);
        QCOMPARE(cell(table, 0, 3), QStringLiteral("0.17"));
        QCOMPARE(cell(table, 0, 4), QStringLiteral("133.3"));
        QVERIFY(table->item(2, 0)->font().bold());

        // The plot: cosmoflow and oc20 each a series (oc20 has no valid point), plus the ideal line.
        QCustomPlot* plot = view.strongChart()->plot();
        QCOMPARE(plot->graph(0)->name(), QStringLiteral("cosmoflow"));
        QCOMPARE(plot->graph(0)->data()->size(), 3);
        QCOMPARE(plot->xAxis->label(), QStringLiteral("Accelerators"));
        QCOMPARE(plot->yAxis->label(), QStringLiteral("Time to train (minutes)"));

        // Weak scaling: the one weak submission, with its throughput.
        QCOMPARE(view.weakModel()->rowCount(), 1);
        QCOMPARE(cell(view.weakModel(), 0, 4), QStringLiteral("4096"));
        QCOMPARE(cell(view.weakModel(), 0, 8), QStringLiteral("0.729"));
        QCOMPARE(view.weakChart()->plot()->graph(0)->data()->size(), 1);
    }

    void ownRunsInProgressShowAsAProvisionalPoint() {
        ScalingWorkspace view;
        view.resize(1400, 900);
        view.setTree(ownFirstRunTree(true));
        QCOMPARE(view.benchmarkBox()->currentText(), QStringLiteral("sciperf-gnn (1 submission)"));
        QCOMPARE(view.baselineBox()->count(), 0); // a provisional entry is no baseline
        QCOMPARE(view.baselineBox()->currentText(), QString());
        QVERIFY(view.baselineBox()->placeholderText().contains(QStringLiteral("no valid entry")));
        QCOMPARE(view.strongRows().size(), std::size_t(1));
        QVERIFY(view.strongRows()[0].provisional);
        const QStandardItemModel* table = view.strongModel();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(cell(table, 0, 2), QStringLiteral("0.250"));
        QCOMPARE(cell(table, 0, 3), QStringLiteral("—")); // no speedup without a valid baseline
        QCOMPARE(cell(table, 0, 5), QStringLiteral("provisional: 1 of 5 runs"));

        LogLogChart* chart = view.strongChart();
        QVERIFY(chart->shownMessage().isEmpty());
        QCOMPARE(chart->plot()->graphCount(), 1);
        QCPGraph* point = chart->plot()->graph(0);
        QCOMPARE(point->name(), QStringLiteral("sciperf-gnn provisional: fewer than 5 runs"));
        QCOMPARE(point->scatterStyle().shape(), QCPScatterStyle::ssCircle);
        QCOMPARE(point->data()->size(), 1);
        QCOMPARE(point->data()->at(0)->key, 1.0);
        QCOMPARE(point->data()->at(0)->value, 0.25);
        QVERIFY(chart->plot()->xAxis->visible());
        // Whole decades around the one point, not the made-up 1e-4..1e1 of an empty plot.
        QCOMPARE(chart->plot()->yAxis->range().lower, 0.1);
        QCOMPARE(chart->plot()->yAxis->range().upper, 1.0);

        // No weak scaling at all: one line says so, and the strong-scaling chart has the height.
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto* noWeak = view.findChild<QLabel*>(QStringLiteral("noWeakScaling"));
        QVERIFY(noWeak && noWeak->isVisible());
        QCOMPARE(noWeak->text(), QStringLiteral("No weak-scaling submissions in the results open."));
        QVERIFY(!view.weakChart()->isVisible());
        QCOMPARE(view.weakModel()->rowCount(), 0);
        QVERIFY2(view.weakSection()->height() < 80,
                 qPrintable(QString::number(view.weakSection()->height())));
        QVERIFY2(chart->height() > view.height() * 3 / 4, qPrintable(QString::number(chart->height())));

        // Results with weak scaling bring the section back.
        view.setTree(syntheticTree());
        QTRY_VERIFY(view.weakChart()->isVisible());
        QVERIFY(!noWeak->isVisible());
        QTRY_VERIFY(view.weakSection()->height() > 200);
    }

    void aBenchmarkWithNothingToPlotSaysWhy() {
        ScalingWorkspace view;
        view.resize(1400, 900);
        view.setTree(ownFirstRunTree(false));
        QCOMPARE(view.strongModel()->rowCount(), 0);
        LogLogChart* chart = view.strongChart();
        QCOMPARE(chart->shownMessage(),
                 QStringLiteral("No valid sciperf-gnn entry yet: a scored entry needs 5 "
                                "runs of one configuration; the best has 1, none "
                                "converged."));
        QCOMPARE(chart->plot()->graphCount(), 0);
        QVERIFY(!chart->plot()->xAxis->visible());
        QVERIFY(!chart->plot()->yAxis->visible());
        QVERIFY(!chart->plot()->legend->visible());
    }

    void opensTheRealRoundsInTheBackground() {
        const QString root = dataDirectory() + QStringLiteral("/mlperf-hpc");
        if (!QFileInfo::exists(root + QStringLiteral("/v1.0")))
            QSKIP(qPrintable(QStringLiteral("no MLPerf HPC data at %1 (set SCIPERF_DATA_DIR)").arg(root)));
        MainWindow window(options());
        window.resize(1600, 1000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy loaded(&window, &MainWindow::mlperfResultsLoaded);
        window.openMlperfResults(root);
        QVERIFY(window.isLoadingMlperfResults());
        QVERIFY(loaded.wait(120000));
        const int count = loaded.first().first().toInt();
        if (count == 0)
            QSKIP("loadResultsTree found no submissions: the analysis is not implemented in this build");
        QVERIFY(!window.isLoadingMlperfResults());
        QVERIFY(window.workspace(QStringLiteral("Submissions"))->isShowingContent());
        QVERIFY(window.workspace(QStringLiteral("Scaling"))->isShowingContent());
        QVERIFY2(window.logText().contains(QStringLiteral("submissions from")), qPrintable(window.logText()));
        QVERIFY(window.jobStatusText().contains(QStringLiteral("submissions loaded")));

        SubmissionsWorkspace* submissions = window.submissionsWorkspace();
        QCOMPARE(submissions->tree()->topLevelItemCount(), 3); // v0.7, v1.0, v3.0
        const auto& all = submissions->resultsTree()->submissions;
        QCOMPARE(int(all.size()), count);
        const auto find = [&all](const char* round, const char* org, const char* system,
                                 Benchmark benchmark) {
            for (std::size_t i = 0; i < all.size(); ++i)
                if (all[i].round == round && all[i].org == org && all[i].system == system &&
                    all[i].benchmark == benchmark && all[i].scaling == Scaling::Strong)
                    return i;
            return all.size();
        };
        const std::vector<std::size_t> cosmoflow{
            find("v1.0", "NVIDIA", "dgxa100_n16_ngc21.09_mxnet", Benchmark::CosmoFlow),
            find("v1.0", "NVIDIA", "dgxa100_n128_ngc21.09_mxnet", Benchmark::CosmoFlow),
            find("v1.0", "LBNL", "perlmutter_256x4_ngc21.09_mxnet", Benchmark::CosmoFlow),
            find("v1.0", "HelmholtzAI", "juwelsbooster_gpu_n512_mxnet1.9", Benchmark::CosmoFlow),
            find("v3.0", "HPE+LBNL", "perlmutter_128x4", Benchmark::CosmoFlow)};
        for (std::size_t index : cosmoflow)
            QVERIFY(index < all.size());

        // EXPECTED_scores.csv: v1.0 NVIDIA dgxa100_n128_ngc21.09_mxnet cosmoflow 7.1150625 min.
        submissions->selectSubmissions({cosmoflow[1]});
        const QAbstractItemModel* table = submissions->comparisonTable()->model();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(cell(table, 0, 5), QStringLiteral("7.1151"));
        QCOMPARE(cell(table, 0, 9), QStringLiteral("1024"));
        QCOMPARE(cell(table, 0, 13), QStringLiteral("valid"));

        submissions->selectSubmissions(cosmoflow);
        QCOMPARE(table->rowCount(), 5);
        QCOMPARE(submissions->breakdownChart()->stack(TimeBreakdownChart::Training)->data()->size(), 10);
        QCOMPARE(submissions->convergenceChart()->plot()->graphCount(), 10);

        ScalingWorkspace* scaling = window.scalingWorkspace();
        QVERIFY(scaling->benchmarkBox()->currentText().startsWith(QStringLiteral("cosmoflow")));
        QVERIFY(scaling->strongModel()->rowCount() >= 5);
        QCOMPARE(scaling->weakModel()->rowCount(), 2); // v1.0 HelmholtzAI deepcam, NVIDIA cosmoflow

        // Screenshots for people to look at, where asked for: SCIPERF_SCREENSHOT_DIR.
        const QString shots = qEnvironmentVariable("SCIPERF_SCREENSHOT_DIR");
        if (shots.isEmpty())
            return;
        QDir().mkpath(shots);
        auto grab = [&window, &shots](const QString& name) {
            QTest::qWait(300); // queued replots land
            QVERIFY(window.grab().save(shots + QLatin1Char('/') + name));
        };
        submissions->comparisonTable()->selectRow(1); // n128
        grab(QStringLiteral("1-submissions-cosmoflow.png"));
        submissions->detailTabs()->setCurrentIndex(1);
        grab(QStringLiteral("2-runs.png"));
        const QModelIndex firstRun = submissions->runTable()->model()->index(0, 0);
        submissions->showRunEvents(firstRun.data(kFileRole).toString());
        grab(QStringLiteral("3-run-events.png"));
        submissions->detailTabs()->setCurrentIndex(3);
        grab(QStringLiteral("4-findings.png"));
        window.showWorkspace(QStringLiteral("Scaling"));
        grab(QStringLiteral("5-scaling.png"));
    }
};

int main(int argc, char** argv) {
    QSurfaceFormat::setDefaultFormat(VtkView::defaultSurfaceFormat());
    QApplication application(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SciPerf"));
    QApplication::setApplicationName(QStringLiteral("SciPerf Studio Tests"));
    TestMlperfWorkspaces test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mlperf_workspaces.moc"
