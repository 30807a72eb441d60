#pragma once
// The table view every MLPerf table uses: sortable by number where numbers are (kSortRole),
// rows selected whole, the CSV export menu.

#include <QString>

class QSortFilterProxyModel;
class QStandardItemModel;
class QTableView;
class QWidget;

namespace sciperf {

QTableView* createMlperfTableView(QStandardItemModel* model, const QString& exportName, QWidget* parent,
                                  QSortFilterProxyModel** proxy = nullptr);

} // namespace sciperf
