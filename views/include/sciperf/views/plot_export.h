#pragma once
// Export of every plot (PNG, SVG) and every table (CSV), one implementation for all views, and
// the context menus that offer it to the user.

#include <QString>

class QAbstractItemModel;
class QAbstractItemView;
class QCustomPlot;

namespace sciperf {

// One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break, with quotes
// doubled, so that spreadsheets read system names like "dgxa100, 128 nodes" as one cell.
QString csvField(const QString& text);
// The model's header and rows as CSV (display text, CRLF line ends as RFC 4180 asks).
QString tableToCsv(const QAbstractItemModel& model);
bool saveTableCsv(const QAbstractItemModel& model, const QString& file);

// Renders at width x height pixels (0: the widget's size), independent of what is on screen.
bool savePlotPng(QCustomPlot& plot, const QString& file, int width = 0, int height = 0);
bool savePlotSvg(QCustomPlot& plot, const QString& file, int width = 0, int height = 0);
// By the file's suffix: .svg, else PNG.
bool savePlot(QCustomPlot& plot, const QString& file, int width = 0, int height = 0);

// A context menu on the widget: "Export plot as PNG or SVG…" / "Export table as CSV…", asking for a
// file name that starts from `suggestedName`.
void addPlotExportMenu(QCustomPlot& plot, const QString& suggestedName);
void addTableExportMenu(QAbstractItemView& view, const QString& suggestedName);

} // namespace sciperf
