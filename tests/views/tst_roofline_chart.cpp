// The hierarchical and time-based roofline charts: where ceilings and kernels land (hand-computed),
// labels with units, toggles, hover text, selection both ways, comparison arrows, export.
#include "pixel_check.h"
#include "sciperf/views/plot_export.h"
#include "sciperf/views/roofline_chart.h"
#include "sciperf/views/time_roofline_chart.h"

#include <QApplication>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <qcustomplot.h>

using namespace sciperf;
using namespace sciperf::roofline;
using sciperf::test::colorMismatch;

namespace {

// DRAM 100 GB/s, L1 1000 GB/s, FP64 1000 GFLOP/s: the DRAM roof is 100 GFLOP/s at AI 1 and meets
// the compute roof at AI 1000 / 100 = 10; L1 meets it at AI 1.
Ceilings machine() {
    return {{{"L1", 1000e9}, {"DRAM", 100e9}}, {{"FP64", 1000e9}}};
}

KernelPoint kernel(std::string name, double seconds, double flops, std::vector<LevelBytes> bytes,
                   std::int64_t launches = 1) {
    KernelPoint point;
    point.name = std::move(name);
    point.precision = "FP64";
    point.launches = launches;
    point.seconds = seconds;
    point.flops = flops;
    point.bytes = std::move(bytes);
    point.provenance = Provenance::CountedByWorkload;
    point.origin = "fixture";
    return point;
}

// triad: 2 GFLOP in 10 ms = 200 GFLOP/s; AI 2 at DRAM (1 GB), 0.5 at L1 (4 GB). On the DRAM roof
// (2 x 100 = 200 GFLOP/s), below L1's (0.5 x 1000 = 500).
// fast: 1 GFLOP in 1 ms = 1000 GFLOP/s at AI 1 (1 GB DRAM): ten times its DRAM roof of 100.
std::vector<KernelPoint> kernels() {
    return {kernel("triad", 0.010, 2e9, {{"L1", 4e9}, {"DRAM", 1e9}}),
            kernel("fast", 0.001, 1e9, {{"DRAM", 1e9}})};
}

QPointF pixelOf(const QCustomPlot& plot, double x, double y) {
    return {plot.xAxis->coordToPixel(x), plot.yAxis->coordToPixel(y)};
}

void showAndLayOut(QWidget& widget, QSize size = {900, 650}) {
    widget.resize(size);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
}

// A label's box on screen, turned with its line.
QPolygonF turnedBox(const QCPItemText* label) {
    return QPolygonF({label->topLeft->pixelPosition(), label->topRight->pixelPosition(),
                      label->bottomRight->pixelPosition(), label->bottomLeft->pixelPosition()});
}

} // namespace

class TestRooflineChart : public QObject {
    Q_OBJECT

private slots:
    void labelsSayValueAndUnit() {
        QCOMPARE(bandwidthLabel({"DRAM", 73e9}), QStringLiteral("DRAM 73.0 GB/s"));
        QCOMPARE(computeLabel({"FP64", 206.4e9}), QStringLiteral("FP64 206 GFLOP/s"));
        QCOMPARE(computeLabel({"GFLOPs", 355.79e9}), QStringLiteral("Peak 356 GFLOP/s")); // ERT's name
        QCOMPARE(formatSignificant(0.08333), QStringLiteral("0.0833"));
        QVERIFY(rooflineLevelColor("L1") != rooflineLevelColor("DRAM"));
        QVERIFY(rooflinePrecisionColor("FP64") != rooflinePrecisionColor("FP32"));
    }

    void ceilingsPassThroughHandComputedPoints() {
        RooflineChart chart;
        chart.setData(machine(), {});
        QCPGraph* dram = chart.bandwidthGraph("DRAM");
        QVERIFY(dram != nullptr);
        // Every point of the line has GFLOP/s = 100 GB/s x AI; it ends on the roof at AI 10.
        for (auto it = dram->data()->constBegin(); it != dram->data()->constEnd(); ++it)
            QVERIFY(qFuzzyCompare(it->value, 100.0 * it->key));
        QCOMPARE((dram->data()->constEnd() - 1)->key, 10.0);
        QCOMPARE((chart.bandwidthGraph("L1")->data()->constEnd() - 1)->key, 1.0);
        QCPGraph* fp64 = chart.computeGraph("FP64");
        QCOMPARE(fp64->data()->constBegin()->key, 1.0); // from where the fastest level meets it
        QCOMPARE(fp64->data()->constBegin()->value, 1000.0);
        QCOMPARE(chart.bandwidthText("DRAM")->text(), QStringLiteral("DRAM 100 GB/s"));
        QCOMPARE(chart.computeText("FP64")->text(), QStringLiteral("FP64 1000 GFLOP/s"));
        QCOMPARE(chart.plot()->xAxis->label(), QStringLiteral("Arithmetic intensity (FLOP/byte)"));
        QCOMPARE(chart.plot()->yAxis->label(), QStringLiteral("Performance (GFLOP/s)"));

        // Drawn there: the DRAM colour at (AI 1, 100 GFLOP/s).
        showAndLayOut(chart);
        chart.plot()->replot();
        const QImage image = chart.plot()->toPixmap().toImage();
        const QString mismatch =
            colorMismatch(image, pixelOf(*chart.plot(), 1.0, 100.0).toPoint(), rooflineLevelColor("DRAM"), 40,
                          2, QStringLiteral("roofline-dram"));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    void closeRoofsKeepTheirLabelsApart() {
        // Roofs closer than a label's height (the Roofline workspace's short chart showed this VM's
        // FP32 358 and FP64 215 GFLOP/s labels on top of each other).
        RooflineChart chart;
        chart.setData({{{"L1", 833e9}, {"DRAM", 108e9}}, {{"FP32", 358e9}, {"FP64", 330e9}}}, {});
        showAndLayOut(chart);
        chart.plot()->replot();
        const auto box = [](const QCPItemText* label) {
            return QRectF(label->topLeft->pixelPosition(), label->bottomRight->pixelPosition()).normalized();
        };
        const QRectF fp32 = box(chart.computeText("FP32"));
        const QRectF fp64 = box(chart.computeText("FP64"));
        QVERIFY2(!fp32.intersects(fp64), qPrintable(QStringLiteral("FP32 at %1,%2, FP64 at %3,%4")
                                                        .arg(fp32.left())
                                                        .arg(fp32.top())
                                                        .arg(fp64.left())
                                                        .arg(fp64.top())));
        // Each still just above its own roof, the highest at the right edge.
        for (const auto& [precision, gflops] : {std::pair{"FP32", 358.0}, {"FP64", 330.0}}) {
            const double roof = chart.plot()->yAxis->coordToPixel(gflops);
            const QRectF label = box(chart.computeText(precision));
            QVERIFY2(std::abs(label.bottom() - roof) < 3, precision);
        }
        QVERIFY(fp32.right() > fp64.right());
    }

    void bandwidthLabelsClearTheLegend() {
        // The demo's roofline at the start window's size (03:00 today): "L1 176 GB/s" lay under
        // the legend in the axes' top left corner.
        const std::vector<KernelPoint> points{
            kernel("triad", 0.154, 0.168e9, {{"L1", 0.168e9 / 0.0833}, {"DRAM", 0.168e9 / 0.0833}}),
            kernel("dgemm", 0.0737, 1.13e9, {{"L1", 1.13e9 / 0.0833}, {"DRAM", 1.13e9 / 24.0}})};
        const std::vector<BandwidthCeiling> levels{
            {"L1", 176e9}, {"L2", 96.7e9}, {"L3", 77.1e9}, {"DRAM", 48.5e9}};
        RooflineChart chart;
        chart.setData({levels, {{"FP32", 352e9}, {"FP64", 169e9}}}, points);
        showAndLayOut(chart, {1270, 250});
        chart.plot()->replot();
        chart.plot()->replot(); // the legend's place is known after the first layout
        const QRectF legend = chart.plot()->legend->outerRect();
        QVERIFY(chart.plot()->legend->visible() && !legend.isEmpty());
        for (const BandwidthCeiling& level : levels) {
            const QCPItemText* label = chart.bandwidthText(level.level);
            QVERIFY2(!turnedBox(label).boundingRect().intersects(legend), qPrintable(label->text()));
        }
    }

    void bandwidthLabelsClearTheKernels() {
        // This VM's ceilings and cpu-kernels run as the Roofline workspace first shows them, in its
        // wide, short chart: the L3 label lay under dgemm's L1 marker.
        auto saxpy = kernel("saxpy", 0.0361, 0.336e9, {{"L1", 0.336e9 / 0.167}, {"DRAM", 0.336e9 / 0.167}});
        saxpy.precision = "FP32";
        const std::vector<KernelPoint> points{
            kernel("triad", 0.0703, 0.168e9, {{"L1", 0.168e9 / 0.0833}, {"DRAM", 0.168e9 / 0.0833}}),
            kernel("stencil", 0.0451, 0.549e9, {{"L1", 0.549e9 / 0.125}, {"DRAM", 0.549e9 / 0.5}}),
            kernel("dgemm", 0.0397, 1.13e9, {{"L1", 1.13e9 / 0.0833}, {"DRAM", 1.13e9 / 24.0}}),
            saxpy,
            kernel("dot", 0.0349, 0.168e9, {{"L1", 0.168e9 / 0.125}, {"DRAM", 0.168e9 / 0.125}}),
            kernel("triad L2", 0.00269, 0.0655e9, {{"L1", 0.0655e9 / 0.0833}, {"DRAM", 0.0655e9 / 8.33}})};
        const std::vector<BandwidthCeiling> levels{
            {"L1", 818e9}, {"L2", 613e9}, {"L3", 327e9}, {"DRAM", 112e9}};
        RooflineChart chart;
        chart.setData({levels, {{"FP32", 434e9}, {"FP64", 218e9}}}, points);
        showAndLayOut(chart, {1580, 340});
        chart.plot()->replot();
        const QCustomPlot& plot = *chart.plot();

        const auto distanceToSegment = [](QPointF p, QPointF a, QPointF b) {
            const QPointF ab = b - a;
            const double t =
                std::clamp(QPointF::dotProduct(p - a, ab) / QPointF::dotProduct(ab, ab), 0.0, 1.0);
            const QPointF d = p - (a + t * ab);
            return std::hypot(d.x(), d.y());
        };
        const auto overlaps = [&](const QPolygonF& polygon, QPointF centre, double radius) {
            if (polygon.containsPoint(centre, Qt::OddEvenFill))
                return true;
            for (int i = 0; i < polygon.size(); ++i)
                if (distanceToSegment(centre, polygon[i], polygon[(i + 1) % polygon.size()]) < radius)
                    return true;
            return false;
        };
        for (std::size_t i = 0; i < levels.size(); ++i) {
            const QCPItemText* label = chart.bandwidthText(levels[i].level);
            const QPolygonF polygon = turnedBox(label);
            // Beside its own line: the label's anchor at most 2 pixels above it.
            const QPointF at = label->position->coords();
            const double abovePixels = plot.yAxis->coordToPixel(at.x() * levels[i].bytesPerSecond / 1e9) -
                                       plot.yAxis->coordToPixel(at.y());
            QVERIFY2(abovePixels >= 0 && abovePixels <= 2.5, qPrintable(QString::number(abovePixels)));
            for (int k = 0; k < int(points.size()); ++k)
                for (const char* level : {"L1", "DRAM"})
                    if (const QCPGraph* marker = chart.markerGraph(k, level)) {
                        const QPointF centre = pixelOf(plot, marker->data()->constBegin()->key,
                                                       marker->data()->constBegin()->value);
                        QVERIFY2(!overlaps(polygon, centre, marker->scatterStyle().size() / 2),
                                 qPrintable(
                                     QStringLiteral("%1 label over %2's %3 marker")
                                         .arg(label->text(), QString::fromStdString(points[k].name), level)));
                    }
            // Over every line: close levels' lines run through each other's labels.
            for (const auto& [level, bytesPerSecond] : levels)
                QVERIFY(label->layer()->index() > chart.bandwidthGraph(level)->layer()->index());
            for (const char* roof : {"FP32", "FP64"})
                QVERIFY(chart.computeText(roof)->layer()->index() >
                        chart.computeGraph(roof)->layer()->index());
            for (std::size_t j = i + 1; j < levels.size(); ++j)
                QVERIFY2(!polygon.intersects(turnedBox(chart.bandwidthText(levels[j].level))),
                         qPrintable(label->text() + QStringLiteral(" on ") +
                                    chart.bandwidthText(levels[j].level)->text()));
        }
    }

    void kernelsLandAtTheirIntensityAndRate() {
        RooflineChart chart;
        chart.setData(machine(), kernels());
        QCPGraph* dram = chart.markerGraph(0, "DRAM");
        QCPGraph* l1 = chart.markerGraph(0, "L1");
        QVERIFY(dram && l1);
        QCOMPARE(dram->data()->constBegin()->key, 2.0);
        QCOMPARE(dram->data()->constBegin()->value, 200.0);
        QCOMPARE(l1->data()->constBegin()->key, 0.5);
        QCOMPARE(l1->data()->constBegin()->value, 200.0);
        QVERIFY(chart.markerGraph(1, "L1") == nullptr); // no L1 bytes: no marker
        // Sizes grow with the square root of the time share: 30 px x sqrt(10/11) and x sqrt(1/11).
        QVERIFY(std::abs(dram->scatterStyle().size() - 30.0 * std::sqrt(10.0 / 11.0)) < 1e-6);
        QVERIFY(std::abs(chart.markerGraph(1, "DRAM")->scatterStyle().size() - 30.0 * std::sqrt(1.0 / 11.0)) <
                1e-6);
        // On its roof is not above it; ten times the roof is, and says so in red.
        QVERIFY(!chart.isAboveRoof(0, "DRAM"));
        QVERIFY(chart.isAboveRoof(1, "DRAM"));
        QCOMPARE(chart.markerGraph(1, "DRAM")->scatterStyle().pen().color(), QColor(220, 0, 0));
        QVERIFY(chart.markerToolTip(1, "DRAM").contains(QStringLiteral("Above its roof")));
        QVERIFY(!chart.markerToolTip(0, "DRAM").contains(QStringLiteral("Above its roof")));

        showAndLayOut(chart);
        chart.plot()->replot();
        const QImage image = chart.plot()->toPixmap().toImage();
        QColor fill = rooflineLevelColor("L1");
        fill.setAlpha(200);
        const QColor onWhite = QColor::fromRgbF(fill.redF() * 0.784 + 0.216, fill.greenF() * 0.784 + 0.216,
                                                fill.blueF() * 0.784 + 0.216);
        const QString mismatch = colorMismatch(image, pixelOf(*chart.plot(), 0.5, 200.0).toPoint(), onWhite,
                                               40, 3, QStringLiteral("roofline-l1-marker"));
        QVERIFY2(mismatch.isEmpty(), qPrintable(mismatch));
    }

    void tooltipSaysIntensityRateRoofAndProvenance() {
        RooflineChart chart;
        chart.setData(machine(), kernels());
        const QString tip = chart.markerToolTip(0, "DRAM");
        for (const char* expected :
             {"<b>triad</b> (FP64)", "1 launch, 10.0 ms", "2.00 GFLOP at 200 GFLOP/s",
              "DRAM: 1.00 GB, AI 2.00 FLOP/byte",
              "L1: 4.00 GB, AI 0.500 FLOP/byte, roof 500 GFLOP/s (40.0 % of roof)",
              "100 % of roof, limited by DRAM (memory bound)", "counted by workload (fixture)"})
            QVERIFY2(tip.contains(QString::fromUtf8(expected)),
                     qPrintable(expected + QStringLiteral(" in ") + tip));
    }

    void togglesHideLevelsAndPrecisions() {
        RooflineChart chart;
        chart.setData(machine(), kernels());
        chart.setLevelVisible("DRAM", false);
        QVERIFY(!chart.bandwidthGraph("DRAM")->visible());
        QVERIFY(!chart.bandwidthText("DRAM")->visible());
        QVERIFY(chart.bandwidthGraph("L1")->visible());
        QVERIFY(chart.markerGraph(0, "DRAM") == nullptr);
        QVERIFY(chart.markerGraph(0, "L1") != nullptr);
        chart.setLevelVisible("DRAM", true);
        QVERIFY(chart.bandwidthGraph("DRAM")->visible());
        QVERIFY(chart.markerGraph(0, "DRAM") != nullptr);

        chart.setPrecisionVisible("FP64", false);
        QVERIFY(!chart.computeGraph("FP64")->visible());
        QVERIFY(chart.markerGraph(0, "DRAM") == nullptr);
        chart.setPrecisionVisible("FP64", true);
        QVERIFY(chart.computeGraph("FP64")->visible());
    }

    void coloursByLevelOrByPrecision() {
        RooflineChart chart;
        chart.setData(machine(), kernels());
        auto fillOf = [&chart] {
            return chart.markerGraph(0, "DRAM")->scatterStyle().brush().color().rgb();
        };
        QCOMPARE(fillOf(), rooflineLevelColor("DRAM").rgb());
        chart.setColoring(RooflineChart::Coloring::ByPrecision);
        QCOMPARE(fillOf(), rooflinePrecisionColor("FP64").rgb());
    }

    void clickSelectsAndSelectionHighlights() {
        RooflineChart chart;
        chart.setData(machine(), kernels());
        showAndLayOut(chart);
        chart.plot()->replot();
        QSignalSpy selected(&chart, &RooflineChart::kernelSelected);
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, pixelOf(*chart.plot(), 0.5, 200.0).toPoint());
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(0).toInt(), 0);
        QCOMPARE(chart.selectedKernel(), 0);
        QCOMPARE(chart.markerGraph(0, "L1")->scatterStyle().pen().color(), QColor(Qt::black));

        chart.selectKernel(1); // from the table: highlighted, no signal
        QCOMPARE(selected.count(), 1);
        QCOMPARE(chart.markerGraph(1, "DRAM")->scatterStyle().pen().color(), QColor(Qt::black));
        QVERIFY(chart.markerGraph(0, "L1")->scatterStyle().pen().color() != QColor(Qt::black));
        // Named on the chart, inside the axes.
        chart.plot()->replot();
        QStringList names;
        for (int i = 0; i < chart.plot()->itemCount(); ++i)
            if (auto* name = qobject_cast<QCPItemText*>(chart.plot()->item(i));
                name && name->visible() && name->text() == QString::fromStdString(kernels()[1].name)) {
                names << name->text();
                QVERIFY(QRectF(chart.plot()->axisRect()->rect())
                            .contains(
                                QRectF(name->topLeft->pixelPosition(), name->bottomRight->pixelPosition())));
            }
        QCOMPARE(names.size(), 1);

        // Empty space (AI 100, 1 GFLOP/s lies far below every marker) clears the selection.
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, pixelOf(*chart.plot(), 100.0, 1.0).toPoint());
        QCOMPARE(selected.count(), 2);
        QCOMPARE(selected.at(1).at(0).toInt(), -1);
    }

    void comparisonDrawsArrowsWithTheSpeedup() {
        RooflineChart chart;
        chart.setData(machine(), kernels());
        RunComparison comparison;
        // triad twice as fast with the same traffic: from (2, 200) to (2, 400) at DRAM.
        KernelPoint faster = kernels()[0];
        faster.seconds = 0.005;
        comparison.matched.push_back({kernels()[0], faster, 2.0, 2.0});
        // Without DRAM bytes in run B there is nothing to point to.
        KernelPoint noDram = kernels()[0];
        noDram.bytes = {{"L1", 4e9}};
        comparison.matched.push_back({kernels()[0], noDram, 1.0, 1.0});
        chart.setComparison(comparison, "DRAM");
        QCOMPARE(chart.comparisonArrowCount(), 1);
        QCPItemLine* arrow = nullptr;
        QStringList labels;
        for (int i = 0; i < chart.plot()->itemCount(); ++i) {
            if (auto* line = qobject_cast<QCPItemLine*>(chart.plot()->item(i)))
                arrow = line;
            if (auto* text = qobject_cast<QCPItemText*>(chart.plot()->item(i)))
                labels << text->text();
        }
        QVERIFY(arrow != nullptr);
        QCOMPARE(arrow->start->coords(), QPointF(2.0, 200.0));
        QCOMPARE(arrow->end->coords(), QPointF(2.0, 400.0));
        QCOMPARE(arrow->head().style(), QCPLineEnding::esSpikeArrow);
        QVERIFY2(labels.contains(QStringLiteral("2.0×")), qPrintable(labels.join(QLatin1Char('|'))));
        chart.setComparison({}, "DRAM");
        QCOMPARE(chart.comparisonArrowCount(), 0);
    }

    void exportsPngAndSvg() {
        RooflineChart chart;
        chart.setData(machine(), kernels());
        QTemporaryDir folder;
        const QString png = folder.filePath(QStringLiteral("roofline.png"));
        const QString svg = folder.filePath(QStringLiteral("roofline.svg"));
        QVERIFY(savePlot(*chart.plot(), png, 800, 600));
        QVERIFY(savePlot(*chart.plot(), svg, 800, 600));
        QCOMPARE(QImage(png).size(), QSize(800, 600));
        QFile drawing(svg);
        QVERIFY(drawing.open(QIODevice::ReadOnly));
        const QByteArray content = drawing.readAll();
        QVERIFY(content.contains("<svg"));
        QVERIFY(content.contains("GFLOP/s"));
    }

    void timeRooflinePlacesPointsVerticesAndTheLaunchBox() {
        // P 1000 GFLOP/s, W 100 GB/s: balance 10 FLOP/byte; 4.2 µs per launch.
        const TimeRooflineMachine fixture{1000e9, 100e9, 4.2e-6};
        // stream: AI 2 < 10, memory side: vertex B = T W = 0.05 s x 100 GB/s = 5 GB, F = 2 x 5 = 10 GFLOP.
        // gemm: AI 100 > 10, compute side: vertex F = T P = 0.02 x 1000 = 20 GFLOP, B = 20 / 100 = 0.2 GB.
        std::vector<KernelPoint> points{kernel("stream", 0.05, 2e9, {{"DRAM", 1e9}}, 1000),
                                        kernel("gemm", 0.02, 10e9, {{"DRAM", 0.1e9}}, 10),
                                        kernel("l1 only", 0.01, 1e9, {{"L1", 1e9}})};
        TimeRooflineChart chart;
        chart.setData(points, fixture, "DRAM");
        QCOMPARE(chart.plot()->xAxis->label(), QStringLiteral("Bytes moved at DRAM (GB)"));
        QCOMPARE(chart.plot()->yAxis->label(), QStringLiteral("Work (GFLOP)"));
        for (auto it = chart.balanceGraph()->data()->constBegin();
             it != chart.balanceGraph()->data()->constEnd(); ++it)
            QVERIFY(qFuzzyCompare(it->value, 10.0 * it->key));

        auto ends = [&chart](int index) {
            const auto data = chart.segmentGraph(index)->data();
            return std::pair{QPointF(data->constBegin()->key, data->constBegin()->value),
                             QPointF((data->constEnd() - 1)->key, (data->constEnd() - 1)->value)};
        };
        QCOMPARE(ends(0).first, QPointF(1.0, 2.0));
        QCOMPARE(ends(0).second, QPointF(5.0, 10.0));
        QCOMPARE(ends(1).first, QPointF(0.1, 10.0));
        QVERIFY(std::abs(ends(1).second.x() - 0.2) < 1e-12 && std::abs(ends(1).second.y() - 20.0) < 1e-12);
        QVERIFY(chart.segmentGraph(2) == nullptr); // no DRAM bytes

        // The box of the kernel with the most launches: 1000 x 4.2 µs = 4.2 ms -> 0.42 GB, 4.2 GFLOP.
        QCOMPARE(chart.launchBoxKernel(), 0);
        QVERIFY(std::abs(chart.launchBoxVertical()->end->coords().x() - 0.42) < 1e-12);
        QVERIFY(std::abs(chart.launchBoxHorizontal()->end->coords().y() - 4.2) < 1e-12);
        QCOMPARE(chart.launchBoxVertical()->pen().style(), Qt::DashLine);
        // Ideal max(2 GFLOP / 1000, 1 GB / 100) = 10 ms of the measured 50 ms.
        QVERIFY(chart.pointToolTip(0).contains(QStringLiteral("efficiency 20.0 %")));

        // Selecting gemm moves the box to it (10 launches: 42 µs -> 0.0042 GB) and says so.
        showAndLayOut(chart);
        chart.plot()->replot();
        QSignalSpy selected(&chart, &TimeRooflineChart::kernelSelected);
        QTest::mouseClick(chart.plot(), Qt::LeftButton, {}, pixelOf(*chart.plot(), 0.1, 10.0).toPoint());
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.at(0).at(0).toInt(), 1);
        QCOMPARE(chart.launchBoxKernel(), 1);
        QVERIFY(std::abs(chart.launchBoxVertical()->end->coords().x() - 0.0042) < 1e-12);
    }

    void timeRooflineNamesDoNotCoverEachOther() {
        // The demo's dot and triad: nearly the same bytes and work, and names of the same length.
        const TimeRooflineMachine fixture{358e9, 47.5e9, 4.2e-6};
        std::vector<KernelPoint> points{kernel("triad (DRAM)", 0.143, 0.168e9, {{"DRAM", 2.0e9}}, 10),
                                        kernel("dot (DRAM)", 0.116, 0.168e9, {{"DRAM", 1.34e9}}, 10),
                                        kernel("saxpy (DRAM)", 0.075, 0.336e9, {{"DRAM", 2.0e9}}, 10)};
        TimeRooflineChart chart;
        chart.setData(points, fixture, "DRAM");
        chart.selectKernel(2);
        showAndLayOut(chart);
        chart.plot()->replot();
        std::vector<std::pair<QString, QRectF>> shown;
        for (int i = 0; i < chart.plot()->itemCount(); ++i)
            if (auto* name = qobject_cast<QCPItemText*>(chart.plot()->item(i)); name && name->visible()) {
                const QMargins padding = name->padding();
                shown.emplace_back(
                    name->text(),
                    QRectF(name->topLeft->pixelPosition(), name->bottomRight->pixelPosition())
                        .adjusted(padding.left(), padding.top(), -padding.right(), -padding.bottom()));
            }
        QVERIFY(std::any_of(shown.begin(), shown.end(),
                            [](const auto& each) { return each.first == QStringLiteral("saxpy (DRAM)"); }));
        for (std::size_t a = 0; a < shown.size(); ++a)
            for (std::size_t b = a + 1; b < shown.size(); ++b)
                QVERIFY2(!shown[a].second.intersects(shown[b].second),
                         qPrintable(shown[a].first + QStringLiteral(" / ") + shown[b].first));
    }
};

QTEST_MAIN(TestRooflineChart)
#include "tst_roofline_chart.moc"
