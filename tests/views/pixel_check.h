#pragma once
// Pixel assertions for the render tests. A failed check keeps the image, so that the failure can be
// looked at, and says where it is.

#include <QColor>
#include <QDir>
#include <QImage>
#include <QPoint>
#include <QString>
#include <cstdlib>

namespace sciperf::test {

inline bool colorNear(QColor actual, QColor expected, int tolerance) {
    return std::abs(actual.red() - expected.red()) <= tolerance &&
           std::abs(actual.green() - expected.green()) <= tolerance &&
           std::abs(actual.blue() - expected.blue()) <= tolerance;
}

// Empty when some pixel within `radius` of `at` is `expected` (to within `tolerance` per channel);
// otherwise saves the image as <name>.png in the working directory and says what went wrong.
inline QString colorMismatch(const QImage& image, QPoint at, QColor expected, int tolerance, int radius,
                             const QString& name) {
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            const QPoint p = at + QPoint(dx, dy);
            if (image.valid(p) && colorNear(image.pixelColor(p), expected, tolerance)) {
                return {};
            }
        }
    }
    const QString file = QDir::current().absoluteFilePath(name + ".png");
    const bool saved = image.save(file);
    return QStringLiteral("pixel (%1, %2) of a %3x%4 image is %5, expected %6 within %7 pixels; %8 %9")
        .arg(at.x())
        .arg(at.y())
        .arg(image.width())
        .arg(image.height())
        .arg(image.valid(at) ? image.pixelColor(at).name() : QStringLiteral("outside"))
        .arg(expected.name())
        .arg(radius)
        .arg(saved ? QStringLiteral("image saved to") : QStringLiteral("could not save the image to"))
        .arg(file);
}

} // namespace sciperf::test
