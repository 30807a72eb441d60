// PointLabels: names beside points that never cover each other, another point, or the axes' edge.
#include "sciperf/views/point_labels.h"

#include <QTest>
#include <qcustomplot.h>

using namespace sciperf;

namespace {

constexpr double kMarkerPixels = 8;

// The text's own rectangle on screen: the item's box less the padding that keeps it off its point.
QRectF textRect(const QCPItemText& item) {
    const QRectF box(item.topLeft->pixelPosition(), item.bottomRight->pixelPosition());
    const QMargins padding = item.padding();
    return box.normalized().adjusted(padding.left(), padding.top(), -padding.right(), -padding.bottom());
}

std::vector<QCPItemText*> visible(const std::vector<QCPItemText*>& labels) {
    std::vector<QCPItemText*> shown;
    for (QCPItemText* label : labels)
        if (label->visible())
            shown.push_back(label);
    return shown;
}

} // namespace

class TestPointLabels : public QObject {
    Q_OBJECT

    std::unique_ptr<QCustomPlot> m_plot;

    QCustomPlot& plot() { return *m_plot; }

    // None of the shown labels overlaps another or a labelled point, and all lie inside the axes.
    void verifyApart(const std::vector<QCPItemText*>& labels, const std::vector<QPointF>& points) {
        const QRectF axes = plot().axisRect()->rect();
        const auto shown = visible(labels);
        for (std::size_t a = 0; a < shown.size(); ++a) {
            const QRectF rect = textRect(*shown[a]);
            QVERIFY2(axes.contains(rect), qPrintable(shown[a]->text()));
            for (std::size_t b = a + 1; b < shown.size(); ++b)
                QVERIFY2(!rect.intersects(textRect(*shown[b])),
                         qPrintable(shown[a]->text() + QStringLiteral(" / ") + shown[b]->text()));
            for (const QPointF& point : points) {
                const QPointF at(plot().xAxis->coordToPixel(point.x()),
                                 plot().yAxis->coordToPixel(point.y()));
                const QRectF marker(at - QPointF(kMarkerPixels / 2, kMarkerPixels / 2),
                                    QSizeF(kMarkerPixels, kMarkerPixels));
                QVERIFY2(!rect.intersects(marker), qPrintable(shown[a]->text()));
            }
        }
    }

private slots:
    void init() {
        m_plot = std::make_unique<QCustomPlot>();
        m_plot->resize(400, 300);
        m_plot->xAxis->setRange(0, 10);
        m_plot->yAxis->setRange(0, 10);
    }

    void separatePointsKeepTheirLabelsOnTheRight() {
        PointLabels labels(&plot());
        const std::vector<QPointF> points{{1, 2}, {1, 8}, {5, 5}};
        std::vector<QCPItemText*> items;
        for (const QPointF& point : points)
            items.push_back(labels.add(point.x(), point.y(), QStringLiteral("a kernel"), kMarkerPixels));
        plot().replot();
        for (std::size_t i = 0; i < items.size(); ++i) {
            QVERIFY(items[i]->visible());
            QVERIFY(textRect(*items[i]).left() > plot().xAxis->coordToPixel(points[i].x()));
        }
        verifyApart(items, points);
    }

    void aLabelAtTheRightEdgeGoesLeft() {
        PointLabels labels(&plot());
        QCPItemText* item = labels.add(9.8, 5, QStringLiteral("near the edge"), kMarkerPixels);
        plot().replot();
        QVERIFY(item->visible());
        QVERIFY(textRect(*item).right() < plot().xAxis->coordToPixel(9.8));
        verifyApart({item}, {{9.8, 5}});
    }

    void crowdedLabelsNeverOverlapAndZoomingInShowsMore() {
        PointLabels labels(&plot());
        std::vector<QPointF> points;
        std::vector<QCPItemText*> items;
        for (int k = 0; k < 8; ++k) {
            points.emplace_back(5 + 0.02 * k, 5);
            items.push_back(
                labels.add(points.back().x(), 5, QStringLiteral("kernel number %1").arg(k), kMarkerPixels));
        }
        plot().replot();
        const std::size_t crowded = visible(items).size();
        QVERIFY(crowded >= 1);
        QVERIFY2(crowded < items.size(), "eight long names about one point cannot all fit");
        QVERIFY(items[0]->visible()); // the first added is placed first
        verifyApart(items, points);

        plot().xAxis->setRange(4.95, 5.2);
        plot().yAxis->setRange(4.9, 5.1);
        plot().replot();
        QVERIFY2(visible(items).size() > crowded,
                 qPrintable(QStringLiteral("%1 then %2").arg(crowded).arg(visible(items).size())));
        verifyApart(items, points);
    }

    void labelsClearedWithThePlotsItemsAreForgotten() {
        PointLabels labels(&plot());
        labels.add(2, 2, QStringLiteral("gone"), kMarkerPixels);
        plot().clearItems();
        plot().replot(); // must not touch the deleted item
        QCPItemText* item = labels.add(3, 3, QStringLiteral("new"), kMarkerPixels);
        plot().replot();
        QVERIFY(item->visible());
        QCOMPARE(plot().itemCount(), 1);
    }
};

QTEST_MAIN(TestPointLabels)
#include "tst_point_labels.moc"
