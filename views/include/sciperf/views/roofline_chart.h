#pragma once
// The hierarchical roofline (arXiv:2009.05257, reference/roofline-cupti.md §2 and §7): one machine's
// ceilings as labelled lines, each kernel as one marker per memory level joined by a thin line, rich
// hover details, selection, points above their roof flagged, and two runs compared as arrows.
// Values arrive in base units (bytes/s, FLOP/s, seconds); the axes show FLOP/byte and GFLOP/s.

#include "sciperf/analysis/roofline/kernels.h"

#include <QColor>
#include <QPointF>
#include <QString>
#include <QWidget>
#include <map>
#include <set>
#include <string>
#include <vector>

class QCPGraph;
class QCPItemText;
class QCustomPlot;

namespace sciperf {

class LogLogChart;
class PointLabels;

// The colour of a memory level (its bandwidth line, markers at that level) and of a precision (its
// compute line, markers of its kernels), the same in every roofline view.
QColor rooflineLevelColor(const std::string& level);
QColor rooflinePrecisionColor(const std::string& precision);
// `value` with `digits` significant figures: 73.0, 206, 0.0833; exponent form beyond 10^6 and 10^-3.
QString formatSignificant(double value, int digits = 3);
// On-chart labels: "DRAM 73.0 GB/s", "FP64 206 GFLOP/s".
QString bandwidthLabel(const roofline::BandwidthCeiling& ceiling);
QString computeLabel(const roofline::ComputeCeiling& ceiling);

class RooflineChart : public QWidget {
    Q_OBJECT
public:
    enum class Coloring { ByLevel, ByPrecision };

    explicit RooflineChart(QWidget* parent = nullptr);

    void setTitle(const QString& title);
    // Replaces what is drawn and fits the axes to ceilings and kernels; clears selection and comparison.
    // Marker sizes grow with the square root of each kernel's share of these kernels' total time.
    void setData(const roofline::Ceilings& ceilings, const std::vector<roofline::KernelPoint>& kernels);
    // An arrow per matched kernel from its point in run A (`before`) to run B (`after`) at `level`,
    // labelled with the speedup. An empty comparison removes them.
    void setComparison(const roofline::RunComparison& comparison, const std::string& level);
    void setColoring(Coloring coloring);
    void setLevelVisible(const std::string& level, bool visible);
    void setPrecisionVisible(const std::string& precision, bool visible);
    // Highlights kernel `index` of setData's list (-1: none); emits nothing.
    void selectKernel(int index);
    int selectedKernel() const { return m_selected; }

    // The hover text of kernel `index`'s marker at `level`: launches, time, FLOPs, bytes and AI per
    // level, GFLOP/s, % of roof, limiter, provenance and a warning when above its roof.
    QString markerToolTip(int index, const std::string& level) const;
    // The kernel whose marker covers `pixel` (-1: none), and the marker's level.
    int kernelAt(const QPointF& pixel, std::string* level = nullptr) const;
    bool isAboveRoof(int index, const std::string& level) const;

    QCustomPlot* plot() const;
    // nullptr where not drawn (no such ceiling or marker, or the marker's level or precision hidden).
    QCPGraph* bandwidthGraph(const std::string& level) const;
    QCPGraph* computeGraph(const std::string& precision) const;
    QCPGraph* markerGraph(int index, const std::string& level) const;
    QCPItemText* bandwidthText(const std::string& level) const;
    QCPItemText* computeText(const std::string& precision) const;
    int comparisonArrowCount() const { return m_arrowCount; }

signals:
    // A click on a marker (its kernel's index) or on empty space (-1).
    void kernelSelected(int index);

private:
    struct Marker {
        int kernel;
        std::string level;
        double intensity; // FLOP/byte
        double gflops;    // GFLOP/s
        double pixels;    // marker diameter
        bool aboveRoof;
        QCPGraph* graph;
    };
    struct ComputeText {
        QCPItemText* item;
        double gflops; // the roof it labels, GFLOP/s
    };
    struct BandwidthText {
        QCPItemText* item;
        double bytesPerSecond;
        double ridge; // FLOP/byte where the line meets the top compute roof
    };

    void setHidden(std::set<std::string>& hidden, const std::string& name, bool isHidden);
    void rebuild();
    void drawCeilings();
    void drawKernels();
    void drawComparison();
    void fitAxes();
    void placeBandwidthTexts();
    void placeComputeTexts();
    double topPeak(bool visibleOnly) const; // FLOP/s; 0 without compute ceilings
    // The roof at `intensity` for `precision` under `level`'s bandwidth, in FLOP/s; 0 when unknown.
    double roofAt(const std::string& level, double intensity, const std::string& precision) const;
    bool isShown(const roofline::KernelPoint& kernel, const std::string& level) const;

    LogLogChart* m_chart;
    QCustomPlot* m_plot;
    PointLabels* m_names; // the selected kernel's
    roofline::Ceilings m_ceilings;
    std::vector<roofline::KernelPoint> m_kernels;
    roofline::RunComparison m_comparison;
    std::string m_comparisonLevel;
    Coloring m_coloring = Coloring::ByLevel;
    std::set<std::string> m_hiddenLevels;
    std::set<std::string> m_hiddenPrecisions;
    int m_selected = -1;
    int m_arrowCount = 0;

    std::vector<Marker> m_markers;
    std::map<std::string, QCPGraph*> m_bandwidthGraphs;
    std::map<std::string, QCPGraph*> m_computeGraphs;
    std::map<std::string, BandwidthText> m_bandwidthTexts;
    std::map<std::string, ComputeText> m_computeTexts;
};

} // namespace sciperf
