#pragma once
// The Roofline workspace: the ceilings of one source (an `ert` run's CPU or GPU ceilings, an
// imported ERT roofline.json) with the kernels of another (a run's counted kernels, an imported
// Nsight Compute CSV), on the hierarchical and the time-based roofline, with a kernel table linked
// to both charts, comparison with a second kernel source, and exports (PNG, SVG, CSV, JSON).

#include "sciperf/analysis/roofline/ceilings.h"
#include "sciperf/analysis/roofline/kernels.h"
#include "sciperf/store/session_store.h"

#include <QString>
#include <QWidget>
#include <set>
#include <string>
#include <vector>

class QCheckBox;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLayoutItem;
class QSortFilterProxyModel;
class QSpinBox;
class QStandardItemModel;
class QTabWidget;
class QTableView;

namespace sciperf {

class RooflineChart;
class TimeRooflineChart;

class RooflineWorkspace : public QWidget {
    Q_OBJECT
public:
    explicit RooflineWorkspace(QWidget* parent = nullptr);

    // The session's runs: those with ceilings or kernels become sources. Imported files stay.
    void setRuns(const std::vector<RunRecord>& runs);
    // Reads an ERT roofline.json (ceilings) or an Nsight Compute CSV (kernels, summed by name) and
    // selects it. On error: false, the message (naming the file and line) shown and emitted.
    bool importFile(const QString& file);
    // Shows the run written to `runDirectory`: its ceilings and its kernels where it has them.
    void selectRun(const QString& runDirectory);
    // Whether any ceilings or kernels are there to show.
    bool hasContent() const;

    // The kernel table's row of kernel `index` is selected and both charts highlight it (-1: none).
    void selectKernel(int index);
    int selectedKernel() const { return m_selected; }
    // The points and ceilings shown: {"ceilings": ERT JSON, "kernels": [...], sources}, atomically.
    bool exportJson(const QString& file) const;
    bool exportCsv(const QString& file) const;
    // The chart of the current tab as PNG or SVG (by the suffix).
    bool exportChart(const QString& file) const;
    QString message() const;

    QComboBox* ceilingsBox() const { return m_ceilingsBox; }
    QComboBox* kernelsBox() const { return m_kernelsBox; }
    QComboBox* compareBox() const { return m_compareBox; }
    QComboBox* levelBox() const { return m_levelBox; }
    QComboBox* coloringBox() const { return m_coloringBox; }
    QSpinBox* topBox() const { return m_topBox; }
    QTabWidget* tabs() const { return m_tabs; }
    QTableView* kernelTable() const { return m_table; }
    QStandardItemModel* kernelModel() const { return m_model; }
    RooflineChart* chart() const { return m_chart; }
    TimeRooflineChart* timeChart() const { return m_timeChart; }
    // The kernels shown (the top N by time of the chosen source), in table and chart order.
    const std::vector<roofline::KernelPoint>& shownKernels() const { return m_shown; }

public slots:
    void chooseFileToImport();

signals:
    void measureCeilingsRequested();
    void contentChanged(bool hasContent);
    // An import or a run that could not be read; the text names the file.
    void problem(const QString& message);

private:
    struct CeilingSource {
        QString key;
        QString label;
        roofline::Ceilings ceilings;
    };
    struct KernelSource {
        QString key;
        QString label;
        std::vector<roofline::KernelPoint> kernels;
    };

    QWidget* createTopBar();
    QWidget* createExportButton();
    void fillSourceBoxes();
    void updateView();
    void updateToggles();
    void updateTimeChart();
    void fillTable();
    void showMessage(const QString& text, bool isError);
    const CeilingSource* currentCeilings() const;
    const KernelSource* kernelSource(const QComboBox* box) const;

    std::vector<CeilingSource> m_runCeilings;
    std::vector<KernelSource> m_runKernels;
    std::vector<CeilingSource> m_importedCeilings;
    std::vector<KernelSource> m_importedKernels;
    std::set<QString> m_reported; // runs whose run.json could not be read, said once each
    std::vector<roofline::KernelPoint> m_shown;
    roofline::Ceilings m_ceilings;
    int m_selected = -1;

    QComboBox* m_ceilingsBox;
    QComboBox* m_kernelsBox;
    QComboBox* m_compareBox;
    QComboBox* m_levelBox;
    QComboBox* m_coloringBox;
    QSpinBox* m_topBox;
    QHBoxLayout* m_toggleRow;
    QLayoutItem* m_toggleStretch = nullptr;
    std::vector<QCheckBox*> m_toggles;
    std::set<std::string> m_hiddenLevels;
    std::set<std::string> m_hiddenPrecisions;
    QLabel* m_message;
    QTabWidget* m_tabs;
    RooflineChart* m_chart;
    TimeRooflineChart* m_timeChart;
    QStandardItemModel* m_model;
    QSortFilterProxyModel* m_sorted = nullptr; // set by createResultTableView
    QTableView* m_table;
};

} // namespace sciperf
