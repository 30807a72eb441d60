#include "sciperf/views/event_raster.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <thread>

namespace sciperf {

void EventRasterGeometry::clear() {
    hits.clear();
    hitColors.clear();
    pathPoints.clear();
    pathColors.clear();
    pathStarts.assign(1, 0);
}

void EventRasterGeometry::addPath(const std::vector<std::array<double, 3>>& points, std::uint32_t color) {
    if (pathStarts.empty())
        pathStarts.push_back(0);
    for (const auto& point : points) {
        pathPoints.push_back({float(point[0]), float(point[1]), float(point[2])});
        pathColors.push_back(color);
    }
    pathStarts.push_back(std::uint32_t(pathPoints.size()));
}

namespace {

struct Clip {
    double x, y, z, w;
};

Clip toClip(const std::array<double, 16>& m, const std::array<float, 3>& p) {
    const double x = p[0], y = p[1], z = p[2];
    return {m[0] * x + m[1] * y + m[2] * z + m[3], m[4] * x + m[5] * y + m[6] * z + m[7],
            m[8] * x + m[9] * y + m[10] * z + m[11], m[12] * x + m[13] * y + m[14] * z + m[15]};
}

Clip lerp(const Clip& a, const Clip& b, double t) {
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t, a.z + (b.z - a.z) * t, a.w + (b.w - a.w) * t};
}

// Keeps the part of a..b inside -w <= x, y, z <= w (Liang-Barsky in homogeneous coordinates);
// false if none is.
bool clipSegment(Clip& a, Clip& b) {
    double from = 0, to = 1;
    const std::array<std::pair<double, double>, 6> inside = {{{a.w + a.x, b.w + b.x},
                                                              {a.w - a.x, b.w - b.x},
                                                              {a.w + a.y, b.w + b.y},
                                                              {a.w - a.y, b.w - b.y},
                                                              {a.w + a.z, b.w + b.z},
                                                              {a.w - a.z, b.w - b.z}}};
    for (const auto& [da, db] : inside) {
        if (da < 0 && db < 0)
            return false;
        if (da < 0)
            from = std::max(from, da / (da - db));
        else if (db < 0)
            to = std::min(to, da / (da - db));
    }
    if (from > to)
        return false;
    const Clip start = lerp(a, b, from), end = lerp(a, b, to);
    a = start;
    b = end;
    return true;
}

// std::floor without SSE 4.1 (the x86-64 baseline) is a call; this is an instruction or two.
int floorToInt(float value) {
    const int truncated = int(value);
    return truncated - (value < float(truncated));
}

struct Window {
    float x, y, z; // pixels from the bottom left; OpenGL's window depth
};

Window toWindow(const Clip& c, int width, int height) {
    return {float((c.x / c.w + 1) * 0.5 * width), float((c.y / c.w + 1) * 0.5 * height),
            float((c.z / c.w + 1) * 0.5)};
}

// One band of rows [rowBegin, rowEnd) of the image, drawn by one thread.
class Band {
public:
    Band(EventRasterImage& image, int rowBegin, int rowEnd)
        : m_image(image)
        , m_rowBegin(rowBegin)
        , m_rowEnd(rowEnd) {
        const auto begin = std::size_t(rowBegin) * std::size_t(image.width);
        const auto end = std::size_t(rowEnd) * std::size_t(image.width);
        std::fill(image.rgba.begin() + std::ptrdiff_t(begin), image.rgba.begin() + std::ptrdiff_t(end), 0u);
        std::fill(image.depth.begin() + std::ptrdiff_t(begin), image.depth.begin() + std::ptrdiff_t(end),
                  1.0f);
    }

    void plot(int column, int row, float depth, std::uint32_t color) {
        if (column < 0 || column >= m_image.width || row < m_rowBegin || row >= m_rowEnd)
            return;
        plotInside(std::size_t(row) * std::size_t(m_image.width) + std::size_t(column), depth, color);
    }

    void plotInside(std::size_t at, float depth, std::uint32_t color) {
        if (depth <= m_image.depth[at]) {
            m_image.depth[at] = depth;
            m_image.rgba[at] = color;
        }
    }

    // A line one pixel wide: for each column (row, if steeper) whose centre the segment crosses,
    // the pixel it crosses it in, as OpenGL's rasterisation of thin lines does.
    void line(Window a, Window b, std::uint32_t color) {
        const bool steep = std::abs(b.y - a.y) > std::abs(b.x - a.x);
        if (steep) {
            std::swap(a.x, a.y);
            std::swap(b.x, b.y);
        }
        if (a.x > b.x)
            std::swap(a, b);
        const float run = b.x - a.x;
        if (run <= 0)
            return;
        const float slope = (b.y - a.y) / run, depthSlope = (b.z - a.z) / run;
        int first = -floorToInt(0.5f - a.x), last = -floorToInt(0.5f - b.x) - 1; // ceil(x - 0.5)
        // Only the stretch inside this band: rows for a flat line, columns for a steep one.
        const int limit = steep ? m_rowEnd - 1 : m_image.width - 1;
        first = std::max(first, steep ? m_rowBegin : 0);
        last = std::min(last, limit);
        if (!steep && slope != 0) {
            // The columns (from a) where the line meets the band's first and its end row.
            const float toBegin = (float(m_rowBegin) - a.y) / slope, toEnd = (float(m_rowEnd) - a.y) / slope;
            first = std::max(first, floorToInt(a.x + std::min(toBegin, toEnd)) - 1);
            last = std::min(last, floorToInt(a.x + std::max(toBegin, toEnd)) + 2);
        } else if (!steep && (a.y < float(m_rowBegin) || a.y >= float(m_rowEnd))) {
            return;
        }
        for (int major = first; major <= last; ++major) {
            const float along = float(major) + 0.5f - a.x;
            const int minor = floorToInt(a.y + slope * along);
            const float depth = a.z + depthSlope * along;
            if (steep)
                plot(minor, major, depth, color);
            else
                plot(major, minor, depth, color);
        }
    }

    // A square `size` pixels wide centred on the point: the pixels whose centres it covers.
    void square(Window centre, int size, std::uint32_t color) {
        const float half = 0.5f * float(size);
        const int left = -floorToInt(half + 0.5f - centre.x), bottom = -floorToInt(half + 0.5f - centre.y);
        const int rowBegin = std::max(bottom, m_rowBegin), rowEnd = std::min(bottom + size, m_rowEnd);
        const int columnBegin = std::max(left, 0), columnEnd = std::min(left + size, m_image.width);
        for (int row = rowBegin; row < rowEnd; ++row) {
            const std::size_t rowStart = std::size_t(row) * std::size_t(m_image.width);
            for (int column = columnBegin; column < columnEnd; ++column)
                plotInside(rowStart + std::size_t(column), centre.z, color);
        }
    }

private:
    EventRasterImage& m_image;
    int m_rowBegin, m_rowEnd;
};

// Runs work(part) for part = 0 .. parts - 1, part 0 on this thread.
void onThreads(unsigned parts, const std::function<void(unsigned)>& work) {
    std::vector<std::jthread> others;
    for (unsigned part = 1; part < parts; ++part)
        others.emplace_back(work, part);
    work(0);
}

} // namespace

void rasterizeEvent(const EventRasterGeometry& geometry, const std::array<double, 16>& worldToClip, int width,
                    int height, int hitPixels, EventRasterImage& image, unsigned threads) {
    image.width = width;
    image.height = height;
    const auto pixels = std::size_t(std::max(0, width)) * std::size_t(std::max(0, height));
    image.rgba.resize(pixels);
    image.depth.resize(pixels);
    if (pixels == 0)
        return;
    // Every band goes through every primitive: beyond a few bands that costs more than it shares.
    constexpr unsigned kMaxBands = 8;
    const unsigned parts =
        std::clamp(threads > 0 ? threads : std::min(std::thread::hardware_concurrency(), kMaxBands), 1u,
                   unsigned(height));

    // Every point through the projection once: hits to the window (NaN where the view volume
    // does not hold them), paths to clip space, clipped per segment below.
    const std::size_t hitCount = geometry.hits.size(), pathPointCount = geometry.pathPoints.size();
    std::vector<Window> hits(hitCount);
    std::vector<Clip> pathPoints(pathPointCount);
    onThreads(parts, [&](unsigned part) {
        for (std::size_t i = hitCount * part / parts; i < hitCount * (part + 1) / parts; ++i) {
            const Clip c = toClip(worldToClip, geometry.hits[i]);
            const bool inside =
                c.w > 0 && std::abs(c.x) <= c.w && std::abs(c.y) <= c.w && std::abs(c.z) <= c.w;
            hits[i] = inside ? toWindow(c, width, height) : Window{NAN, NAN, NAN};
        }
        for (std::size_t i = pathPointCount * part / parts; i < pathPointCount * (part + 1) / parts; ++i)
            pathPoints[i] = toClip(worldToClip, geometry.pathPoints[i]);
    });

    onThreads(parts, [&](unsigned part) {
        Band band(image, int(std::size_t(height) * part / parts),
                  int(std::size_t(height) * (part + 1) / parts));
        for (std::size_t path = 0; path + 1 < geometry.pathStarts.size(); ++path)
            for (std::uint32_t i = geometry.pathStarts[path] + 1; i < geometry.pathStarts[path + 1]; ++i) {
                Clip a = pathPoints[i - 1], b = pathPoints[i];
                if (clipSegment(a, b))
                    band.line(toWindow(a, width, height), toWindow(b, width, height), geometry.pathColors[i]);
            }
        for (std::size_t i = 0; i < hitCount; ++i)
            if (!std::isnan(hits[i].x))
                band.square(hits[i], hitPixels, geometry.hitColors[i]);
    });
}

} // namespace sciperf
