#pragma once
// The event's hits and tracks drawn on the CPU into a colour and a depth image, which the 3D view
// lays into the rest of its scene by depth (views/src/event_layer.h). Why not OpenGL: under Mesa's
// llvmpipe, the renderer of machines without a GPU (remote desktops, CI, 2-core VMs), each point
// and line segment costs about 0.25 µs of set-up and binning whatever its size: a full event (1e5
// hits, 1e5 segments) took 65-80 ms a frame there, and this draws the same pixels (all but 213 of
// 750,000 in bench_event_display's frame) in about a sixth of that.

#include <array>
#include <cstdint>
#include <vector>

namespace sciperf {

// World coordinates (mm) and colours (bytes R, G, B, A in memory: eventRasterColor) of what the
// layer draws.
struct EventRasterGeometry {
    std::vector<std::array<float, 3>> hits;
    std::vector<std::uint32_t> hitColors;
    std::vector<std::array<float, 3>> pathPoints; // the tracks' polylines, one after the other
    std::vector<std::uint32_t> pathColors;        // per point
    std::vector<std::uint32_t>
        pathStarts; // path i is [pathStarts[i], pathStarts[i + 1]); ends with the count

    void clear();
    void addPath(const std::vector<std::array<double, 3>>& points, std::uint32_t color);
};

// Pixels bottom row first (OpenGL's order); depth as OpenGL's window depth in [0, 1], 1 where
// nothing is drawn; colour 0 there.
struct EventRasterImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint32_t> rgba; // bytes R, G, B, A in memory
    std::vector<float> depth;
};

// Draws `geometry` through `worldToClip` (row-major 4 x 4, column vectors: clip = M (x, y, z, 1),
// VTK's composite projection) into `image`, resized to width x height: tracks as lines one pixel
// wide, then hits as squares `hitPixels` wide, each kept where it is nearer than (or as near as)
// what is there, as OpenGL's depth test does; parts outside the view volume clipped. Bands of rows
// on `threads` threads (0: every hardware thread, up to 8).
inline std::uint32_t eventRasterColor(std::uint8_t red, std::uint8_t green, std::uint8_t blue) {
    return std::uint32_t(red) | std::uint32_t(green) << 8 | std::uint32_t(blue) << 16 | 0xff000000u;
}

void rasterizeEvent(const EventRasterGeometry& geometry, const std::array<double, 16>& worldToClip, int width,
                    int height, int hitPixels, EventRasterImage& image, unsigned threads = 0);

} // namespace sciperf
