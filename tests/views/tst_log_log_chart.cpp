// LogLogChart: logarithmic axes, what it drops, where it draws, what it exports, what it says when
// there is nothing to draw.
#include "pixel_check.h"
#include "sciperf/views/log_log_chart.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <limits>
#include <qcustomplot.h>

using namespace sciperf;
using sciperf::test::colorMismatch;
using sciperf::test::colorNear;

namespace {

const QColor kMagenta(255, 0, 255);
const QColor kWhite(255, 255, 255);
constexpr int kTolerance = 40;

// y = 10 x: a straight line on log-log axes, from (1, 10) to (1000, 10000).
ChartSeries powerLaw() {
    ChartSeries series;
    series.name = QStringLiteral("10 x");
    series.x = {1.0, 1000.0};
    series.y = {10.0, 10000.0};
    series.color = kMagenta;
    series.lineWidth = 4.0;
    return series;
}

} // namespace

class TestLogLogChart : public QObject {
    Q_OBJECT

private slots:
    void bothAxesAreLogarithmicAndLabelled() {
        LogLogChart chart;
        chart.setAxisLabels("Arithmetic intensity (FLOP/byte)", "Performance (GFLOP/s)");
        for (QCPAxis* axis : {chart.plot()->xAxis, chart.plot()->yAxis}) {
            QCOMPARE(axis->scaleType(), QCPAxis::stLogarithmic);
            QVERIFY(!qSharedPointerDynamicCast<QCPAxisTickerLog>(axis->ticker()).isNull());
        }
        QCOMPARE(chart.plot()->xAxis->label(), QStringLiteral("Arithmetic intensity (FLOP/byte)"));
        QCOMPARE(chart.plot()->yAxis->label(), QStringLiteral("Performance (GFLOP/s)"));
        QCOMPARE(qcustomplotVersionString(), QStringLiteral(QCUSTOMPLOT_VERSION_STR));
    }

    void settingTheTitleTwiceKeepsOneTitle() {
        LogLogChart chart;
        chart.setTitle("first");
        chart.setTitle("Roofline");
        QCOMPARE(chart.plot()->plotLayout()->rowCount(), 2);
        auto* title = qobject_cast<QCPTextElement*>(chart.plot()->plotLayout()->element(0, 0));
        QVERIFY(title != nullptr);
        QCOMPARE(title->text(), QStringLiteral("Roofline"));
    }

    void dropsAndCountsPointsLogAxesCannotShow() {
        LogLogChart chart;
        ChartSeries series;
        series.x = {0.1, 0.0, 1.0, -2.0, 10.0, 100.0, std::numeric_limits<double>::infinity()};
        series.y = {1.0, 2.0, 0.0, 3.0, 4.0, std::numeric_limits<double>::quiet_NaN(), 5.0};
        QCOMPARE(chart.addSeries(series), 5);
        const QSharedPointer<QCPGraphDataContainer> data = chart.plot()->graph(0)->data();
        QCOMPARE(data->size(), 2);
        QCOMPARE(data->at(0)->key, 0.1);
        QCOMPARE(data->at(0)->value, 1.0);
        QCOMPARE(data->at(1)->key, 10.0);
        QCOMPARE(data->at(1)->value, 4.0);

        // A value without a partner cannot be shown either.
        series.x = {1.0, 2.0, 3.0};
        series.y = {1.0, 2.0};
        QCOMPARE(chart.addSeries(series), 1);
        QCOMPARE(chart.plot()->graph(1)->data()->size(), 2);
    }

    void rescalesToWholeDecadesAroundTheData() {
        LogLogChart chart;
        ChartSeries series;
        series.x = {0.5, 200.0};
        series.y = {3.0, 7000.0};
        chart.addSeries(series);
        // Data on a decade boundary gets a decade of margin rather than touching the frame.
        series.x = {100.0};
        series.y = {10000.0};
        chart.addSeries(series);
        chart.rescaleToData();
        QCOMPARE(chart.plot()->xAxis->range().lower, 0.1);
        QCOMPARE(chart.plot()->xAxis->range().upper, 1000.0);
        QCOMPARE(chart.plot()->yAxis->range().lower, 1.0);
        QCOMPARE(chart.plot()->yAxis->range().upper, 100000.0);
    }

    void fitsALonePointToTheDecadesAroundIt() {
        LogLogChart chart;
        chart.plot()->xAxis->setRange(1e-4, 10.0); // what the axes showed before: irrelevant now
        chart.plot()->yAxis->setRange(1e-4, 10.0);
        ChartSeries series;
        series.x = {1.0};
        series.y = {0.25};
        chart.addSeries(series);
        chart.rescaleToData();
        QCOMPARE(chart.plot()->xAxis->range().lower, 0.1);
        QCOMPARE(chart.plot()->xAxis->range().upper, 10.0);
        QCOMPARE(chart.plot()->yAxis->range().lower, 0.1);
        QCOMPARE(chart.plot()->yAxis->range().upper, 1.0);
    }

    void drawsTheLineWhereTheAxesPutIt() {
        LogLogChart chart;
        chart.resize(800, 600);
        chart.addSeries(powerLaw());
        chart.rescaleToData();
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.plot()->replot();
        const QImage image = chart.grab().toImage();

        QCustomPlot* plot = chart.plot();
        const auto pixel = [&](double x, double y) {
            return plot->mapTo(&chart, QPointF(plot->xAxis->coordToPixel(x), plot->yAxis->coordToPixel(y)))
                .toPoint();
        };
        // Both data points and, since y = 10 x is straight on log-log axes, the point between them.
        for (const auto& [x, y, name] : {std::tuple{1.0, 10.0, "first"}, std::tuple{1000.0, 10000.0, "last"},
                                         std::tuple{31.6227766, 316.227766, "between"}}) {
            const QString why = colorMismatch(image, pixel(x, y), kMagenta, kTolerance, 2,
                                              QStringLiteral("tst_log_log_chart-") + name);
            QVERIFY2(why.isEmpty(), qPrintable(why));
        }
        // Far below the line, between grid lines.
        const QString why = colorMismatch(image, pixel(450.0, 4.5), kWhite, 10, 0,
                                          QStringLiteral("tst_log_log_chart-background"));
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void exportsAPngOfTheRequestedSize() {
        LogLogChart chart;
        chart.setTitle("Roofline");
        chart.setAxisLabels("Arithmetic intensity (FLOP/byte)", "Performance (GFLOP/s)");
        chart.addSeries(powerLaw());
        ChartSeries points;
        points.name = QStringLiteral("kernels");
        points.x = {2.0, 20.0, 200.0};
        points.y = {5.0, 50.0, 400.0};
        points.color = Qt::darkGreen;
        points.style = ChartSeries::Style::Points;
        chart.addSeries(points);
        chart.rescaleToData();

        // Kept in the build tree, to be looked at.
        const QString file = QDir::current().absoluteFilePath("tst_log_log_chart-export.png");
        QFile::remove(file);
        QVERIFY(chart.savePng(file, 640, 480));
        QImage image;
        QVERIFY(image.load(file, "PNG"));
        QCOMPARE(image.size(), QSize(640, 480));
        int magenta = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                magenta += colorNear(image.pixelColor(x, y), kMagenta, kTolerance);
            }
        }
        // A 4 pixel line across hundreds of pixels, and the legend's sample of it.
        QVERIFY2(magenta > 400, qPrintable(QString::number(magenta)));
    }

    void exportsAPdf() {
        LogLogChart chart;
        chart.addSeries(powerLaw());
        QTemporaryDir dir;
        const QString file = dir.filePath("chart.pdf");
        QVERIFY(chart.savePdf(file, 640, 480));
        QFile pdf(file);
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QCOMPARE(pdf.read(5), QByteArray("%PDF-"));
    }

    void saysWhyInsteadOfDrawingAnEmptyFrame() {
        LogLogChart chart;
        QCOMPARE(chart.shownMessage(), QStringLiteral("Nothing to plot yet."));
        const QString reason = QStringLiteral("No weak-scaling submissions in the results open.");
        chart.setNoDataMessage(reason);
        ChartSeries unshowable = powerLaw(); // a graph whose points log axes cannot show is no data
        unshowable.y = {0.0, -1.0};
        chart.addSeries(unshowable);
        chart.rescaleToData();
        QCOMPARE(chart.shownMessage(), reason);
        QVERIFY(!chart.plot()->xAxis->visible());
        QVERIFY(!chart.plot()->yAxis->visible());
        QVERIFY(!chart.plot()->legend->visible());
        // The words are drawn in the middle of the plot area, where the data would be: darker
        // than the light grey of a grid.
        const QImage image = chart.plot()->toPixmap(640, 480).toImage();
        int inked = 0;
        for (int y = 200; y < 280; ++y)
            for (int x = 100; x < 540; ++x)
                inked += image.pixelColor(x, y).lightness() < 170 ? 1 : 0;
        QVERIFY2(inked > 200, qPrintable(QStringLiteral("%1 pixels of text").arg(inked)));

        chart.plot()->clearItems(); // what users of plot() do before redrawing: the message stays
        chart.addSeries(powerLaw());
        QVERIFY(chart.shownMessage().isEmpty());
        QVERIFY(chart.plot()->xAxis->visible());
        QVERIFY(chart.plot()->yAxis->visible());
        QVERIFY(chart.plot()->legend->visible());
        chart.clearSeries();
        QCOMPARE(chart.shownMessage(), reason);
    }

    void hollowMarkersAreOpenCircles() {
        LogLogChart chart;
        ChartSeries provisional = powerLaw();
        provisional.style = ChartSeries::Style::Points;
        provisional.hollowMarkers = true;
        chart.addSeries(provisional);
        provisional.hollowMarkers = false;
        chart.addSeries(provisional);
        QCOMPARE(chart.plot()->graph(0)->scatterStyle().shape(), QCPScatterStyle::ssCircle);
        QCOMPARE(chart.plot()->graph(1)->scatterStyle().shape(), QCPScatterStyle::ssDisc);
    }

    void theLegendCanLeaveThePlotArea() {
        LogLogChart chart;
        chart.setTitle("Strong scaling");
        chart.placeLegendBelowAxes();
        chart.addSeries(powerLaw());
        QCustomPlot* plot = chart.plot();
        QCOMPARE(plot->plotLayout()->rowCount(), 3); // title, axes, legend
        QVERIFY(plot->legend->layout() != plot->axisRect()->insetLayout());
        QVERIFY(plot->legend->visible());

        // Without legend entries the axes still take the whole width.
        chart.clearSeries();
        chart.addSeries(powerLaw());
        plot->legend->clear();
        plot->setViewport(QRect(0, 0, 640, 480));
        plot->replot();
        QVERIFY2(plot->axisRect()->width() > 500, qPrintable(QString::number(plot->axisRect()->width())));
    }

    void clearSeriesLeavesNoGraphs() {
        LogLogChart chart;
        chart.addSeries(powerLaw());
        chart.addSeries(powerLaw());
        QCOMPARE(chart.plot()->graphCount(), 2);
        chart.clearSeries();
        QCOMPARE(chart.plot()->graphCount(), 0);
        QCOMPARE(chart.plot()->legend->itemCount(), 0);
    }
};

QTEST_MAIN(TestLogLogChart)
#include "tst_log_log_chart.moc"
