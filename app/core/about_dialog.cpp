#include "about_dialog.h"

#include "sciperf/collectors/runtime_libraries.h"
#include "sciperf/store/hdf5_table.h"
#include "sciperf/store/session_store.h"
#include "sciperf/views/log_log_chart.h"
#include "sciperf/views/vtk_view.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace sciperf {
namespace {

ComponentVersion fromProbe(const RuntimeLibrary& library) {
    return {QString::fromStdString(library.name),
            library.found ? QString::fromStdString(library.version) : QString(),
            QString::fromStdString(library.location.empty()
                                       ? library.note
                                       : library.location +
                                             (library.note.empty() ? "" : " (" + library.note + ")"))};
}

} // namespace

QList<ComponentVersion> componentVersions() {
    return {
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion()),
         QStringLiteral("built against %1").arg(QStringLiteral(QT_VERSION_STR))},
        {QStringLiteral("VTK"), vtkVersionString(),
         QStringLiteral("rendering through OpenGL in a QOpenGLWidget")},
        {QStringLiteral("QCustomPlot"), qcustomplotVersionString(), {}},
        {QStringLiteral("HDF5"), QString::fromStdString(hdf5Version()), {}},
        {QStringLiteral("SQLite"), QString::fromStdString(sqliteVersion()), {}},
        fromProbe(probeCudaRuntime()),
        fromProbe(probeCupti()),
    };
}

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("About SciPerf Studio"));
    auto* heading =
        new QLabel(tr("<h2>SciPerf Studio %1</h2><p>Makes scientific machine learning fast on HPC "
                      "systems: rooflines, MLPerf HPC submissions, scaling and particle tracking.</p>")
                       .arg(QApplication::applicationVersion()),
                   this);
    heading->setWordWrap(true);

    const QList<ComponentVersion> components = componentVersions();
    auto* table = new QTableWidget(static_cast<int>(components.size()), 3, this);
    table->setObjectName(QStringLiteral("componentVersions"));
    table->setHorizontalHeaderLabels({tr("Component"), tr("Version"), tr("Details")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QStringList asText;
    for (int row = 0; row < components.size(); ++row) {
        const auto& component = components[row];
        const QString version = component.version.isEmpty() ? tr("not found") : component.version;
        table->setItem(row, 0, new QTableWidgetItem(component.name));
        table->setItem(row, 1, new QTableWidgetItem(version));
        table->setItem(row, 2, new QTableWidgetItem(component.detail));
        asText << QStringLiteral("%1\t%2\t%3").arg(component.name, version, component.detail);
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("Copy to clipboard"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this,
            [asText] { QApplication::clipboard()->setText(asText.join(QLatin1Char('\n'))); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(table);
    layout->addWidget(buttons);
    resize(760, 360);
}

} // namespace sciperf
