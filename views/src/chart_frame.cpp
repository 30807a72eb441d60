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
    layout->setRowStretchFactor(0, 0.001);
    placeLegendBelow(plot);
    addPlotExportMenu(plot, exportName);
    // A wide legend must not set the window's minimum width: below this the plot is clipped.
    plot.setMinimumSize(240, 180);
    return frame;
}

void placeLegendBelow(QCustomPlot& plot) {
    QCPLayoutGrid* layout = plot.plotLayout();
    const int row = layout->rowCount();
    auto* legendRow = new QCPLayoutGrid;
    layout->addElement(row, 0, legendRow);
    layout->setRowStretchFactor(row, 0.001);
    legendRow->setMargins(QMargins(5, 0, 5, 5));
    // A layout column is no wider than its narrowest maximum, and an empty legend's is its margins:
    // without a maximum of its own, a chart without legend entries would squeeze its axes to a
    // sliver. (QWIDGETSIZE_MAX itself means no maximum; this one, margins added, must stay below.)
    constexpr int kWiderThanAnyScreen = 1 << 20;
    legendRow->setMaximumSize(kWiderThanAnyScreen, QWIDGETSIZE_MAX);
    plot.axisRect()->insetLayout()->take(plot.legend);
    legendRow->addElement(0, 0, plot.legend);
    plot.legend->setVisible(true);
    plot.legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot.legend->setBorderPen(Qt::NoPen);
    // As many legend columns as the width holds, refitted whenever the plot redraws (resizes too).
    QObject::connect(&plot, &QCustomPlot::beforeReplot, &plot, [&plot] { fitLegendColumns(plot); });
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
