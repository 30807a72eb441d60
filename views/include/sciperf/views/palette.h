#pragma once

#include <QColor>

namespace sciperf {

// Distinct colours for categorical series (runs, benchmarks, time components): the Okabe-Ito
// colour-blind-safe set, then the Tableau 10 hues; cycles beyond that.
QColor categoricalColor(int index);
// What marks a series as not counting (a run that did not converge).
QColor mutedColor();

} // namespace sciperf
