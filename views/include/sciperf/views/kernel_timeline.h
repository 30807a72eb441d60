#pragma once
// Kernel records as a timeline (one row per stream or CPU thread group, one bar per launch; wheel
// zooms and dragging pans the time axis, hovering a bar shows its record) and the per-kernel
// summary as a table model (time share, launches, mean duration, FLOPs, bytes per level).

#include "sciperf/analysis/roofline/kernel_records.h"

#include <QAbstractTableModel>
#include <QString>
#include <QStringList>
#include <QWidget>
#include <optional>
#include <vector>

class QCPItemRect;
class QCustomPlot;
class QMouseEvent;

namespace sciperf {

class KernelTimeline : public QWidget {
    Q_OBJECT
public:
    explicit KernelTimeline(QWidget* parent = nullptr);

    // Times are shown from the earliest start, in milliseconds. Rows in order of first appearance.
    void setRecords(std::vector<roofline::KernelRecord> records);
    void clear();

    QCustomPlot* plot() const { return m_plot; }
    QStringList rows() const { return m_rows; }
    int barCount() const { return static_cast<int>(m_bars.size()); }
    // The record drawn at (time in ms from the start, row index), if any, and its hover text.
    std::optional<std::size_t> recordAt(double milliseconds, double row) const;
    QString toolTipFor(std::size_t record) const;
    const std::vector<roofline::KernelRecord>& records() const { return m_records; }
    // Bars of the kernel `name` stand out, the others fade; an empty name shows all alike.
    void highlightKernel(const QString& name);
    bool isFaded(std::size_t record) const;

signals:
    void recordHovered(int record); // -1 when the pointer leaves every bar

private:
    void hover(QMouseEvent* event);

    QCustomPlot* m_plot;
    std::vector<roofline::KernelRecord> m_records;
    std::vector<int> m_rowOf; // per record
    QStringList m_rows;
    std::vector<QCPItemRect*> m_bars;
    std::int64_t m_originNs = 0;
};

class KernelSummaryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, TimeShare, Launches, MeanTime, TotalTime, Flops, Precision, FirstLevel };

    explicit KernelSummaryModel(QObject* parent = nullptr);
    void setSummaries(std::vector<roofline::KernelSummary> summaries);
    const roofline::KernelSummary& summary(int row) const {
        return m_summaries[static_cast<std::size_t>(row)];
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<roofline::KernelSummary> m_summaries;
    QStringList m_levels; // byte columns after FirstLevel, fastest first
};

} // namespace sciperf
