#pragma once

#include <QColor>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

class QCPTextElement;
class QCustomPlot;

namespace sciperf {

struct ChartSeries {
    QString name;         // legend text
    QVector<double> x, y; // in axis units
    QColor color;
    enum class Style { Line, Points, LineAndPoints } style = Style::Line;
    double lineWidth = 2.0;     // in pixels
    QStringList pointToolTips;  // optional, one per point: shown when the mouse rests on the point
    bool hollowMarkers = false; // open circles instead of discs: points that are not final
};

// A QCustomPlot with logarithmic x and y axes labelled in powers of ten: rooflines, scaling curves.
// The diameter of a point's marker (pixels), hollow ones one more.
inline constexpr double kChartMarkerPixels = 7.0;

class LogLogChart : public QWidget {
    Q_OBJECT

public:
    explicit LogLogChart(QWidget* parent = nullptr);

    void setAxisLabels(const QString& x, const QString& y);
    void setTitle(const QString& title);
    // Moves the legend out of the plot area into a row below the axes, for data that may fill any
    // corner (the default keeps it inside, top left).
    void placeLegendBelowAxes();

    // Adds a series. Points with x <= 0 or y <= 0 (or not finite) cannot be shown on log axes: they
    // are dropped and counted, as are values without a partner when x and y differ in length. Returns
    // the number dropped so the caller can say so.
    int addSeries(const ChartSeries& series);
    void clearSeries();

    // While no series has a point to show, the chart says why in words inside the plot area, with
    // the axes and the legend hidden: never an empty frame with made-up ranges. The default is a
    // plain "Nothing to plot yet."; callers name the reason.
    void setNoDataMessage(const QString& message);
    // The message on show now; empty while there are points.
    QString shownMessage() const;

    // Fits both axes to the data, out to the enclosing whole decades with some margin, and redraws.
    // Leaves the axes alone when there is no data (hidden then, behind the no-data message).
    void rescaleToData();

    QCustomPlot* plot() const;

    // Export at the given size in pixels (plot_export.h); the context menu offers PNG and SVG.
    bool savePng(const QString& file, int width, int height);
    bool saveSvg(const QString& file, int width, int height);
    bool savePdf(const QString& file, int width, int height);

private:
    void showToolTipNear(const QPointF& position, const QPoint& globalPosition);
    void showMessageWhenEmpty();

    struct PointTip {
        double x, y;
        QString text;
    };
    QCustomPlot* m_plot;
    QCPTextElement* m_title = nullptr; // created by the first setTitle
    QCPTextElement* m_noDataMessage;   // in the axis rect; a layout element, so clearItems keeps it
    QVector<PointTip> m_tips;
};

// The QCustomPlot version compiled against, e.g. "2.1.0".
QString qcustomplotVersionString();

} // namespace sciperf
