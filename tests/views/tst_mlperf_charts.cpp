// The MLPerf HPC charts and tables, fed synthetic runs whose numbers are known: what each bar
// stacks, which curves and target the convergence chart draws, and what the exports write.
#include "sciperf/views/convergence_chart.h"
#include "sciperf/views/log_log_chart.h"
#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/plot_export.h"
#include "sciperf/views/time_breakdown_chart.h"

#include <QFile>
#include <QImage>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <qcustomplot.h>

using namespace sciperf;
using mlperf::RunSummary;

namespace {

mlperf::Interval interval(double startS, double stopS) {
    return {startS * 1e3, stopS * 1e3};
}

// A v1.0-style run: staging inside the timed run. init 0..100 s, run 100..1300 s with staging
// 100..160 s, epochs 1000 s of which 80 s evaluation; so other = 1200 - 60 - 1000 = 140 s.
RunSummary stagingInRun(int number) {
    RunSummary run;
    run.file = "/results/sys/strong/cosmoflow/result_" + std::to_string(number) + ".txt";
    run.init = interval(0, 100);
    run.run = interval(100, 1300 + number); // bars differ, so a mix-up of runs shows
    run.staging = interval(100, 160);
    run.stagingInsideRun = true;
    run.epochSeconds = 1000;
    run.evalSeconds = 80;
    run.trainSeconds = 920;
    run.converged = true;
    for (int epoch = 1; epoch <= 4; ++epoch)
        run.evals.push_back({0, 0, double(epoch), 0.4 / epoch + 0.01 * number});
    return run;
}

// A v3.0-style run: staging before run_start, inside init; no epoch intervals logged.
RunSummary stagingInInit() {
    RunSummary run;
    run.file = "/results/sys/strong/cosmoflow/result_9.txt";
    run.init = interval(0, 50);
    run.staging = interval(10, 40);
    run.run = interval(50, 350);
    run.epochSeconds = mlperf::kNoTime;
    run.evalSeconds = mlperf::kNoTime;
    run.trainSeconds = mlperf::kNoTime;
    run.converged = false;
    run.evals.push_back({0, 0, 1.0, 0.5});
    run.evals.push_back({0, 0, 2.0, 0.3});
    return run;
}

double stackedValue(const TimeBreakdownChart& chart, int bar) {
    double sum = 0;
    for (int c = 0; c < TimeBreakdownChart::ComponentCount; ++c)
        sum += (chart.stack(TimeBreakdownChart::Component(c))->data()->begin() + bar)->value;
    return sum;
}

// RFC 4180 reader, enough to prove that what tableToCsv writes reads back field by field.
QList<QStringList> parseCsv(const QString& csv) {
    QList<QStringList> rows{{}};
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < csv.size(); ++i) {
        const QChar c = csv[i];
        if (quoted) {
            if (c == '"' && i + 1 < csv.size() && csv[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.last() << field;
            field.clear();
        } else if (c == '\r') {
            continue;
        } else if (c == '\n') {
            rows.last() << field;
            field.clear();
            rows.append(QStringList{});
        } else {
            field += c;
        }
    }
    if (rows.last().isEmpty())
        rows.removeLast();
    return rows;
}

} // namespace

class TestMlperfCharts : public QObject {
    Q_OBJECT

private slots:
    void breakdownPartitionsTheRunWithoutOverlap() {
        const TimeBreakdown inRun = timeBreakdown(stagingInRun(0));
        QCOMPARE(inRun.initialisation, 100.0);
        QCOMPARE(inRun.staging, 60.0);
        QCOMPARE(inRun.training, 920.0);
        QCOMPARE(inRun.evaluation, 80.0);
        QCOMPARE(inRun.other, 140.0);
        QCOMPARE(inRun.total(), 100.0 + 1200.0); // init + run

        // Staging inside init is not counted twice; without epochs the run is all "other".
        const TimeBreakdown inInit = timeBreakdown(stagingInInit());
        QCOMPARE(inInit.initialisation, 20.0);
        QCOMPARE(inInit.staging, 30.0);
        QCOMPARE(inInit.training, 0.0);
        QCOMPARE(inInit.other, 300.0);
        QCOMPARE(inInit.total(), 50.0 + 300.0);

        RunSummary overfull = stagingInRun(0); // epochs logged longer than the run: other clamps at 0
        overfull.epochSeconds = 5000;
        QCOMPARE(timeBreakdown(overfull).other, 0.0);
    }

    void breakdownBarsStackToEachRunsTotal() {
        TimeBreakdownChart chart;
        chart.resize(800, 500);
        const std::vector<RunSummary> runs{stagingInRun(0), stagingInRun(1), stagingInInit()};
        chart.setRuns(runs, QStringLiteral("cosmoflow"));
        // Longest bar 1301 s > 10 min: minutes, and the axis says so.
        QCOMPARE(chart.secondsPerUnit(), 60.0);
        QVERIFY(chart.plot()->yAxis->label().contains(QStringLiteral("minutes")));
        for (int c = 0; c < TimeBreakdownChart::ComponentCount; ++c)
            QCOMPARE(chart.stack(TimeBreakdownChart::Component(c))->data()->size(), 3);
        for (int bar = 0; bar < 3; ++bar)
            QVERIFY(qFuzzyCompare(stackedValue(chart, bar) * 60.0, timeBreakdown(runs[bar]).total()));
        QVERIFY(qFuzzyCompare(stackedValue(chart, 1) * 60.0, 100.0 + 1201.0));
        // Each stack sits on the one below, bottom to top in component order.
        QCOMPARE(chart.stack(TimeBreakdownChart::Staging)->barBelow(),
                 chart.stack(TimeBreakdownChart::Initialisation));
        QCOMPARE(chart.stack(TimeBreakdownChart::Other)->barBelow(),
                 chart.stack(TimeBreakdownChart::Evaluation));
        // Runs are named on the axis as their files are.
        auto ticker = chart.plot()->xAxis->ticker().dynamicCast<QCPAxisTickerText>();
        QVERIFY(ticker);
        QCOMPARE(ticker->ticks().value(3.0), QStringLiteral("result_9"));
        QCOMPARE(chart.plot()->legend->itemCount(), int(TimeBreakdownChart::ComponentCount));

        chart.setRuns({stagingInInit()}); // 350 s: seconds
        QCOMPARE(chart.secondsPerUnit(), 1.0);
        QVERIFY(chart.plot()->yAxis->label().contains(QStringLiteral("seconds")));
    }

    void convergenceDrawsEveryRunAndTheTarget() {
        ConvergenceChart chart;
        chart.resize(800, 500);
        chart.setRuns({stagingInRun(0), stagingInRun(1), stagingInInit()}, mlperf::Benchmark::CosmoFlow);
        QCOMPARE(chart.plot()->graphCount(), 3);
        QCOMPARE(chart.plot()->graph(0)->data()->size(), 4);
        QCOMPARE(chart.plot()->graph(0)->name(), QStringLiteral("result_0"));
        QVERIFY(chart.plot()->graph(0)->pen().color() != chart.plot()->graph(1)->pen().color());
        QCOMPARE(chart.plot()->graph(0)->pen().style(), Qt::SolidLine);
        // The run that did not converge is dashed and grey, and says so.
        QCOMPARE(chart.plot()->graph(2)->pen().style(), Qt::DashLine);
        QVERIFY(chart.plot()->graph(2)->name().contains(QStringLiteral("not converged")));
        // Target: horizontal at 0.124, labelled with its direction; axes name the metric.
        QVERIFY(chart.targetLine()->visible());
        QCOMPARE(chart.targetLine()->point1->coords().y(), 0.124);
        QCOMPARE(chart.targetLine()->point2->coords().y(), 0.124);
        QVERIFY2(chart.targetLabel()->text().contains(QStringLiteral("≤ 0.124 MAE")),
                 qPrintable(chart.targetLabel()->text()));
        QVERIFY(chart.plot()->yAxis->label().contains(QStringLiteral("eval_error")));
        QCOMPARE(chart.plot()->xAxis->label(), QStringLiteral("Epoch"));
        QVERIFY(chart.plot()->yAxis->range().contains(0.124));

        chart.setRuns({stagingInRun(0)}, mlperf::Benchmark::DeepCam);
        QCOMPARE(chart.plot()->graphCount(), 1);
        QCOMPARE(chart.targetLine()->point1->coords().y(), 0.82);
        QVERIFY(chart.targetLabel()->text().contains(QStringLiteral("≥ 0.82 IoU")));
        QVERIFY(chart.plot()->yAxis->range().contains(0.82)); // in view although no eval gets near
    }

    void plotsExportToPngAndSvg() {
        QTemporaryDir folder;
        TimeBreakdownChart breakdown;
        breakdown.resize(700, 450);
        breakdown.setRuns({stagingInRun(0), stagingInRun(1)}, QStringLiteral("cosmoflow"));
        const QString png = folder.filePath(QStringLiteral("breakdown.png"));
        QVERIFY(savePlot(*breakdown.plot(), png, 640, 400));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(640, 400));

        ConvergenceChart convergence;
        convergence.resize(700, 450);
        convergence.setRuns({stagingInRun(0)}, mlperf::Benchmark::CosmoFlow);
        const QString svg = folder.filePath(QStringLiteral("convergence.svg"));
        QVERIFY(savePlot(*convergence.plot(), svg, 640, 400));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.startsWith("<?xml"));
        QVERIFY(content.contains("<svg"));
        QVERIFY(content.contains("Epoch")); // text stays text: the labels are in the drawing

        LogLogChart scaling;
        scaling.resize(600, 400);
        ChartSeries cosmoflow;
        cosmoflow.name = QStringLiteral("cosmoflow");
        cosmoflow.x = {128, 1024};
        cosmoflow.y = {25.8, 7.1};
        scaling.addSeries(cosmoflow);
        QVERIFY(scaling.saveSvg(folder.filePath(QStringLiteral("scaling.svg")), 600, 400));
        QVERIFY(QFileInfo(folder.filePath(QStringLiteral("scaling.svg"))).size() > 1000);
    }

    void csvQuotesFieldsSoTheyReadBack() {
        QCOMPARE(csvField(QStringLiteral("plain")), QStringLiteral("plain"));
        QCOMPARE(csvField(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
        QCOMPARE(csvField(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));

        QStandardItemModel model;
        model.setHorizontalHeaderLabels({QStringLiteral("System"), QStringLiteral("Score (min)")});
        const QString tricky = QStringLiteral("dgxa100, \"n128\"\nmxnet");
        model.appendRow({new QStandardItem(tricky), new QStandardItem(QStringLiteral("7.1151"))});
        model.appendRow({new QStandardItem(QStringLiteral("plain")), new QStandardItem(QString())});
        const auto rows = parseCsv(tableToCsv(model));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows[0], (QStringList{QStringLiteral("System"), QStringLiteral("Score (min)")}));
        QCOMPARE(rows[1], (QStringList{tricky, QStringLiteral("7.1151")}));
        QCOMPARE(rows[2], (QStringList{QStringLiteral("plain"), QString()}));

        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("table.csv"));
        QVERIFY(saveTableCsv(model, path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(parseCsv(QString::fromUtf8(file.readAll())), rows);
    }

    void scalingTableComputesSpeedupAndEfficiency() {
        auto submission = [](std::string system, double minutes, std::int64_t accelerators) {
            mlperf::Submission s;
            s.system = std::move(system);
            s.benchmark = mlperf::Benchmark::CosmoFlow;
            s.score.valid = true;
            s.score.scoreMinutes = minutes;
            s.accelerators = accelerators;
            return s;
        };
        const auto small = submission("n16", 24.0, 128), big = submission("n128", 4.0, 1024);
        auto invalid = submission("bad", 1.0, 2048);
        invalid.score.valid = false;
        const auto rows = strongScaling({&big, &invalid, &small}, &small);
        QCOMPARE(rows.size(), std::size_t(2)); // invalid left out, sorted by accelerators
        QCOMPARE(rows[0].submission, &small);
        QCOMPARE(rows[0].speedup, 1.0);
        QCOMPARE(rows[0].efficiency, 1.0);
        QCOMPARE(rows[1].speedup, 6.0);     // 24 / 4
        QCOMPARE(rows[1].efficiency, 0.75); // 6 x 128 / 1024
        QStandardItemModel model;
        fillStrongScalingTable(model, rows, &small);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.item(1, 3)->text(), QStringLiteral("6.00"));
        QCOMPARE(model.item(1, 4)->text(), QStringLiteral("75.0"));
        QVERIFY(model.item(0, 0)->font().bold()); // the baseline row
    }

    void provisionalEntriesAreShownMarkedAndNeverABaseline() {
        mlperf::Submission valid;
        valid.system = "n16";
        valid.benchmark = mlperf::Benchmark::SciperfGnn;
        valid.score.runs = valid.score.converged = 5;
        valid.score.valid = true;
        valid.score.scoreMinutes = 24.0;
        valid.accelerators = 128;
        // One's own first run of five: converged in 30 min, no olympic mean yet.
        mlperf::Submission ownRun;
        ownRun.system = "own";
        ownRun.benchmark = mlperf::Benchmark::SciperfGnn;
        ownRun.score.runs = ownRun.score.converged = 1;
        ownRun.score.invalidReason = "too few converged runs for an olympic mean";
        ownRun.accelerators = 64;
        RunSummary converged;
        converged.converged = true;
        converged.timeToTrainMinutes = 30.0;
        ownRun.runs = {converged};
        // Two runs did not converge: more than a full package may drop, so never provisional.
        mlperf::Submission failed = ownRun;
        failed.system = "failed";
        failed.score.runs = 3;
        failed.score.invalidReason = "2 runs did not converge (at most 1 may be dropped)";

        const auto rows = strongScaling({&valid, &ownRun, &failed}, &valid);
        QCOMPARE(rows.size(), std::size_t(2));
        QCOMPARE(rows[0].submission, &ownRun);
        QVERIFY(rows[0].provisional);
        QCOMPARE(rows[0].minutes, 30.0); // the mean over the runs it has
        QCOMPARE(rows[0].speedup, 0.8);  // 24 / 30, against the valid baseline, marked
        QVERIFY(!rows[1].provisional);

        // A provisional entry as the baseline gives no speedup to anyone.
        for (const auto& row : strongScaling({&valid, &ownRun}, &ownRun)) {
            QVERIFY(std::isnan(row.speedup));
            QVERIFY(std::isnan(row.efficiency));
        }

        QStandardItemModel model;
        fillStrongScalingTable(model, rows, &valid);
        QCOMPARE(model.headerData(5, Qt::Horizontal).toString(), QStringLiteral("Status"));
        QCOMPARE(model.item(0, 5)->text(), QStringLiteral("provisional: 1 of 5 runs"));
        QVERIFY(model.item(0, 0)->font().italic());
        QCOMPARE(model.item(1, 5)->text(), QStringLiteral("valid"));
        QVERIFY(!model.item(1, 0)->font().italic());
    }
};

QTEST_MAIN(TestMlperfCharts)
#include "tst_mlperf_charts.moc"
