#pragma once
// Names beside points on a QCustomPlot that do not cover each other. At every replot (so also
// after a pan, a zoom or a resize) each label takes the first place beside its point, in the order
// right, left, above, below, then the four corners, where it overlaps no label placed before it
// and no other labelled point, and stays inside the axes; a label with no such side is hidden until one frees
// up (its point's tool tip and the tables beside the charts still name it). Labels are placed in the order
// they were added: add the one that matters most (the selected) first.

#include <QObject>
#include <QPointer>
#include <QString>
#include <qcustomplot.h>
#include <vector>

namespace sciperf {

class PointLabels : public QObject {
    Q_OBJECT
public:
    explicit PointLabels(QCustomPlot* plot);

    // A label for the point (x, y) in plot coordinates, whose marker is `markerPixels` across; the
    // returned item may be styled (colour, font, brush), not positioned.
    // The plot's owner removes them with the plot's other items (QCustomPlot::clearItems).
    QCPItemText* add(double x, double y, const QString& text, double markerPixels);

private:
    void place();

    struct Label {
        QPointer<QCPItemText> item; // null once the plot's owner has cleared its items
        double x, y;
        double gapPixels;
    };
    QCustomPlot* m_plot;
    std::vector<Label> m_labels;
};

} // namespace sciperf
