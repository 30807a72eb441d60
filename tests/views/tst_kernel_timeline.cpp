// The kernel timeline and summary table on the hand-written records of
// tests/data/roofline/kernels/valid.jsonl: rows per stream, one bar per record, hover text of a
// known record, zoom along time only, and the summary model's cells.
#include "sciperf/views/kernel_timeline.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSignalSpy>
#include <QTest>
#include <qcustomplot.h>

using namespace sciperf;

namespace {

std::vector<roofline::KernelRecord> fixtureRecords() {
    QFile file(QStringLiteral(SCIPERF_TEST_DATA "/roofline/kernels/valid.jsonl"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture");
    auto read = roofline::readKernelRecordsJsonl(file.readAll().toStdString(), "valid.jsonl");
    if (!read)
        qFatal("%s", read.error().message.c_str());
    return read->records;
}

void sendMove(QWidget* widget, QPointF position) {
    QMouseEvent event(QEvent::MouseMove, position, widget->mapToGlobal(position), Qt::NoButton, Qt::NoButton,
                      Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class TestKernelTimeline : public QObject {
    Q_OBJECT
private slots:
    void rowsAndBars() {
        KernelTimeline timeline;
        timeline.setRecords(fixtureRecords());
        // Rows in order of first appearance; the copy shares stream 7's row.
        QCOMPARE(timeline.rows(), (QStringList{QStringLiteral("stream 7"), QStringLiteral("stream 13")}));
        QCOMPARE(timeline.barCount(), 4);
        QCOMPARE(timeline.plot()->itemCount(), 4);
        // Time from the earliest start (the copy at 0 ns) to the last end, 11500 ns = 0.0115 ms.
        QVERIFY(timeline.plot()->xAxis->range().upper >= 0.0115);
        timeline.clear();
        QCOMPARE(timeline.barCount(), 0);
        QVERIFY(timeline.rows().isEmpty());
    }

    void recordUnderAPointAndItsText() {
        KernelTimeline timeline;
        timeline.resize(800, 300);
        timeline.show(); // laid out: the hover tolerance is 3 pixels of time
        timeline.setRecords(fixtureRecords());
        timeline.plot()->replot();
        // dgemm on stream 7 runs 1000..5000 ns: 0.003 ms is inside it; stream 13's dgemm is row 1.
        QCOMPARE(timeline.recordAt(0.003, 0), std::optional<std::size_t>(0));
        QCOMPARE(timeline.recordAt(0.008, 1), std::optional<std::size_t>(2));
        QCOMPARE(timeline.recordAt(0.008, 0), std::optional<std::size_t>());   // a gap on stream 7
        QCOMPARE(timeline.recordAt(0.003, 0.5), std::optional<std::size_t>()); // between rows
        const QString dgemm = timeline.toolTipFor(0);
        QVERIFY2(dgemm.startsWith(QStringLiteral("dgemm\nstream 7 · 4.0 µs at 0.001 ms")), qPrintable(dgemm));
        QVERIFY2(dgemm.contains(QStringLiteral("grid (64, 64, 1) block (16, 16, 1)")), qPrintable(dgemm));
        QVERIFY2(dgemm.contains(QStringLiteral("FLOPs: 4e+06 FP64")), qPrintable(dgemm));
        QVERIFY2(dgemm.contains(QStringLiteral("bytes: L1 8e+06, L2 2e+06, HBM 1e+06")), qPrintable(dgemm));
        QVERIFY2(timeline.toolTipFor(1).contains(QStringLiteral("launch overhead 2.5 µs")),
                 qPrintable(timeline.toolTipFor(1)));
        QVERIFY(timeline.toolTipFor(3).contains(QStringLiteral("1.049e+06 bytes copied")));
    }

    void hoverAndZoomOnTheWidget() {
        KernelTimeline timeline;
        timeline.resize(800, 300);
        timeline.show();
        timeline.setRecords(fixtureRecords());
        QCustomPlot* plot = timeline.plot();
        plot->replot();
        QSignalSpy hovered(&timeline, &KernelTimeline::recordHovered);
        // The middle of stream 13's dgemm (5500..11500 ns).
        const QPointF inside(plot->xAxis->coordToPixel(0.0085), plot->yAxis->coordToPixel(1));
        sendMove(plot, inside);
        QCOMPARE(hovered.size(), 1);
        QCOMPARE(hovered.last().at(0).toInt(), 2);
        sendMove(plot, QPointF(plot->xAxis->coordToPixel(0.0085), plot->yAxis->coordToPixel(0)));
        QCOMPARE(hovered.last().at(0).toInt(), -1); // stream 7 is idle then

        // The wheel zooms time only.
        const QCPRange timeBefore = plot->xAxis->range();
        const QCPRange rowsBefore = plot->yAxis->range();
        QWheelEvent wheel(inside, plot->mapToGlobal(inside), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(plot, &wheel);
        QVERIFY(plot->xAxis->range().size() < timeBefore.size());
        QCOMPARE(plot->yAxis->range().lower, rowsBefore.lower);
        QCOMPARE(plot->yAxis->range().upper, rowsBefore.upper);
    }

    void highlightsOneKernel() {
        KernelTimeline timeline;
        timeline.setRecords(fixtureRecords());
        timeline.highlightKernel(QStringLiteral("dgemm"));
        // Records 0 and 2 are dgemm; axpy and the copy fade.
        QCOMPARE(timeline.isFaded(0), false);
        QCOMPARE(timeline.isFaded(2), false);
        QCOMPARE(timeline.isFaded(1), true);
        QCOMPARE(timeline.isFaded(3), true);
        timeline.highlightKernel(QString());
        for (std::size_t record = 0; record < 4; ++record)
            QVERIFY(!timeline.isFaded(record));
    }

    void summaryModel() {
        KernelSummaryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSummaries(roofline::summarizeKernels(fixtureRecords()));
        QCOMPARE(model.rowCount(), 2);
        // Name .. Precision, then L1, L2, HBM bytes.
        QCOMPARE(model.columnCount(), KernelSummaryModel::FirstLevel + 3);
        QCOMPARE(model.headerData(KernelSummaryModel::FirstLevel + 2, Qt::Horizontal).toString(),
                 QStringLiteral("HBM bytes"));
        auto cell = [&](int row, int column) {
            return model.data(model.index(row, column)).toString();
        };
        QCOMPARE(cell(0, KernelSummaryModel::Name), QStringLiteral("dgemm"));
        QCOMPARE(cell(0, KernelSummaryModel::TimeShare), QStringLiteral("90.9")); // 10 of 11 µs
        QCOMPARE(cell(0, KernelSummaryModel::Launches), QStringLiteral("2"));
        QCOMPARE(cell(0, KernelSummaryModel::MeanTime), QStringLiteral("5.0"));
        QCOMPARE(cell(0, KernelSummaryModel::Flops), QStringLiteral("1e+07"));
        QCOMPARE(cell(0, KernelSummaryModel::Precision), QStringLiteral("FP64"));
        QCOMPARE(cell(0, KernelSummaryModel::FirstLevel + 2), QStringLiteral("2.5e+06"));
        QCOMPARE(cell(1, KernelSummaryModel::Name), QStringLiteral("axpy"));
        QCOMPARE(cell(1, KernelSummaryModel::Flops), QStringLiteral("—")); // timed, not measured
        QCOMPARE(model.data(model.index(0, KernelSummaryModel::Flops), Qt::UserRole).toDouble(), 10001000.0);
    }
};

QTEST_MAIN(TestKernelTimeline)
#include "tst_kernel_timeline.moc"
