#include "chart_frame.h"

#include "sciperf/views/plot_export.h"

#include <algorithm>
#include <qcustomplot.h>

namespace sciperf::detail {

ChartFrame frameChart(QCustomPlot& plot, const QString& exportName) {
    ChartFrame frame;
    QCPLayoutGrid* layout = plot.plotLayout();
    layout->insertRow(0);
    QFont titleFont = plot.font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() + 1);
    frame.title = new QCPTextElement(&plot, QString(), titleFont);
    layout->addElement(0, 0, frame.title);

    auto* legendRow = new QCPLayoutGrid;
    layout->addElement(2, 0, legendRow);
    legendRow->setMargins(QMargins(5, 0, 5, 5));
    plot.axisRect()->insetLayout()->take(plot.legend);
    legendRow->addElement(0, 0, plot.legend);
    plot.legend->setVisible(true);
    plot.legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot.legend->setBorderPen(Qt::NoPen);
    layout->setRowStretchFactor(0, 0.001);
    layout->setRowStretchFactor(2, 0.001);
    addPlotExportMenu(plot, exportName);
    // A wide legend must not set the window's minimum width: below this the plot is clipped.
    plot.setMinimumSize(240, 180);
    // As many legend columns as the width holds, refitted whenever the plot redraws (resizes too).
    QObject::connect(&plot, &QCustomPlot::beforeReplot, &plot, [&plot] { fitLegendColumns(plot); });
    return frame;
}

void fitLegendColumns(QCustomPlot& plot) {
    // Measured from the names: the items' own size hints are not known before their first layout.
    const QFontMetrics metrics(plot.legend->font());
    int widest = 1;
    for (int i = 0; i < plot.legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot.legend->item(i)))
            widest = std::max(widest, metrics.horizontalAdvance(item->plottable()->name()));
    widest += plot.legend->iconSize().width() + plot.legend->iconTextPadding() + 16; // item margins
    const int columns = std::max(1, (plot.width() - 20) / (widest + plot.legend->columnSpacing()));
    if (plot.legend->wrap() != columns) {
        plot.legend->setWrap(columns);
        plot.legend->setFillOrder(QCPLayoutGrid::foColumnsFirst, true); // setWrap alone moves nothing
    }
}

} // namespace sciperf::detail
