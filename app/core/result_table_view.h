#pragma once
// The table view every results table uses (MLPerf, roofline kernels, event tracks): sortable by
// number where numbers are (kSortRole), rows selected whole, the CSV export menu.

#include <QString>

class QSortFilterProxyModel;
class QAbstractItemModel;
class QLabel;
class QTableView;
class QWidget;

namespace sciperf {

QTableView* createResultTableView(QAbstractItemModel* model, const QString& exportName, QWidget* parent,
                                  QSortFilterProxyModel** proxy = nullptr);

// A one-line message under a workspace's controls: errors in red, hidden while empty.
void showMessageLine(QLabel& line, const QString& text, bool isError);

} // namespace sciperf
