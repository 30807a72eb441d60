#include "chart_frame.h"

#include "sciperf/views/plot_export.h"

#include <algorithm>
#include <qcustomplot.h>

namespace sciperf::detail {

namespace {
constexpr int kLegendEntryWidth = 170; // pixels per legend column, enough for "result_10 (not converged)"
} // namespace

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
    return frame;
}

void fitLegendColumns(QCustomPlot& plot, int entries) {
    const int columns = std::clamp(std::max(plot.width(), 600) / kLegendEntryWidth, 1, std::max(entries, 1));
    plot.legend->setWrap(columns);
}

} // namespace sciperf::detail
