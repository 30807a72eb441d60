#pragma once
// Help > About: the versions of the libraries this process actually runs with.

#include <QDialog>
#include <QList>
#include <QString>

namespace sciperf {

struct ComponentVersion {
    QString name;
    QString version; // empty when not found
    QString detail;  // where it was found, or why not
};

// Qt, VTK, QCustomPlot, HDF5, SQLite, CUDA runtime and CUPTI, as found at run time.
QList<ComponentVersion> componentVersions();

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);
};

} // namespace sciperf
