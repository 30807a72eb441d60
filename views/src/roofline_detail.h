#pragma once
// What the two roofline charts share beyond the public colours and labels: units, whole-decade
// axis ends, and clicks on a plot that also pans by dragging (only a press and release at nearly
// the same place is a click, so that dragging the axes never changes a selection).

#include "sciperf/analysis/units.h"

#include <QColor>
#include <QPointF>
#include <functional>

class QCustomPlot;

namespace sciperf::detail {

using units::kGiga; // bytes per GB, FLOP per GFLOP
// Ceiling and balance lines reach this factor squared beyond their ends, so that panning and
// zooming out never show where they stop.
inline constexpr double kLineReach = 1e6;
inline const QColor kSelectedColor(0, 0, 0);
// Behind text on a plot, so that lines and grid running under it do not cut through the letters.
inline const QColor kLabelBackground(255, 255, 255, 210);

// The power of ten at or below / at or above a positive value.
double decadeBelow(double value);
double decadeAbove(double value);

// Calls `clicked` with the position, in the plot's pixels, of every left click on `plot`.
void onPlotClicked(QCustomPlot& plot, std::function<void(const QPointF&)> clicked);

} // namespace sciperf::detail
