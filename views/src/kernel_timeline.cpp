#include "sciperf/views/kernel_timeline.h"

#include "sciperf/views/palette.h"
#include "sciperf/views/plot_export.h"

#include <QToolTip>
#include <QVBoxLayout>
#include <algorithm>
#include <map>
#include <qcustomplot.h>

namespace sciperf {
namespace {

constexpr double kBarHalfHeight = 0.35;
constexpr double kHoverPixels = 3;

// "12.5 µs", "3.20 ms", "1.50 s"
QString duration(double seconds) {
    if (seconds < 1e-3)
        return QObject::tr("%1 µs").arg(seconds * 1e6, 0, 'f', 1);
    if (seconds < 1)
        return QObject::tr("%1 ms").arg(seconds * 1e3, 0, 'f', 3);
    return QObject::tr("%1 s").arg(seconds, 0, 'f', 3);
}

QString amount(double value) {
    return QString::number(value, 'g', 4);
}

QString dimensions(const std::array<std::int64_t, 3>& dims) {
    return QStringLiteral("(%1, %2, %3)").arg(dims[0]).arg(dims[1]).arg(dims[2]);
}

} // namespace

KernelTimeline::KernelTimeline(QWidget* parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    addPlotExportMenu(*m_plot, QStringLiteral("kernel-timeline"));
    m_plot->setMinimumSize(240, 120);
    m_plot->xAxis->setLabel(tr("Time since the first launch (ms)"));
    m_plot->yAxis->setRangeReversed(true); // the first row on top
    m_plot->yAxis->grid()->setVisible(false);
    // Zoom and pan along time only: rows stay put.
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->setMouseTracking(true);
    connect(m_plot, &QCustomPlot::mouseMove, this, &KernelTimeline::hover);
    clear();
}

void KernelTimeline::clear() {
    setRecords({});
}

void KernelTimeline::setRecords(std::vector<roofline::KernelRecord> records) {
    m_plot->clearItems();
    m_bars.clear();
    m_rows.clear();
    m_rowOf.clear();
    m_records = std::move(records);
    m_originNs = m_records.empty()
                     ? 0
                     : std::min_element(m_records.begin(), m_records.end(), [](const auto& a, const auto& b) {
                           return a.startNs < b.startNs;
                       })->startNs;
    std::map<std::string, int> colourOf;
    double endMs = 0;
    for (const auto& record : m_records) {
        const QString row = QString::fromStdString(record.row);
        int rowIndex = static_cast<int>(m_rows.indexOf(row));
        if (rowIndex < 0) {
            rowIndex = static_cast<int>(m_rows.size());
            m_rows << row;
        }
        m_rowOf.push_back(rowIndex);
        const int colour = colourOf.try_emplace(record.name, static_cast<int>(colourOf.size())).first->second;
        const double startMs = static_cast<double>(record.startNs - m_originNs) * 1e-6;
        const double stopMs = static_cast<double>(record.endNs - m_originNs) * 1e-6;
        endMs = std::max(endMs, stopMs);
        auto* bar = new QCPItemRect(m_plot);
        bar->topLeft->setCoords(startMs, rowIndex - kBarHalfHeight);
        bar->bottomRight->setCoords(stopMs, rowIndex + kBarHalfHeight);
        const QColor color = record.kind == "kernel" ? categoricalColor(colour) : mutedColor();
        bar->setBrush(color);
        bar->setPen(QPen(color.darker(140)));
        bar->setSelectable(false);
        m_bars.push_back(bar);
    }
    QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
    for (int row = 0; row < m_rows.size(); ++row)
        ticker->addTick(row, m_rows[row]);
    m_plot->yAxis->setTicker(ticker);
    m_plot->yAxis->setRange(-0.6, std::max<double>(1, static_cast<double>(m_rows.size())) - 0.4);
    m_plot->xAxis->setRange(0, endMs > 0 ? endMs * 1.02 : 1.0);
    m_plot->replot();
}

std::optional<std::size_t> KernelTimeline::recordAt(double milliseconds, double row) const {
    const int rowIndex = static_cast<int>(std::lround(row));
    if (std::abs(row - rowIndex) > kBarHalfHeight)
        return std::nullopt;
    // Bars narrower than a few pixels still answer within that distance.
    const double tolerance =
        std::abs(m_plot->xAxis->pixelToCoord(kHoverPixels) - m_plot->xAxis->pixelToCoord(0));
    std::optional<std::size_t> nearest;
    double nearestDistance = tolerance;
    for (std::size_t index = 0; index < m_records.size(); ++index) {
        if (m_rowOf[index] != rowIndex)
            continue;
        const double startMs = static_cast<double>(m_records[index].startNs - m_originNs) * 1e-6;
        const double stopMs = static_cast<double>(m_records[index].endNs - m_originNs) * 1e-6;
        const double distance = milliseconds < startMs  ? startMs - milliseconds
                                : milliseconds > stopMs ? milliseconds - stopMs
                                                        : 0.0;
        if (distance < nearestDistance || (distance == 0 && !nearest)) {
            nearest = index;
            nearestDistance = distance;
        }
    }
    return nearest;
}

QString KernelTimeline::toolTipFor(std::size_t index) const {
    const roofline::KernelRecord& record = m_records.at(index);
    QStringList lines;
    lines << QString::fromStdString(record.name);
    lines << tr("%1 · %2 at %3 ms")
                 .arg(QString::fromStdString(record.row), duration(record.seconds()))
                 .arg(static_cast<double>(record.startNs - m_originNs) * 1e-6, 0, 'f', 3);
    if (record.grid != std::array<std::int64_t, 3>{0, 0, 0})
        lines << tr("grid %1 block %2").arg(dimensions(record.grid), dimensions(record.block));
    if (record.launchOverheadNs)
        lines << tr("launch overhead %1").arg(duration(static_cast<double>(*record.launchOverheadNs) * 1e-9));
    if (record.copyBytes)
        lines << tr("%1 bytes copied").arg(amount(static_cast<double>(*record.copyBytes)));
    if (!record.flops.empty()) {
        QStringList flops;
        for (const auto& precision : record.flops)
            flops << QStringLiteral("%1 %2").arg(amount(precision.flops),
                                                 QString::fromStdString(precision.precision));
        lines << tr("FLOPs: %1").arg(flops.join(QStringLiteral(", ")));
    }
    if (!record.bytes.empty()) {
        QStringList bytes;
        for (const auto& level : record.bytes)
            bytes << QStringLiteral("%1 %2").arg(QString::fromStdString(level.level), amount(level.bytes));
        lines << tr("bytes: %1").arg(bytes.join(QStringLiteral(", ")));
    }
    if (record.hasMetrics())
        lines << QString::fromStdString(std::string(roofline::provenanceName(record.provenance)));
    return lines.join(QLatin1Char('\n'));
}

void KernelTimeline::highlightKernel(const QString& name) {
    const std::string wanted = name.toStdString();
    for (std::size_t index = 0; index < m_bars.size(); ++index) {
        QColor color = m_bars[index]->brush().color();
        color.setAlpha(wanted.empty() || m_records[index].name == wanted ? 255 : 40);
        m_bars[index]->setBrush(color);
        QColor edge = m_bars[index]->pen().color();
        edge.setAlpha(color.alpha());
        m_bars[index]->setPen(QPen(edge));
    }
    m_plot->replot();
}

bool KernelTimeline::isFaded(std::size_t record) const {
    return m_bars.at(record)->brush().color().alpha() < 255;
}

void KernelTimeline::hover(QMouseEvent* event) {
    const double milliseconds = m_plot->xAxis->pixelToCoord(event->position().x());
    const double row = m_plot->yAxis->pixelToCoord(event->position().y());
    const auto record = recordAt(milliseconds, row);
    if (!record) {
        QToolTip::hideText();
        emit recordHovered(-1);
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), toolTipFor(*record), m_plot);
    emit recordHovered(static_cast<int>(*record));
}

KernelSummaryModel::KernelSummaryModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void KernelSummaryModel::setSummaries(std::vector<roofline::KernelSummary> summaries) {
    beginResetModel();
    m_summaries = std::move(summaries);
    m_levels.clear();
    for (const auto& summary : m_summaries)
        for (const auto& level : summary.bytes)
            if (const QString name = QString::fromStdString(level.level); !m_levels.contains(name))
                m_levels << name;
    endResetModel();
}

int KernelSummaryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_summaries.size());
}

int KernelSummaryModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : FirstLevel + static_cast<int>(m_levels.size());
}

QVariant KernelSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name:
        return tr("Kernel");
    case TimeShare:
        return tr("Time %");
    case Launches:
        return tr("Launches");
    case MeanTime:
        return tr("Mean (µs)");
    case TotalTime:
        return tr("Total (ms)");
    case Flops:
        return tr("FLOPs");
    case Precision:
        return tr("Precision");
    default:
        return tr("%1 bytes").arg(m_levels.value(section - FirstLevel));
    }
}

QVariant KernelSummaryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const roofline::KernelSummary& summary = m_summaries[static_cast<std::size_t>(index.row())];
    const bool measured = summary.measuredLaunches > 0;
    if (role == Qt::ToolTipRole && index.column() == Name)
        return tr("%1\n%2 of %3 launches measured · %4")
            .arg(QString::fromStdString(summary.name))
            .arg(summary.measuredLaunches)
            .arg(summary.launches)
            .arg(QString::fromStdString(std::string(roofline::provenanceName(summary.provenance))));
    if (role == Qt::TextAlignmentRole && index.column() != Name && index.column() != Precision)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    // Qt::UserRole: the number itself, for sorting.
    if (role != Qt::DisplayRole && role != Qt::UserRole)
        return {};
    const bool text = role == Qt::DisplayRole;
    switch (index.column()) {
    case Name:
        return QString::fromStdString(summary.name);
    case TimeShare:
        return text ? QVariant(QString::number(summary.timeShare * 100, 'f', 1))
                    : QVariant(summary.timeShare);
    case Launches:
        return QVariant::fromValue(summary.launches);
    case MeanTime:
        return text ? QVariant(QString::number(summary.meanSeconds * 1e6, 'f', 1))
                    : QVariant(summary.meanSeconds);
    case TotalTime:
        return text ? QVariant(QString::number(summary.seconds * 1e3, 'f', 3)) : QVariant(summary.seconds);
    case Flops:
        if (!measured)
            return text ? QVariant(QStringLiteral("—")) : QVariant();
        return text ? QVariant(amount(summary.flops)) : QVariant(summary.flops);
    case Precision:
        return QString::fromStdString(summary.precision);
    default: {
        const std::string level = m_levels.value(index.column() - FirstLevel).toStdString();
        for (const auto& entry : summary.bytes)
            if (entry.level == level)
                return text ? QVariant(amount(entry.bytes)) : QVariant(entry.bytes);
        return text ? QVariant(QStringLiteral("—")) : QVariant();
    }
    }
}

} // namespace sciperf
