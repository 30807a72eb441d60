#include "sciperf/views/point_labels.h"

#include <QFontMetricsF>
#include <array>
#include <qcustomplot.h>

namespace sciperf {

namespace {

// Space between a label and its point's marker edge, pixels.
constexpr double kGapPixels = 4;

// Where a label's rectangle lies for a point at the origin, a text of `size` and a gap `gap`:
// the four sides first, then the four corners.
using Side = QRectF (*)(QSizeF size, double gap);
const std::array<Side, 8> kSides{
    [](QSizeF size, double gap) { return QRectF(QPointF(gap, -size.height() / 2), size); },
    [](QSizeF size, double gap) { return QRectF(QPointF(-gap - size.width(), -size.height() / 2), size); },
    [](QSizeF size, double gap) { return QRectF(QPointF(-size.width() / 2, -gap - size.height()), size); },
    [](QSizeF size, double gap) { return QRectF(QPointF(-size.width() / 2, gap), size); },
    [](QSizeF size, double gap) { return QRectF(QPointF(gap * 0.7, -gap * 0.7 - size.height()), size); },
    [](QSizeF size, double gap) { return QRectF(QPointF(gap * 0.7, gap * 0.7), size); },
    [](QSizeF size, double gap) {
        return QRectF(QPointF(-gap * 0.7 - size.width(), -gap * 0.7 - size.height()), size);
    },
    [](QSizeF size, double gap) { return QRectF(QPointF(-gap * 0.7 - size.width(), gap * 0.7), size); },
};

} // namespace

PointLabels::PointLabels(QCustomPlot* plot)
    : QObject(plot)
    , m_plot(plot) {
    connect(plot, &QCustomPlot::afterLayout, this, &PointLabels::place);
}

QCPItemText* PointLabels::add(double x, double y, const QString& text, double markerPixels) {
    auto* item = new QCPItemText(m_plot);
    item->setText(text);
    // Placed in pixels at every replot, so that a background fills the text only, not the gap
    // over the point's marker.
    item->position->setType(QCPItemPosition::ptAbsolute);
    item->setPositionAlignment(Qt::AlignLeft | Qt::AlignTop);
    item->setPadding(QMargins());
    m_labels.push_back({item, x, y, markerPixels / 2 + kGapPixels});
    return item;
}

void PointLabels::place() {
    // The owner may have cleared the plot's items since.
    std::erase_if(m_labels, [](const Label& label) { return label.item.isNull(); });
    const auto pixel = [this](const Label& label) {
        return QPointF(m_plot->xAxis->coordToPixel(label.x), m_plot->yAxis->coordToPixel(label.y));
    };
    const QRectF axes = m_plot->axisRect()->rect();
    std::vector<QRectF> taken;
    // Every labelled point's marker is taken from the start: no label covers another's point.
    for (const Label& label : m_labels) {
        const double half = label.gapPixels - kGapPixels;
        taken.push_back(QRectF(pixel(label) - QPointF(half, half), QSizeF(2 * half, 2 * half)));
    }
    for (std::size_t i = 0; i < m_labels.size(); ++i) {
        const Label& label = m_labels[i];
        const QPointF at = pixel(label);
        const QSizeF text = QFontMetricsF(label.item->font()).size(0, label.item->text());
        const auto clear = [&](const QRectF& rect) {
            if (!axes.contains(rect))
                return false;
            for (std::size_t k = 0; k < taken.size(); ++k)
                if (k != i && taken[k].intersects(rect))
                    return false;
            return true;
        };
        bool placed = false;
        for (const Side side : kSides) {
            const QRectF rect = side(text, label.gapPixels).translated(at);
            if (!clear(rect))
                continue;
            label.item->position->setCoords(rect.topLeft());
            taken.push_back(rect);
            placed = true;
            break;
        }
        label.item->setVisible(placed);
    }
}

} // namespace sciperf
