// The Runs workspace on a profiled run: sciperf-run cpu-kernels --profile timeline writes its
// kernel records (no GPU here: the CPU kernels' own launches), the run directory is read as the
// session imports it, and the selected run shows its timeline and kernel summary. Saves
// runs-kernel-timeline.png in the build folder.
#include "roofline_workspace.h"
#include "runs_view.h"
#include "sciperf/views/kernel_timeline.h"
#include "session.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>
#include <thread>

using namespace sciperf;

class TestRunsView : public QObject {
    Q_OBJECT
private slots:
    void profiledRunShowsItsKernels() {
        QTemporaryDir temporary;
        const QString profiled = temporary.filePath(QStringLiteral("profiled"));
        const QString plain = temporary.filePath(QStringLiteral("plain"));
        QCOMPARE(QProcess::execute(QStringLiteral(SCIPERF_RUN_PATH),
                                   {QStringLiteral("cpu-kernels"), QStringLiteral("--profile"),
                                    QStringLiteral("timeline"), QStringLiteral("--out"), profiled}),
                 0);
        QCOMPARE(QProcess::execute(QStringLiteral(SCIPERF_RUN_PATH),
                                   {QStringLiteral("sysinfo"), QStringLiteral("--out"), plain}),
                 0);
        const auto profiledRun = readRunDirectory(profiled);
        QVERIFY2(profiledRun.ok(), profiledRun.ok() ? "" : profiledRun.error().message.c_str());
        const auto plainRun = readRunDirectory(plain);
        QVERIFY(plainRun.ok());

        RunsView view;
        view.resize(1400, 800);
        view.show();
        view.setRuns({plainRun.value(), profiledRun.value()}); // selects the newest: the profiled one
        QVERIFY(view.tabs()->isTabEnabled(1));
        // cpu-kernels: 6 kernels, 10 timed launches each, all on one row of CPU threads.
        KernelTimeline* timeline = view.kernelTimeline();
        QCOMPARE(timeline->barCount(), 60);
        QCOMPARE(timeline->rows().size(), 1);
        QVERIFY(timeline->rows().front().startsWith(QStringLiteral("CPU (")));
        QCOMPARE(view.kernelSummary()->rowCount(), 6);
        double share = 0;
        for (int row = 0; row < 6; ++row) {
            QCOMPARE(view.kernelSummary()->summary(row).launches, std::int64_t{10});
            QVERIFY(view.kernelSummary()->summary(row).flops > 0);
            share += view.kernelSummary()->summary(row).timeShare;
        }
        QVERIFY(std::abs(share - 1) < 1e-9);
        // The first record's hover text names it and its counted FLOPs.
        const QString tip = timeline->toolTipFor(0);
        QVERIFY2(tip.startsWith(QStringLiteral("triad (DRAM)\n")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("FP64")) && tip.contains(QStringLiteral("counted by workload")),
                 qPrintable(tip));
        QVERIFY2(view.summary()->text().contains(QStringLiteral("Profile (timeline): 60 records")),
                 qPrintable(view.summary()->text()));
        QVERIFY2(view.kernelsMessage()->text().contains(QStringLiteral("60 kernel record(s) from workload")),
                 qPrintable(view.kernelsMessage()->text()));

        // Selecting a kernel in the summary singles out its 10 launches in the timeline.
        auto* table = view.findChild<QTableView*>(QStringLiteral("kernelSummaryTable"));
        QVERIFY(table != nullptr);
        table->selectRow(0);
        const QString selected = table->model()->index(0, KernelSummaryModel::Name).data().toString();
        int standing = 0;
        for (std::size_t record = 0; record < timeline->records().size(); ++record) {
            const bool faded = timeline->isFaded(record);
            QCOMPARE(faded, QString::fromStdString(timeline->records()[record].name) != selected);
            standing += faded ? 0 : 1;
        }
        QCOMPARE(standing, 10);

        view.tabs()->setCurrentIndex(1);
        QTest::qWait(200);
        timeline->plot()->replot();
        QVERIFY(view.grab().save(QStringLiteral("runs-kernel-timeline.png")));

        // The profiled workload on the roofline: the ceilings of the ERT fixture, the kernels of the
        // profiled run (the CPU workload's own counts: no GPU here).
        RunRecord ceilings =
            readRunDirectory(QStringLiteral(SCIPERF_SOURCE_DIR "/tests/data/app/roofline/ert")).value();
        ceilings.status = "completed";
        RooflineWorkspace roofline;
        roofline.setRuns({ceilings, profiledRun.value()});
        roofline.selectRun(QString::fromStdString(ceilings.runDirectory));
        roofline.selectRun(profiled);
        QVERIFY2(roofline.kernelsBox()->currentText().startsWith(QStringLiteral("cpu-kernels")) &&
                     roofline.kernelsBox()->currentText().endsWith(QStringLiteral("— 6 kernels")),
                 qPrintable(roofline.kernelsBox()->currentText()));
        roofline.resize(1400, 900);
        roofline.show();
        QTest::qWait(300);
        QVERIFY(roofline.grab().save(QStringLiteral("runs-profiled-roofline.png")));

        // The run without records: its Kernels tab is off and empty.
        view.table()->selectRow(0);
        QVERIFY(!view.tabs()->isTabEnabled(1));
        QCOMPARE(view.kernelTimeline()->barCount(), 0);
        QCOMPARE(view.kernelSummary()->rowCount(), 0);

        // Each run's headline in the Result column: the machine's size; the ERT fixture's roofs and
        // slowest level; the counted kernels, their time and best rate (computed here from run.json).
        view.setRuns({plainRun.value(), profiledRun.value(), ceilings});
        const auto result = [&view](const QString& workload) {
            for (int row = 0; row < view.table()->rowCount(); ++row)
                if (view.table()->item(row, 1)->text() == workload)
                    return view.table()->item(row, 3)->text();
            return QString();
        };
        QVERIFY2(result(QStringLiteral("sysinfo"))
                     .contains(QStringLiteral("/ %1 threads").arg(std::thread::hardware_concurrency())),
                 qPrintable(result(QStringLiteral("sysinfo"))));
        QCOMPARE(result(QStringLiteral("ert")),
                 QStringLiteral("CPU: FP64 1000 GFLOP/s, FP32 2000 GFLOP/s, DRAM 100 GB/s"));
        const QJsonArray kernels =
            QJsonDocument::fromJson(QByteArray::fromStdString(profiledRun.value().runJson))
                .object()[QStringLiteral("results")][QStringLiteral("kernels")]
                .toArray();
        QCOMPARE(kernels.size(), 6);
        double seconds = 0, best = 0;
        for (const QJsonValue kernel : kernels) {
            seconds += kernel[QStringLiteral("seconds")].toDouble();
            best = std::max(best, kernel[QStringLiteral("flops")].toDouble() /
                                      kernel[QStringLiteral("seconds")].toDouble());
        }
        QCOMPARE(result(QStringLiteral("cpu-kernels")), QStringLiteral("6 kernels in %1 s, up to %2 GFLOP/s")
                                                            .arg(seconds, 0, 'g', 3)
                                                            .arg(best / 1e9, 0, 'g', 3));
    }
};

QTEST_MAIN(TestRunsView)
#include "tst_runs_view.moc"
