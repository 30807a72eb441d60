#include "roofline_workspace.h"

#include "result_table_view.h"
#include "sciperf/analysis/json_writer.h"
#include "sciperf/analysis/roofline/kernel_records.h"
#include "sciperf/analysis/roofline/nsight_compute.h"
#include "sciperf/analysis/roofline/run_results.h"
#include "sciperf/analysis/units.h"
#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/plot_export.h"
#include "sciperf/views/roofline_chart.h"
#include "sciperf/views/time_roofline_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

namespace sciperf {

namespace {

constexpr int kKernelRole = Qt::UserRole + 20; // on a row's first cell: the kernel's index in m_shown
constexpr int kDefaultTop = 20;
using units::kGiga;
const QColor kAboveRoofColor(220, 0, 0);

// The levels the kernels have bytes at, in the ceilings' order (fastest first), then any others.
std::vector<std::string> levelsOf(const std::vector<roofline::KernelPoint>& kernels,
                                  const roofline::Ceilings& ceilings) {
    std::vector<std::string> levels;
    auto known = [&kernels](const std::string& level) {
        return std::any_of(kernels.begin(), kernels.end(),
                           [&level](const auto& k) { return k.bytesAt(level); });
    };
    for (const auto& bandwidth : ceilings.bandwidth)
        if (known(bandwidth.level))
            levels.push_back(bandwidth.level);
    for (const auto& kernel : kernels)
        for (const auto& bytes : kernel.bytes)
            if (std::find(levels.begin(), levels.end(), bytes.level) == levels.end())
                levels.push_back(bytes.level);
    return levels;
}

QStandardItem* numberItem(double value, const QString& shown) {
    auto* item = new QStandardItem(shown);
    item->setData(value, kSortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QStandardItem* textItem(const QString& shown) {
    auto* item = new QStandardItem(shown);
    item->setData(shown, kSortRole);
    return item;
}

void selectByKey(QComboBox& box, const QString& key) {
    const int index = box.findData(key);
    if (index >= 0)
        box.setCurrentIndex(index);
}

} // namespace

RooflineWorkspace::RooflineWorkspace(QWidget* parent)
    : QWidget(parent)
    , m_ceilingsBox(new QComboBox(this))
    , m_kernelsBox(new QComboBox(this))
    , m_compareBox(new QComboBox(this))
    , m_levelBox(new QComboBox(this))
    , m_coloringBox(new QComboBox(this))
    , m_topBox(new QSpinBox(this))
    , m_toggleRow(new QHBoxLayout)
    , m_message(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_chart(new RooflineChart(this))
    , m_timeChart(new TimeRooflineChart(this))
    , m_model(new QStandardItemModel(this))
    , m_table(createResultTableView(m_model, QStringLiteral("kernels"), this, &m_sorted)) {
    m_message->setObjectName(QStringLiteral("rooflineMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_tabs->addTab(m_chart, tr("Hierarchical roofline"));
    m_tabs->addTab(m_timeChart, tr("Time-based roofline"));

    m_table->setObjectName(QStringLiteral("kernelTable"));
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tabs);
    splitter->addWidget(m_table);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(createTopBar());
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                selectKernel(current.isValid() ? m_sorted->index(current.row(), 0).data(kKernelRole).toInt()
                                               : -1);
            });
    connect(m_chart, &RooflineChart::kernelSelected, this, &RooflineWorkspace::selectKernel);
    connect(m_timeChart, &TimeRooflineChart::kernelSelected, this, &RooflineWorkspace::selectKernel);
    fillSourceBoxes();
}

QWidget* RooflineWorkspace::createTopBar() {
    m_ceilingsBox->setObjectName(QStringLiteral("ceilingsSource"));
    m_kernelsBox->setObjectName(QStringLiteral("kernelsSource"));
    m_compareBox->setObjectName(QStringLiteral("compareSource"));
    for (QComboBox* box : {m_ceilingsBox, m_kernelsBox, m_compareBox}) {
        // Long run names must not widen the window: the boxes share the row's width instead.
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(16);
        connect(box, &QComboBox::currentIndexChanged, this, &RooflineWorkspace::updateView);
    }
    m_topBox->setRange(1, 1000);
    m_topBox->setValue(kDefaultTop);
    m_topBox->setPrefix(tr("top "));
    m_topBox->setToolTip(tr("Show the kernels that take the most time"));
    connect(m_topBox, &QSpinBox::valueChanged, this, &RooflineWorkspace::updateView);
    m_levelBox->setToolTip(tr("The memory level of the time-based roofline and of the comparison arrows"));
    connect(m_levelBox, &QComboBox::currentIndexChanged, this, &RooflineWorkspace::updateView);
    m_coloringBox->addItem(tr("memory level"));
    m_coloringBox->addItem(tr("precision"));
    connect(m_coloringBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_chart->setColoring(index == 0 ? RooflineChart::Coloring::ByLevel
                                        : RooflineChart::Coloring::ByPrecision);
    });

    auto* measure = new QPushButton(tr("Measure ceilings"), this);
    measure->setToolTip(tr("Measure this machine's ceilings: run the ert workload"));
    connect(measure, &QPushButton::clicked, this, &RooflineWorkspace::measureCeilingsRequested);
    auto* import = new QPushButton(tr("Import…"), this);
    import->setToolTip(tr("Import an ERT roofline.json (ceilings) or an Nsight Compute CSV (kernels)"));
    connect(import, &QPushButton::clicked, this, &RooflineWorkspace::chooseFileToImport);

    auto* bar = new QWidget(this);
    auto* rows = new QVBoxLayout(bar);
    rows->setContentsMargins(0, 0, 0, 0);
    auto* sources = new QHBoxLayout;
    sources->addWidget(new QLabel(tr("Ceilings from"), bar));
    sources->addWidget(m_ceilingsBox, 1);
    sources->addWidget(new QLabel(tr("Kernels from"), bar));
    sources->addWidget(m_kernelsBox, 1);
    sources->addWidget(new QLabel(tr("Compare with"), bar));
    sources->addWidget(m_compareBox, 1);
    rows->addLayout(sources);
    m_toggleRow->addWidget(m_topBox);
    m_toggleRow->addWidget(new QLabel(tr("Level"), bar));
    m_toggleRow->addWidget(m_levelBox);
    m_toggleRow->addWidget(new QLabel(tr("Colour by"), bar));
    m_toggleRow->addWidget(m_coloringBox);
    m_toggleRow->addWidget(new QLabel(tr("Show:"), bar));
    m_toggleRow->addStretch(); // the level and precision check boxes go before it
    m_toggleStretch = m_toggleRow->itemAt(m_toggleRow->count() - 1);
    m_toggleRow->addWidget(measure);
    m_toggleRow->addWidget(import);
    m_toggleRow->addWidget(createExportButton());
    rows->addLayout(m_toggleRow);
    return bar;
}

QWidget* RooflineWorkspace::createExportButton() {
    auto* button = new QToolButton(this);
    button->setText(tr("Export"));
    button->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(button);
    struct Export {
        QString action, suggestedName, filter;
        bool (RooflineWorkspace::*write)(const QString&) const;
    };
    const Export exports[] = {{tr("Chart as PNG…"), QStringLiteral("roofline.png"), tr("PNG image (*.png)"),
                               &RooflineWorkspace::exportChart},
                              {tr("Chart as SVG…"), QStringLiteral("roofline.svg"), tr("SVG drawing (*.svg)"),
                               &RooflineWorkspace::exportChart},
                              {tr("Kernel table as CSV…"), QStringLiteral("kernels.csv"),
                               tr("CSV table (*.csv)"), &RooflineWorkspace::exportCsv},
                              {tr("Points and ceilings as JSON…"), QStringLiteral("roofline-points.json"),
                               tr("JSON (*.json)"), &RooflineWorkspace::exportJson}};
    for (const Export& entry : exports) {
        menu->addAction(entry.action, this, [this, entry] {
            const QString file =
                QFileDialog::getSaveFileName(this, tr("Export"), entry.suggestedName, entry.filter);
            if (!file.isEmpty() && !(this->*entry.write)(file))
                QMessageBox::warning(this, tr("Export"), tr("Could not write %1.").arg(file));
        });
    }
    button->setMenu(menu);
    return button;
}

void RooflineWorkspace::setRuns(const std::vector<RunRecord>& runs) {
    m_runCeilings.clear();
    m_runKernels.clear();
    // Newest first: the run just measured is the one wanted most.
    for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
        if (run->status != "completed") // a failed run's record holds no run.json of sciperf-run
            continue;
        const QString directory = QString::fromStdString(run->runDirectory);
        const auto read = roofline::readRooflineRun(run->runJson, run->runDirectory + "/run.json");
        if (!read) {
            if (m_reported.insert(directory).second)
                showMessage(QString::fromStdString(read.error().message), true);
            continue;
        }
        // Short enough for a combo box: minutes are enough to tell runs apart.
        const QDateTime started = QDateTime::fromString(text(read->started), Qt::ISODate);
        const QString name = QStringLiteral("%1 · %2 · %3")
                                 .arg(text(read->workload),
                                      started.isValid() ? started.toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                                                        : text(read->started),
                                      text(read->host));
        const QString key = QStringLiteral("run:") + directory;
        if (!read->cpuCeilings.bandwidth.empty() || !read->cpuCeilings.compute.empty())
            m_runCeilings.push_back(
                {key + QStringLiteral("#cpu"), tr("%1 — CPU").arg(name), read->cpuCeilings});
        if (!read->gpuCeilings.bandwidth.empty() || !read->gpuCeilings.compute.empty())
            m_runCeilings.push_back({key + QStringLiteral("#gpu"),
                                     tr("%1 — GPU %2").arg(name, text(read->gpuName)), read->gpuCeilings});
        if (!read->kernels.empty())
            m_runKernels.push_back({key + QStringLiteral("#kernels"),
                                    tr("%1 — %2 kernels").arg(name).arg(read->kernels.size()),
                                    read->kernels});
        // Kernels measured by CUPTI's Range Profiler (sciperf-run --profile metrics): one point per
        // kernel name. A CPU workload's own records repeat its run.json kernels and are not added.
        QFile profiled(directory + QLatin1Char('/') + QLatin1String(roofline::kKernelRecordsFile));
        if (profiled.open(QIODevice::ReadOnly)) {
            const std::string path = profiled.fileName().toStdString();
            const auto records = roofline::readKernelRecordsJsonl(profiled.readAll().toStdString(), path);
            if (!records) {
                if (m_reported.insert(directory + QStringLiteral("#profiled")).second)
                    showMessage(QString::fromStdString(records.error().message), true);
            } else if (records->source != "workload") {
                const auto points = roofline::kernelPointsOf(records->records, path);
                if (!points.empty())
                    m_runKernels.push_back({key + QStringLiteral("#profiled"),
                                            tr("%1 — %2 profiled kernels").arg(name).arg(points.size()),
                                            points});
            }
        }
    }
    fillSourceBoxes();
}

bool RooflineWorkspace::importFile(const QString& file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        showMessage(tr("Could not read %1: %2").arg(file, in.errorString()), true);
        return false;
    }
    const QByteArray bytes = in.readAll();
    const std::string_view content(bytes.constData(), static_cast<std::size_t>(bytes.size()));
    const std::string name = file.toStdString();
    const QString key = QStringLiteral("file:") + file;
    const QString fileName = QFileInfo(file).fileName();
    // ERT writes JSON; Nsight Compute's CSV never starts with a brace.
    if (bytes.trimmed().startsWith('{')) {
        auto ceilings = roofline::readErtJson(content, name);
        if (!ceilings) {
            showMessage(QString::fromStdString(ceilings.error().message), true);
            return false;
        }
        std::erase_if(m_importedCeilings, [&key](const auto& source) { return source.key == key; });
        m_importedCeilings.push_back(
            {key, tr("%1 (ERT roofline.json)").arg(fileName), std::move(ceilings).value()});
        fillSourceBoxes();
        selectByKey(*m_ceilingsBox, key);
    } else {
        const auto launches = roofline::importNsightComputeCsv(content, name);
        if (!launches) {
            showMessage(QString::fromStdString(launches.error().message), true);
            return false;
        }
        // One point per kernel name and precision, as the hierarchical roofline papers plot them.
        auto kernels = roofline::aggregateByName(launches.value());
        std::erase_if(m_importedKernels, [&key](const auto& source) { return source.key == key; });
        m_importedKernels.push_back({key,
                                     tr("%1 (Nsight Compute, %2 kernels)").arg(fileName).arg(kernels.size()),
                                     std::move(kernels)});
        fillSourceBoxes();
        selectByKey(*m_kernelsBox, key);
    }
    showMessage(tr("Imported %1.").arg(file), false);
    return true;
}

void RooflineWorkspace::chooseFileToImport() {
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Import ERT JSON or Nsight Compute CSV"), QString(),
                                     tr("Roofline data (*.json *.csv);;All files (*)"));
    if (!file.isEmpty())
        importFile(file);
}

void RooflineWorkspace::selectRun(const QString& runDirectory) {
    const QString key = QStringLiteral("run:") + runDirectory;
    selectByKey(*m_ceilingsBox, key + QStringLiteral("#gpu"));
    selectByKey(*m_ceilingsBox, key + QStringLiteral("#cpu")); // CPU first where a run has both
    selectByKey(*m_kernelsBox, key + QStringLiteral("#kernels"));
}

bool RooflineWorkspace::hasContent() const {
    return !m_runCeilings.empty() || !m_runKernels.empty() || !m_importedCeilings.empty() ||
           !m_importedKernels.empty();
}

void RooflineWorkspace::fillSourceBoxes() {
    auto fill = [](QComboBox& box, const auto& first, const auto& second, const QString& none) {
        const QString current = box.currentData().toString();
        const QSignalBlocker blocker(box);
        box.clear();
        if (!none.isEmpty())
            box.addItem(none, QString());
        for (const auto* sources : {&first, &second})
            for (const auto& source : *sources)
                box.addItem(source.label, source.key);
        if (box.count() == 0)
            box.addItem(tr("none yet"), QString());
        selectByKey(box, current);
    };
    fill(*m_ceilingsBox, m_runCeilings, m_importedCeilings, QString());
    fill(*m_kernelsBox, m_runKernels, m_importedKernels, QString());
    fill(*m_compareBox, m_runKernels, m_importedKernels, tr("nothing"));
    updateView();
}

const RooflineWorkspace::CeilingSource* RooflineWorkspace::currentCeilings() const {
    const QString key = m_ceilingsBox->currentData().toString();
    for (const auto* sources : {&m_runCeilings, &m_importedCeilings})
        for (const auto& source : *sources)
            if (source.key == key)
                return &source;
    return nullptr;
}

const RooflineWorkspace::KernelSource* RooflineWorkspace::kernelSource(const QComboBox* box) const {
    const QString key = box->currentData().toString();
    for (const auto* sources : {&m_runKernels, &m_importedKernels})
        for (const auto& source : *sources)
            if (source.key == key)
                return &source;
    return nullptr;
}

void RooflineWorkspace::updateView() {
    const CeilingSource* ceilings = currentCeilings();
    const KernelSource* kernels = kernelSource(m_kernelsBox);
    m_ceilings = ceilings != nullptr ? ceilings->ceilings : roofline::Ceilings{};
    m_shown = kernels != nullptr
                  ? roofline::topByTime(kernels->kernels, static_cast<std::size_t>(m_topBox->value()))
                  : std::vector<roofline::KernelPoint>{};
    m_selected = -1;

    // The level list follows the kernels; the choice stays where it can, else main memory.
    const QString level = m_levelBox->currentText();
    {
        const QSignalBlocker blocker(m_levelBox);
        m_levelBox->clear();
        for (const auto& name : levelsOf(m_shown, m_ceilings))
            m_levelBox->addItem(text(name));
        int index = m_levelBox->findText(level);
        for (const char* memory : {"HBM", "DRAM"})
            if (index < 0)
                index = m_levelBox->findText(QString::fromLatin1(memory));
        m_levelBox->setCurrentIndex(index >= 0 ? index : m_levelBox->count() - 1);
    }

    m_chart->setData(m_ceilings, m_shown);
    m_chart->setTitle(ceilings != nullptr ? tr("Hierarchical roofline — ceilings of %1").arg(ceilings->label)
                                          : tr("Hierarchical roofline — no ceilings chosen"));
    const KernelSource* other = kernelSource(m_compareBox);
    if (other != nullptr && other != kernels)
        m_chart->setComparison(roofline::compareRuns(m_shown, other->kernels),
                               m_levelBox->currentText().toStdString());
    updateToggles();
    updateTimeChart();
    fillTable();
    emit contentChanged(hasContent());
}

void RooflineWorkspace::updateToggles() {
    for (QCheckBox* toggle : m_toggles)
        delete toggle;
    m_toggles.clear();
    std::vector<std::string> levels = levelsOf(m_shown, m_ceilings);
    for (const auto& bandwidth : m_ceilings.bandwidth)
        if (std::find(levels.begin(), levels.end(), bandwidth.level) == levels.end())
            levels.push_back(bandwidth.level);
    std::vector<std::string> precisions;
    for (const auto& compute : m_ceilings.compute)
        precisions.push_back(compute.name);
    for (const auto& kernel : m_shown)
        if (std::find(precisions.begin(), precisions.end(), kernel.precision) == precisions.end())
            precisions.push_back(kernel.precision);

    auto add = [this](const std::string& name, std::set<std::string>& hidden, auto show) {
        auto* toggle = new QCheckBox(text(name), this);
        toggle->setChecked(!hidden.contains(name)); // the chart keeps what was hidden across data
        connect(toggle, &QCheckBox::toggled, this, [&hidden, name, show](bool visible) {
            if (visible)
                hidden.erase(name);
            else
                hidden.insert(name);
            show(name, visible);
        });
        m_toggleRow->insertWidget(m_toggleRow->indexOf(m_toggleStretch), toggle);
        m_toggles.push_back(toggle);
    };
    for (const auto& level : levels)
        add(level, m_hiddenLevels,
            [this](const std::string& name, bool visible) { m_chart->setLevelVisible(name, visible); });
    for (const auto& precision : precisions)
        add(precision, m_hiddenPrecisions,
            [this](const std::string& name, bool visible) { m_chart->setPrecisionVisible(name, visible); });
}

void RooflineWorkspace::updateTimeChart() {
    const std::string level = m_levelBox->currentText().toStdString();
    const auto bandwidth = std::find_if(m_ceilings.bandwidth.begin(), m_ceilings.bandwidth.end(),
                                        [&level](const auto& b) { return b.level == level; });
    const double peak = roofline::topComputeFlopsPerSecond(m_ceilings);
    if (bandwidth == m_ceilings.bandwidth.end() || peak <= 0) {
        m_timeChart->clear();
        m_timeChart->setTitle(tr("Time-based roofline — the ceilings have no %1 bandwidth or no compute peak")
                                  .arg(text(level.empty() ? std::string("memory") : level)));
        return;
    }
    roofline::TimeRooflineMachine machine;
    machine.peakFlopsPerSecond = peak;
    machine.bytesPerSecond = bandwidth->bytesPerSecond;
    m_timeChart->setData(m_shown, machine, level);
    m_timeChart->setTitle(tr("Time-based roofline at %1").arg(text(level)));
}

void RooflineWorkspace::fillTable() {
    const std::vector<std::string> levels = levelsOf(m_shown, m_ceilings);
    QStringList header{tr("Kernel"),    tr("Precision"), tr("Launches"),
                       tr("Time (ms)"), tr("GFLOP"),     tr("GFLOP/s")};
    for (const auto& level : levels)
        header << tr("AI %1 (FLOP/byte)").arg(text(level));
    header << tr("% of roof") << tr("Limiter") << tr("Provenance") << tr("Origin");
    m_model->clear();
    m_model->setHorizontalHeaderLabels(header);
    for (std::size_t index = 0; index < m_shown.size(); ++index) {
        const roofline::KernelPoint& kernel = m_shown[index];
        QList<QStandardItem*> row;
        row << textItem(text(kernel.name)) << textItem(text(kernel.precision))
            << numberItem(static_cast<double>(kernel.launches), QString::number(kernel.launches))
            << numberItem(kernel.seconds * 1e3, formatSignificant(kernel.seconds * 1e3))
            << numberItem(kernel.flops / kGiga, formatSignificant(kernel.flops / kGiga))
            << numberItem(roofline::flopsPerSecond(kernel) / kGiga,
                          formatSignificant(roofline::flopsPerSecond(kernel) / kGiga));
        row.front()->setData(static_cast<int>(index), kKernelRole);
        for (const auto& level : levels) {
            const auto intensity = roofline::arithmeticIntensity(kernel, level);
            row << (intensity ? numberItem(*intensity, formatSignificant(*intensity)) : textItem(QString()));
        }
        if (const auto bound = roofline::boundOf(kernel, m_ceilings)) {
            QStandardItem* percent = numberItem(100 * bound->fractionOfAttainable,
                                                formatSignificant(100 * bound->fractionOfAttainable));
            if (bound->fractionOfAttainable > 1) {
                percent->setForeground(kAboveRoofColor);
                percent->setToolTip(tr("Above its roof: check the FLOP counting, the byte definition and the "
                                       "ceilings."));
            }
            row << percent
                << textItem(tr("%1 (%2)").arg(text(bound->limiter),
                                              bound->memoryBound ? tr("memory") : tr("compute")));
        } else {
            auto* unknown = textItem(QStringLiteral("—"));
            unknown->setToolTip(text(bound.error().message));
            row << unknown << textItem(QString());
        }
        row << textItem(text(std::string(roofline::provenanceName(kernel.provenance))))
            << textItem(text(kernel.origin));
        m_model->appendRow(row);
    }
    m_table->sortByColumn(3, Qt::DescendingOrder); // by time, as topByTime chose them
}

void RooflineWorkspace::selectKernel(int index) {
    if (index == m_selected)
        return;
    m_selected = index;
    m_chart->selectKernel(index);
    m_timeChart->selectKernel(index);
    for (int row = 0; row < m_sorted->rowCount(); ++row) {
        if (m_sorted->index(row, 0).data(kKernelRole).toInt() == index) {
            m_table->selectRow(row);
            m_table->scrollTo(m_sorted->index(row, 0));
            return;
        }
    }
    m_table->clearSelection();
}

void RooflineWorkspace::showMessage(const QString& message, bool isError) {
    showMessageLine(*m_message, message, isError);
    if (isError)
        emit problem(message);
}

QString RooflineWorkspace::message() const {
    return m_message->text();
}

bool RooflineWorkspace::exportChart(const QString& file) const {
    QCustomPlot* plot = m_tabs->currentWidget() == m_timeChart ? m_timeChart->plot() : m_chart->plot();
    return savePlot(*plot, file);
}

bool RooflineWorkspace::exportCsv(const QString& file) const {
    return saveTableCsv(*m_sorted, file);
}

bool RooflineWorkspace::exportJson(const QString& file) const {
    const CeilingSource* ceilings = currentCeilings();
    const KernelSource* kernels = kernelSource(m_kernelsBox);
    JsonWriter json(JsonWriter::Layout::Indented);
    json.beginObject();
    json.field("ceilings_source", ceilings != nullptr ? ceilings->label.toStdString() : std::string());
    json.field("kernels_source", kernels != nullptr ? kernels->label.toStdString() : std::string());
    json.key("ceilings").rawValue(roofline::writeErtJson(m_ceilings));
    json.key("kernels");
    roofline::writeKernelPoints(json, m_shown);
    json.endObject();
    // QSaveFile: a failed write leaves an earlier export intact instead of half a file.
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return false;
    out.write(json.text().data(), static_cast<qint64>(json.text().size()));
    return out.commit();
}

} // namespace sciperf
