#pragma once
// What the MLPerf charts share: a title row above the axes, the legend in its own row below them
// (inside the axes it would hide bars and curves), and the export context menu.

#include <QString>

class QCPTextElement;
class QCustomPlot;

namespace sciperf::detail {

struct ChartFrame {
    QCPTextElement* title = nullptr;
};

// Lays out `plot` as title / axes / legend, with the export menu offering `exportName`.
ChartFrame frameChart(QCustomPlot& plot, const QString& exportName);
// Moves the legend from inside the axes to a row of its own below everything laid out so far.
void placeLegendBelow(QCustomPlot& plot);
// As many legend columns as fit the plot's width.
void fitLegendColumns(QCustomPlot& plot);

} // namespace sciperf::detail
