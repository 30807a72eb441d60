#pragma once
// Names beside points on a QCustomPlot that do not cover each other. At every replot (so also
// after a pan, a zoom or a resize) each label takes the first place beside its point, in the order
// right, left, above, below, then the four corners, where it overlaps no label placed before it
// and no other labelled point, and stays inside the axes; a label with no such side is hidden until one frees
// up (its point's tool tip and the tables beside the charts still name it). Labels are placed in the order
// they were added: add the one that matters most (the selected) first.

#include <QObject>
#include <QString>
#include <vector>

class QCPItemText;
class QCustomPlot;

namespace sciperf {

class PointLabels : public QObject {
    Q_OBJECT
public:
    explicit PointLabels(QCustomPlot* plot);

    // A label for the point (x, y) in plot coordinates, whose marker is `markerPixels` across; the
    // returned item may be styled (colour, font, brush), not positioned.
    QCPItemText* add(double x, double y, const QString& text, double markerPixels);
    // Removes this object's labels from the plot (before the plot's items are rebuilt).
    void clear();

private:
    void place();

    struct Label {
        QCPItemText* item;
        double x, y;
        double gapPixels;
    };
    QCustomPlot* m_plot;
    std::vector<Label> m_labels;
};

} // namespace sciperf
