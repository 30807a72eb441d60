#include "sciperf/views/palette.h"

#include <array>

namespace sciperf {

QColor categoricalColor(int index) {
    static const std::array<QColor, 14> kColors{
        QColor(0, 114, 178),   QColor(230, 159, 0),   QColor(0, 158, 115),  QColor(213, 94, 0),
        QColor(204, 121, 167), QColor(86, 180, 233),  QColor(240, 228, 66), QColor(0, 0, 0),
        QColor(140, 86, 75),   QColor(148, 103, 189), QColor(188, 189, 34), QColor(23, 190, 207),
        QColor(227, 119, 194), QColor(127, 127, 127)};
    const auto size = static_cast<int>(kColors.size());
    return kColors[static_cast<std::size_t>(((index % size) + size) % size)];
}

QColor mutedColor() {
    return {150, 150, 150};
}

} // namespace sciperf
