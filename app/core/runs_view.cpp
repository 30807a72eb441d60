#include "runs_view.h"

#include "sciperf/analysis/roofline/kernel_records.h"
#include "sciperf/analysis/roofline/run_results.h"
#include "sciperf/analysis/units.h"
#include "sciperf/views/kernel_timeline.h"
#include "sciperf/views/roofline_chart.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sciperf {
namespace {

enum Column { kId, kWorkload, kStatus, kResult, kStarted, kHost, kDevices, kDirectory, kColumnCount };

// A machine's compute roofs and its slowest memory level: "FP64 220 GFLOP/s, DRAM 78.1 GB/s".
QString ceilingsHeadline(const roofline::Ceilings& ceilings) {
    QStringList parts;
    for (const auto& compute : ceilings.compute)
        parts << computeLabel(compute);
    const auto slowest =
        std::min_element(ceilings.bandwidth.begin(), ceilings.bandwidth.end(),
                         [](const auto& a, const auto& b) { return a.bytesPerSecond < b.bytesPerSecond; });
    if (slowest != ceilings.bandwidth.end())
        parts << bandwidthLabel(*slowest);
    return parts.join(QStringLiteral(", "));
}

// An ert or cpu-kernels run's measured ceilings per device and its counted kernels.
QString rooflineHeadline(const RunRecord& run) {
    const auto roofline = roofline::readRooflineRun(run.runJson, run.runDirectory + "/run.json");
    if (!roofline.ok())
        return QString::fromStdString(roofline.error().message);
    QStringList parts;
    if (const QString cpu = ceilingsHeadline(roofline.value().cpuCeilings); !cpu.isEmpty())
        parts << QObject::tr("CPU: %1").arg(cpu);
    if (const QString gpu = ceilingsHeadline(roofline.value().gpuCeilings); !gpu.isEmpty())
        parts << QObject::tr("GPU: %1").arg(gpu);
    const auto& kernels = roofline.value().kernels;
    if (!kernels.empty()) {
        double seconds = 0, best = 0;
        for (const auto& kernel : kernels) {
            seconds += kernel.seconds;
            best = std::max(best, roofline::flopsPerSecond(kernel));
        }
        parts << QObject::tr("%1 kernels in %2 s, up to %3 GFLOP/s")
                     .arg(kernels.size())
                     .arg(seconds, 0, 'g', 3)
                     .arg(best / units::kGiga, 0, 'g', 3);
    }
    return parts.join(QStringLiteral(" · "));
}

// What a run measured, in one line: a machine's size; measured ceilings (CPU, and GPU when there
// was one); counted kernels, their time and best rate; a reconstruction's accuracy, time per event
// and throughput score; a simulation's size and rate; a training's validation edge F1, epochs,
// ranks and throughput.
QString headline(const RunRecord& run) {
    // The roofline workloads' results are read as the Roofline workspace reads them.
    if (run.workload == "ert" || run.workload == "cpu-kernels")
        return rooflineHeadline(run);
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(run.runJson));
    const QJsonObject results = document[QStringLiteral("results")].toObject();
    if (run.workload == "sysinfo") {
        const QJsonObject machine = document[QStringLiteral("machine")].toObject();
        const QJsonObject cpu = machine[QStringLiteral("cpu")].toObject();
        return QObject::tr("%1 cores / %2 threads, %3 GiB memory")
            .arg(cpu[QStringLiteral("physical_cores")].toInt())
            .arg(cpu[QStringLiteral("logical_cpus")].toInt())
            .arg(machine[QStringLiteral("memory_bytes")].toDouble() / double(1ull << 30), 0, 'f', 1);
    }
    QStringList parts;
    auto add = [&](const char* key, const QString& format, int decimals) {
        if (const QJsonValue value = results[QLatin1String(key)]; value.isDouble())
            parts << format.arg(value.toDouble(), 0, 'f', decimals);
    };
    if (run.workload == "track") {
        add("mean_score", QObject::tr("score %1"), 3);
        add("mean_seconds_per_event", QObject::tr("%1 s/event"), 3);
        add("throughput_score", QObject::tr("throughput score %1"), 3);
    } else if (run.workload == "simulate") {
        add("events", QObject::tr("%1 events"), 0);
        const double events = results[QStringLiteral("events")].toDouble();
        if (events > 0)
            parts << QObject::tr("%1 hits/event")
                         .arg(results[QStringLiteral("hits")].toDouble() / events, 0, 'f', 0);
        add("events_per_second", QObject::tr("%1 events/s"), 1);
    } else if (run.workload == "train") {
        add("edge_f1", QObject::tr("edge F1 %1"), 3);
        add("epochs", QObject::tr("%1 epochs"), 0);
        if (const int ranks = results[QStringLiteral("ranks")].toInt(); ranks > 0)
            parts << (ranks == 1 ? QObject::tr("1 rank") : QObject::tr("%1 ranks").arg(ranks));
        add("train_edges_per_second", QObject::tr("%1 edges/s"), 0);
    }
    return parts.join(QStringLiteral(" · "));
}

void addJsonChildren(QTreeWidgetItem* parent, const QJsonValue& value);

QTreeWidgetItem* addJsonItem(QTreeWidgetItem* parent, const QString& key, const QJsonValue& value) {
    auto* item = new QTreeWidgetItem(parent, {key});
    if (value.isObject() || value.isArray()) {
        addJsonChildren(item, value);
    } else {
        item->setText(1, value.isNull() ? QStringLiteral("null") : value.toVariant().toString());
    }
    return item;
}

void addJsonChildren(QTreeWidgetItem* parent, const QJsonValue& value) {
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            addJsonItem(parent, it.key(), it.value());
    } else {
        const QJsonArray array = value.toArray();
        for (qsizetype index = 0; index < array.size(); ++index)
            addJsonItem(parent, QStringLiteral("[%1]").arg(index), array.at(index));
    }
}

} // namespace

RunsView::RunsView(QWidget* parent)
    : QSplitter(Qt::Horizontal, parent)
    , m_table(new QTableWidget(0, kColumnCount, this))
    , m_summary(new QLabel)
    , m_details(new QTreeWidget)
    , m_tabs(new QTabWidget)
    , m_timeline(new KernelTimeline)
    , m_kernelModel(new KernelSummaryModel(this))
    , m_kernelTable(new QTableView)
    , m_kernelsMessage(new QLabel) {
    m_table->setHorizontalHeaderLabels({tr("Run"), tr("Workload"), tr("Status"), tr("Result"),
                                        tr("Started (UTC)"), tr("Host"), tr("Devices"), tr("Run directory")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);
    m_details->setHeaderLabels({tr("run.json"), tr("Value")});
    m_details->setAlternatingRowColors(true);
    m_summary->setObjectName(QStringLiteral("runSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setMargin(6);
    auto* detailsPane = new QWidget(this);
    auto* detailsLayout = new QVBoxLayout(detailsPane);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_summary);
    detailsLayout->addWidget(m_tabs, 1);
    m_tabs->addTab(m_details, tr("run.json"));
    // Kernels: the timeline above the per-kernel summary, sortable by any column.
    auto* sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(m_kernelModel);
    sorted->setSortRole(Qt::UserRole);
    m_kernelTable->setModel(sorted);
    m_kernelTable->setSortingEnabled(true);
    m_kernelTable->sortByColumn(KernelSummaryModel::TimeShare, Qt::DescendingOrder);
    m_kernelTable->verticalHeader()->hide();
    m_kernelTable->setObjectName(QStringLiteral("kernelSummaryTable"));
    m_kernelTable->setAlternatingRowColors(true);
    m_kernelTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_kernelTable->setSelectionMode(QAbstractItemView::SingleSelection);
    // The kernel selected in the summary stands out in the timeline.
    connect(m_kernelTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, sorted](const QModelIndex& current) {
                m_timeline->highlightKernel(
                    current.isValid()
                        ? sorted->index(current.row(), KernelSummaryModel::Name).data().toString()
                        : QString());
            });
    m_kernelsMessage->setObjectName(QStringLiteral("kernelsMessage"));
    m_kernelsMessage->setWordWrap(true);
    m_kernelsMessage->setMargin(4);
    auto* kernelsSplit = new QSplitter(Qt::Vertical);
    kernelsSplit->addWidget(m_timeline);
    kernelsSplit->addWidget(m_kernelTable);
    auto* kernelsPane = new QWidget;
    auto* kernelsLayout = new QVBoxLayout(kernelsPane);
    kernelsLayout->setContentsMargins(0, 0, 0, 0);
    kernelsLayout->addWidget(m_kernelsMessage);
    kernelsLayout->addWidget(kernelsSplit, 1);
    m_tabs->addTab(kernelsPane, tr("Kernels"));
    addWidget(m_table);
    addWidget(detailsPane);
    setStretchFactor(0, 3);
    setStretchFactor(1, 2);
    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showDetails(row); });
}

void RunsView::setRuns(const std::vector<RunRecord>& runs) {
    m_runs = runs;
    m_table->setRowCount(static_cast<int>(runs.size()));
    for (int row = 0; row < static_cast<int>(runs.size()); ++row) {
        const RunRecord& run = runs[static_cast<std::size_t>(row)];
        QStringList devices;
        QStringList deviceDetails;
        for (const auto& device : run.devices) {
            devices << QString::fromStdString(device.name);
            deviceDetails << QString::fromStdString(device.name + ": " + device.detail);
        }
        const QStringList cells{QString::number(run.id),
                                QString::fromStdString(run.workload),
                                QString::fromStdString(run.status),
                                headline(run),
                                QString::fromStdString(run.startedUtc),
                                QString::fromStdString(run.hostname),
                                devices.join(QStringLiteral(" + ")),
                                QString::fromStdString(run.runDirectory)};
        for (int column = 0; column < kColumnCount; ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column == kDevices)
                item->setToolTip(deviceDetails.join(QLatin1Char('\n')));
            if (column == kStatus && run.status != "completed")
                item->setForeground(QColor(0xb0, 0x20, 0x20));
            m_table->setItem(row, column, item);
        }
    }
    m_table->resizeColumnsToContents();
    if (!runs.empty())
        m_table->selectRow(static_cast<int>(runs.size()) - 1);
    else
        m_details->clear();
}

void RunsView::showKernels(const RunRecord& run) {
    m_timeline->clear();
    m_kernelModel->setSummaries({});
    m_kernelsMessage->clear();
    if (run.kernelRecordsJsonl.empty()) {
        m_kernelsMessage->setText(
            tr("No kernel records: run the workload with Run ▸ Profile to capture them."));
        m_tabs->setTabEnabled(1, false);
        return;
    }
    m_tabs->setTabEnabled(1, true);
    const std::string path = run.runDirectory + "/" + std::string(roofline::kKernelRecordsFile);
    auto read = roofline::readKernelRecordsJsonl(run.kernelRecordsJsonl, path);
    if (!read) {
        m_kernelsMessage->setText(QString::fromStdString(read.error().message));
        return;
    }
    m_kernelsMessage->setText(
        tr("%n kernel record(s) from %1", nullptr, static_cast<int>(read->records.size()))
            .arg(QString::fromStdString(read->source)));
    m_kernelModel->setSummaries(roofline::summarizeKernels(read->records));
    m_timeline->setRecords(std::move(read->records));
    m_kernelTable->resizeColumnsToContents();
}

void RunsView::showDetails(int row) {
    m_details->clear();
    m_summary->clear();
    if (row < 0 || row >= static_cast<int>(m_runs.size())) {
        m_timeline->clear();
        m_kernelModel->setSummaries({});
        return;
    }
    const RunRecord& run = m_runs[static_cast<std::size_t>(row)];
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(run.runJson));
    const QJsonObject runJson = document.object();

    QStringList lines;
    QString outcome = QStringLiteral("<b>%1</b> %2")
                          .arg(QString::fromStdString(run.workload).toHtmlEscaped(),
                               QString::fromStdString(run.status).toHtmlEscaped());
    if (runJson.contains(QStringLiteral("wall_seconds")))
        outcome += tr(" in %1 s").arg(runJson[QStringLiteral("wall_seconds")].toDouble(), 0, 'g', 3);
    if (!run.hostname.empty())
        outcome += tr(" on %1").arg(QString::fromStdString(run.hostname).toHtmlEscaped());
    const QString message = runJson[QStringLiteral("message")].toString();
    if (!message.isEmpty())
        outcome += QStringLiteral(": <span style=\"color:#b02020\">%1</span>").arg(message.toHtmlEscaped());
    lines << outcome;
    for (const auto& device : run.devices)
        lines << QStringLiteral("%1: <b>%2</b>, %3")
                     .arg(device.kind == "cuda" ? tr("GPU") : tr("CPU"),
                          QString::fromStdString(device.name).toHtmlEscaped(),
                          QString::fromStdString(device.detail).toHtmlEscaped());
    const QString cudaStatus =
        runJson[QStringLiteral("machine")][QStringLiteral("cuda")][QStringLiteral("status")].toString();
    if (!cudaStatus.isEmpty() && cudaStatus != QLatin1String("ok"))
        lines << tr("CUDA: %1").arg(cudaStatus.toHtmlEscaped());
    if (const QJsonObject profile = runJson[QStringLiteral("profile")].toObject(); !profile.isEmpty())
        lines << tr("Profile (%1): %2 records; GPU: %3")
                     .arg(profile[QStringLiteral("mode")].toString().toHtmlEscaped())
                     .arg(profile[QStringLiteral("records")].toInt())
                     .arg(profile[QStringLiteral("gpu")].toString().toHtmlEscaped());
    m_summary->setText(lines.join(QStringLiteral("<br>")));

    auto* root = m_details->invisibleRootItem();
    if (document.isObject())
        addJsonChildren(root, document.object());
    else
        addJsonItem(root, tr("run.json"), QString::fromStdString(run.runJson));
    m_details->expandToDepth(1);
    m_details->resizeColumnToContents(0);
    showKernels(run);
}

} // namespace sciperf
