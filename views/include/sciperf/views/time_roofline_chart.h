#pragma once
// The time-based roofline (arXiv:2009.04598, reference/roofline-cupti.md §6): bytes at one memory
// level against FLOPs, the balance line F = (P/W)·B, each kernel at (B, F) joined to its time vertex
// (all of its measured time spent at peak), and the launch box of one kernel: inside it, launch
// overhead alone takes longer than the work. Values arrive in base units; the axes show GB and GFLOP.

#include "sciperf/analysis/roofline/kernels.h"

#include <QPointF>
#include <QString>
#include <QWidget>
#include <string>
#include <vector>

class QCPGraph;
class QCPItemLine;
class QCustomPlot;

namespace sciperf {

class LogLogChart;
class PointLabels;

class TimeRooflineChart : public QWidget {
    Q_OBJECT
public:
    explicit TimeRooflineChart(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    // Replaces what is drawn and fits the axes; clears the selection. Kernels without bytes at
    // `level` have no point here.
    void setData(const std::vector<roofline::KernelPoint>& kernels,
                 const roofline::TimeRooflineMachine& machine, const std::string& level);
    void clear();
    // Highlights kernel `index` (-1: none) and moves the launch box to it; emits nothing.
    void selectKernel(int index);
    int selectedKernel() const { return m_selected; }
    // Whose launch box is drawn: the selected kernel, else the one with the most launches (-1: none).
    int launchBoxKernel() const;

    QString pointToolTip(int index) const;
    int kernelAt(const QPointF& pixel) const;

    QCustomPlot* plot() const;
    QCPGraph* balanceGraph() const { return m_balance; }
    // Kernel `index`'s segment from (B, F) to its time vertex, in GB and GFLOP; nullptr without a point.
    QCPGraph* segmentGraph(int index) const;
    QCPItemLine* launchBoxVertical() const { return m_launchVertical; }
    QCPItemLine* launchBoxHorizontal() const { return m_launchHorizontal; }

signals:
    // A click on a kernel's point (its index) or on empty space (-1).
    void kernelSelected(int index);

private:
    struct Placed {
        int kernel;
        roofline::TimeRooflinePoint point;
        QCPGraph* segment;
    };
    void rebuild();
    void fitAxes();
    const Placed* placed(int index) const;

    LogLogChart* m_chart;
    QCustomPlot* m_plot;
    PointLabels* m_names;
    std::vector<roofline::KernelPoint> m_kernels;
    roofline::TimeRooflineMachine m_machine;
    std::string m_level;
    std::vector<Placed> m_placed;
    int m_selected = -1;
    QCPGraph* m_balance = nullptr;
    QCPItemLine* m_launchVertical = nullptr;
    QCPItemLine* m_launchHorizontal = nullptr;
};

} // namespace sciperf
