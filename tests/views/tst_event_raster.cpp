// The event's CPU rasteriser: hits as squares, tracks as thin lines, the depth test, clipping at the
// camera, and bands of rows on threads giving the same picture.
#include "sciperf/views/event_raster.h"

#include <QTest>
#include <cmath>
#include <random>

using namespace sciperf;

namespace {

constexpr int kWidth = 20, kHeight = 10;
const std::uint32_t kRed = eventRasterColor(255, 0, 0), kBlue = eventRasterColor(0, 0, 255);

// World x, y in mm are window pixels from the image's centre; z in [-100, 100] maps to depth [0, 1].
std::array<double, 16> pixelsFromCentre() {
    return {2.0 / kWidth, 0, 0, 0, 0, 2.0 / kHeight, 0, 0, 0, 0, 0.01, 0, 0, 0, 0, 1};
}

// OpenGL's perspective: looking down -z, 90 degrees across, near 1 mm, far 100 mm.
std::array<double, 16> perspective() {
    const double near = 1, far = 100;
    return {1, 0, 0,  0, 0, 1, 0, 0, 0, 0, -(far + near) / (far - near), -2 * far * near / (far - near),
            0, 0, -1, 0};
}

// The world point whose window position is (column, row) + (dx, dy), for pixelsFromCentre.
std::array<float, 3> at(double x, double y, double z = 0) {
    return {float(x - kWidth / 2.0), float(y - kHeight / 2.0), float(z)};
}

std::size_t index(int column, int row) {
    return std::size_t(row) * kWidth + std::size_t(column);
}

int drawnCount(const EventRasterImage& image) {
    int drawn = 0;
    for (const float depth : image.depth)
        drawn += depth < 1;
    return drawn;
}

} // namespace

class TestEventRaster : public QObject {
    Q_OBJECT
private slots:
    void aHitCoversTheSquareOfPixelsAroundIt() {
        EventRasterGeometry geometry;
        geometry.clear();
        geometry.hits = {at(5.5, 4.5, 20)}; // the centre of pixel (5, 4)
        geometry.hitColors = {kRed};
        EventRasterImage image;
        rasterizeEvent(geometry, pixelsFromCentre(), kWidth, kHeight, 3, image, 1);
        QCOMPARE(image.width, kWidth);
        QCOMPARE(int(image.rgba.size()), kWidth * kHeight);
        QCOMPARE(drawnCount(image), 9);
        for (int row = 3; row <= 5; ++row)
            for (int column = 4; column <= 6; ++column) {
                QCOMPARE(image.rgba[index(column, row)], kRed);
                QCOMPARE(image.depth[index(column, row)], 0.6f); // (20 / 100 + 1) / 2
            }
        QCOMPARE(image.rgba[index(7, 4)], 0u);
        QCOMPARE(image.depth[index(3, 4)], 1.0f);
    }

    void theNearerWinsAndAHitCoversItsTrackAtTheSameDepth() {
        for (const bool nearFirst : {true, false}) {
            EventRasterGeometry geometry;
            geometry.clear();
            geometry.hits = {at(5.5, 4.5, nearFirst ? -10 : 10), at(5.5, 4.5, nearFirst ? 10 : -10)};
            geometry.hitColors = {nearFirst ? kRed : kBlue, nearFirst ? kBlue : kRed};
            EventRasterImage image;
            rasterizeEvent(geometry, pixelsFromCentre(), kWidth, kHeight, 3, image, 1);
            QCOMPARE(image.rgba[index(5, 4)], kRed);
        }
        EventRasterGeometry geometry;
        geometry.clear();
        geometry.addPath({{-8, 0.5 - kHeight / 2.0 + 4, 0}, {8, 0.5 - kHeight / 2.0 + 4, 0}}, kBlue);
        geometry.hits = {at(10.5, 4.5)};
        geometry.hitColors = {kRed};
        EventRasterImage image;
        rasterizeEvent(geometry, pixelsFromCentre(), kWidth, kHeight, 3, image, 1);
        QCOMPARE(image.rgba[index(10, 4)], kRed);
        QCOMPARE(image.rgba[index(4, 4)], kBlue);
    }

    void aLineIsOnePixelPerColumnOrRowAlongItsPath() {
        struct Case {
            std::array<double, 2> from, to; // window pixels
        };
        for (const Case& c :
             {Case{{1.2, 2.3}, {18.7, 7.9}}, Case{{17.5, 9.4}, {3.1, 0.6}}, Case{{9.7, 0.2}, {12.1, 9.8}}}) {
            EventRasterGeometry geometry;
            geometry.clear();
            geometry.addPath({{c.from[0] - kWidth / 2.0, c.from[1] - kHeight / 2.0, -50},
                              {c.to[0] - kWidth / 2.0, c.to[1] - kHeight / 2.0, 50}},
                             kBlue);
            EventRasterImage image;
            rasterizeEvent(geometry, pixelsFromCentre(), kWidth, kHeight, 3, image, 1);
            const double dx = c.to[0] - c.from[0], dy = c.to[1] - c.from[1];
            const bool steep = std::abs(dy) > std::abs(dx);
            const double length = std::hypot(dx, dy);
            // Along the major axis: one pixel per column (row), each within half a pixel of the
            // line across the minor axis, its depth as far along as the pixel is.
            std::vector<int> perMajor(steep ? kHeight : kWidth, 0);
            for (int row = 0; row < kHeight; ++row)
                for (int column = 0; column < kWidth; ++column) {
                    if (image.depth[index(column, row)] == 1.0f)
                        continue;
                    QCOMPARE(image.rgba[index(column, row)], kBlue);
                    ++perMajor[std::size_t(steep ? row : column)];
                    const double px = column + 0.5 - c.from[0], py = row + 0.5 - c.from[1];
                    const double across = std::abs(px * dy - py * dx) / length;
                    const double slant = (steep ? std::abs(dy) : std::abs(dx)) / length;
                    QVERIFY2(across <= 0.5 * slant + 1e-4,
                             qPrintable(QStringLiteral("pixel (%1, %2) is %3 px off the line")
                                            .arg(column)
                                            .arg(row)
                                            .arg(across)));
                    const double along = (px * dx + py * dy) / (length * length);
                    QVERIFY(std::abs(image.depth[index(column, row)] - (0.25 + 0.5 * along)) <
                            0.5 / length + 1e-3);
                }
            const double majorFrom = steep ? std::min(c.from[1], c.to[1]) : std::min(c.from[0], c.to[0]);
            const double majorTo = steep ? std::max(c.from[1], c.to[1]) : std::max(c.from[0], c.to[0]);
            for (int major = 0; major < int(perMajor.size()); ++major) {
                const bool crossed = major + 0.5 >= majorFrom && major + 0.5 < majorTo;
                QCOMPARE(perMajor[std::size_t(major)], crossed ? 1 : 0);
            }
        }
    }

    void whatIsBehindTheCameraIsNotDrawn() {
        // From 10 mm in front of the camera to 10 mm behind it: the visible part goes from the
        // middle of the view up and is cut at the near plane; divided by a negative w instead, the
        // far end would come out below the middle. A hit behind the camera is not drawn at all.
        EventRasterGeometry geometry;
        geometry.clear();
        geometry.addPath({{-5.25, 0, -10}, {5.25, 2, 10}}, kBlue);
        geometry.hits = {{0, 0, 5}}; // behind
        geometry.hitColors = {kRed};
        EventRasterImage image;
        constexpr int kSize = 40;
        rasterizeEvent(geometry, perspective(), kSize, kSize, 3, image, 1);
        int drawn = 0;
        for (int row = 0; row < kSize; ++row)
            for (int column = 0; column < kSize; ++column) {
                const std::size_t i = std::size_t(row) * kSize + std::size_t(column);
                if (image.depth[i] == 1.0f)
                    continue;
                ++drawn;
                QCOMPARE(image.rgba[i], kBlue);
                // x = -0.525 in normalised coordinates is column 9's centre; y from 0 to 0.9 is
                // from row 20's lower edge to row 38's upper part: the centres of rows 20 to 37.
                QCOMPARE(column, 9);
                QVERIFY2(row >= 20 && row <= 37, qPrintable(QString::number(row)));
            }
        QCOMPARE(drawn, 18);
    }

    void bandsOnThreadsDrawTheSamePicture() {
        std::mt19937 random(7);
        std::uniform_real_distribution<float> x(-12, 12), y(-7, 7), z(-120, 120);
        std::uniform_int_distribution<std::uint32_t> color(0, 0xffffff);
        EventRasterGeometry geometry;
        geometry.clear();
        for (int i = 0; i < 300; ++i) {
            geometry.hits.push_back({x(random), y(random), z(random)});
            geometry.hitColors.push_back(color(random) | 0xff000000u);
        }
        for (int t = 0; t < 60; ++t) {
            std::vector<std::array<double, 3>> path;
            for (int p = 0; p < 5; ++p)
                path.push_back({x(random), y(random), z(random)});
            geometry.addPath(path, color(random) | 0xff000000u);
        }
        EventRasterImage one, three;
        rasterizeEvent(geometry, pixelsFromCentre(), kWidth, kHeight, 3, one, 1);
        rasterizeEvent(geometry, pixelsFromCentre(), kWidth, kHeight, 3, three, 3);
        QVERIFY(drawnCount(one) > kWidth * kHeight / 2);
        QVERIFY(one.rgba == three.rgba);
        QVERIFY(one.depth == three.depth);
    }
};

QTEST_GUILESS_MAIN(TestEventRaster)
#include "tst_event_raster.moc"
