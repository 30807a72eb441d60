#include "sciperf/views/plot_export.h"

#include <QAbstractItemView>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QStringList>
#include <QSvgGenerator>
#include <qcustomplot.h>

namespace sciperf {

QString csvField(const QString& text) {
    static const QString kSpecial = QStringLiteral(",\"\r\n");
    const bool needsQuotes =
        std::any_of(text.begin(), text.end(), [](QChar c) { return kSpecial.contains(c); });
    if (!needsQuotes)
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString tableToCsv(const QAbstractItemModel& model) {
    QString csv;
    auto appendRow = [&csv](const QStringList& fields) {
        QStringList quoted;
        for (const QString& field : fields)
            quoted << csvField(field);
        csv += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    };
    QStringList header;
    for (int column = 0; column < model.columnCount(); ++column)
        header << model.headerData(column, Qt::Horizontal).toString();
    appendRow(header);
    for (int row = 0; row < model.rowCount(); ++row) {
        QStringList fields;
        for (int column = 0; column < model.columnCount(); ++column)
            fields << model.index(row, column).data().toString();
        appendRow(fields);
    }
    return csv;
}

bool saveTableCsv(const QAbstractItemModel& model, const QString& file) {
    // QSaveFile: a failed write leaves an earlier export intact instead of half a file.
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    out.write(tableToCsv(model).toUtf8());
    return out.commit();
}

bool savePlotPng(QCustomPlot& plot, const QString& file, int width, int height) {
    return plot.savePng(file, width, height);
}

bool savePlotSvg(QCustomPlot& plot, const QString& file, int width, int height) {
    const int w = width > 0 ? width : plot.width();
    const int h = height > 0 ? height : plot.height();
    QSvgGenerator generator;
    generator.setFileName(file);
    generator.setSize(QSize(w, h));
    generator.setViewBox(QRect(0, 0, w, h));
    generator.setTitle(QFileInfo(file).completeBaseName());
    generator.setDescription(QStringLiteral("SciPerf Studio"));
    QCPPainter painter;
    if (!painter.begin(&generator))
        return false;
    plot.toPainter(&painter, w, h);
    painter.end();
    return QFileInfo(file).size() > 0;
}

bool savePlot(QCustomPlot& plot, const QString& file, int width, int height) {
    if (QFileInfo(file).suffix().compare(QStringLiteral("svg"), Qt::CaseInsensitive) == 0)
        return savePlotSvg(plot, file, width, height);
    return savePlotPng(plot, file, width, height);
}

namespace {

QString withSuffix(QString file, const QString& selectedFilter) {
    if (!QFileInfo(file).suffix().isEmpty())
        return file;
    return file +
           (selectedFilter.contains(QStringLiteral("svg")) ? QStringLiteral(".svg") : QStringLiteral(".png"));
}

} // namespace

void addPlotExportMenu(QCustomPlot& plot, const QString& suggestedName) {
    plot.setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(&plot, &QWidget::customContextMenuRequested, &plot, [&plot, suggestedName](QPoint at) {
        QMenu menu(&plot);
        menu.addAction(QObject::tr("Export plot as PNG or SVG…"), &plot, [&plot, suggestedName] {
            QString filter;
            const QString file = QFileDialog::getSaveFileName(
                &plot, QObject::tr("Export Plot"), suggestedName + QStringLiteral(".png"),
                QObject::tr("PNG image (*.png);;SVG drawing (*.svg)"), &filter);
            const QString target = file.isEmpty() ? file : withSuffix(file, filter);
            if (!target.isEmpty() && !savePlot(plot, target))
                QMessageBox::warning(&plot, QObject::tr("Export Plot"),
                                     QObject::tr("Could not write %1.").arg(target));
        });
        menu.exec(plot.mapToGlobal(at));
    });
}

void addTableExportMenu(QAbstractItemView& view, const QString& suggestedName) {
    view.setContextMenuPolicy(Qt::CustomContextMenu);
    QObject::connect(&view, &QWidget::customContextMenuRequested, &view, [&view, suggestedName](QPoint at) {
        QMenu menu(&view);
        menu.addAction(QObject::tr("Export table as CSV…"), &view, [&view, suggestedName] {
            const QString file = QFileDialog::getSaveFileName(&view, QObject::tr("Export Table"),
                                                              suggestedName + QStringLiteral(".csv"),
                                                              QObject::tr("CSV table (*.csv)"));
            if (!file.isEmpty() && view.model() != nullptr && !saveTableCsv(*view.model(), file))
                QMessageBox::warning(&view, QObject::tr("Export Table"),
                                     QObject::tr("Could not write %1.").arg(file));
        });
        menu.exec(view.viewport()->mapToGlobal(at));
    });
}

} // namespace sciperf
