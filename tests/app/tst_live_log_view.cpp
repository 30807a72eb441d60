// Live mode in the GUI: a log written while the view follows it; the curve and the status
// follow the file, and the target verdict appears when run_stop arrives.
#include "live_log_view.h"
#include "sciperf/views/convergence_chart.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

using namespace sciperf;

namespace {

QByteArray mllog(double timeMs, const char* type, const char* key, const QByteArray& value,
                 const QByteArray& metadata = "{}") {
    return ":::MLLOG {\"namespace\": \"\", \"time_ms\": " + QByteArray::number(timeMs, 'f', 0) +
           ", \"event_type\": \"" + type + "\", \"key\": \"" + key + "\", \"value\": " + value +
           ", \"metadata\": " + metadata + "}\n";
}

QByteArray evaluation(double timeMs, int epoch, double accuracy) {
    return mllog(timeMs, "POINT_IN_TIME", "eval_accuracy", QByteArray::number(accuracy),
                 "{\"epoch_num\": " + QByteArray::number(epoch) + "}");
}

void append(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write(bytes);
}

// Points of the run's curve (graph 0; the target is a separate item).
int curvePoints(const LiveLogView& view) {
    QCustomPlot* plot = view.chart()->plot();
    return plot->graphCount() > 0 ? plot->graph(0)->dataCount() : 0;
}

} // namespace

class TestLiveLogView : public QObject {
    Q_OBJECT
private slots:
    void benchmarkComesFromThePath() {
        QCOMPARE(benchmarkFromPath(QStringLiteral("/r/v1.0/NVIDIA/results/x/strong/deepcam/result_1.txt")),
                 mlperf::Benchmark::DeepCam);
        QCOMPARE(benchmarkFromPath(QStringLiteral("/tmp/run.log")), mlperf::Benchmark::Unknown);
    }

    void followsARunUntilItConverges() {
        QTemporaryDir folder;
        const QString path = folder.filePath(QStringLiteral("deepcam/result_0.txt"));
        QVERIFY(QDir().mkpath(folder.filePath(QStringLiteral("deepcam"))));
        append(path, mllog(0, "INTERVAL_START", "init_start", "null"));
        LiveLogView view(path, mlperf::Benchmark::DeepCam);
        view.show();
        QVERIFY(view.statusText().contains(QStringLiteral("initialising")));

        append(path, mllog(1000, "INTERVAL_START", "run_start", "null") + evaluation(61000, 1, 0.50) +
                         evaluation(121000, 2, 0.70));
        QTRY_COMPARE_WITH_TIMEOUT(curvePoints(view), 2, 5000); // the view's own timer picks it up
        QVERIFY(view.statusText().contains(QStringLiteral("running")));
        QVERIFY(view.statusText().contains(QStringLiteral("2 evaluations, last 0.7")));
        QVERIFY(view.statusText().contains(QStringLiteral("2.00 min since run_start")));

        append(path, evaluation(181000, 3, 0.83) +
                         mllog(190000, "INTERVAL_END", "run_stop", "null", "{\"status\": \"success\"}"));
        view.poll();
        QCOMPARE(curvePoints(view), 3);
        QVERIFY2(view.statusText().contains(QStringLiteral("finished, converged")),
                 qPrintable(view.statusText()));
        QCOMPARE(view.chart()->plot()->graph(0)->data()->at(2)->value, 0.83);
    }

    void aMissingFileIsShownAsAnError() {
        LiveLogView view(QStringLiteral("/nonexistent/result_0.txt"), mlperf::Benchmark::CosmoFlow);
        QVERIFY(view.statusText().contains(QStringLiteral("/nonexistent/result_0.txt")));
        QVERIFY(view.statusText().contains(QStringLiteral("No such file")));
    }
};

QTEST_MAIN(TestLiveLogView)
#include "tst_live_log_view.moc"
