#include "result_table_view.h"

#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/plot_export.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace sciperf {

QTableView* createResultTableView(QAbstractItemModel* model, const QString& exportName, QWidget* parent,
                                  QSortFilterProxyModel** proxy) {
    auto* sorted = new QSortFilterProxyModel(parent);
    sorted->setSourceModel(model);
    sorted->setSortRole(kSortRole);
    auto* view = new QTableView(parent);
    view->setModel(sorted);
    view->setSortingEnabled(true);
    view->sortByColumn(-1, Qt::AscendingOrder); // the order it was filled in until the user sorts
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    view->horizontalHeader()->setStretchLastSection(true);
    // Long system names must not push the numbers out of sight; the full text is in a tooltip.
    view->horizontalHeader()->setMaximumSectionSize(200);
    view->setTextElideMode(Qt::ElideMiddle);
    addTableExportMenu(*view, exportName);
    if (proxy != nullptr)
        *proxy = sorted;
    return view;
}

void showMessageLine(QLabel& line, const QString& text, bool isError) {
    line.setText(text);
    line.setStyleSheet(isError ? QStringLiteral("color: #b02020;") : QString());
    line.setVisible(!text.isEmpty());
}

} // namespace sciperf
