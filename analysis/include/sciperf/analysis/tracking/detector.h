#pragma once
// The TrackML detector description (detectors.csv, reference/trackml.md §1 and §2): one planar
// module per row, with its placement, shape and readout pitch; volumes and layers summarised from
// the modules. All lengths in mm.

#include "sciperf/analysis/result.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf::tracking {

using Vector3 = std::array<double, 3>;

struct ModuleKey {
    std::int32_t volumeId = 0;
    std::int32_t layerId = 0;
    std::int32_t moduleId = 0;

    auto operator<=>(const ModuleKey&) const = default;
};

struct Module {
    ModuleKey key;
    Vector3 centerMm{};
    // Columns u, v, w of the local frame in global coordinates: rotation[r][c] is rot_{xyz[r]}{uvw[c]},
    // so global = rotation · local + center. u, v span the sensor plane, w is its normal.
    std::array<Vector3, 3> rotation{};
    double thicknessMm = 0;
    double minHalfLengthUMm = 0; // half-length in u at v = -halfLengthV (trapezoids in the endcaps)
    double maxHalfLengthUMm = 0; // half-length in u at v = +halfLengthV
    double halfLengthVMm = 0;
    double pitchUMm = 0;
    double pitchVMm = 0;

    Vector3 toGlobal(const Vector3& localMm) const;
    Vector3 toLocal(const Vector3& globalMm) const;
    Vector3 normal() const { return {rotation[0][2], rotation[1][2], rotation[2][2]}; }
};

enum class VolumeKind { Barrel, Endcap };

// Where a set of modules lies: the extremes over each module's corners, edge midpoints and centre
// (exact for z and for the outer radius; the inner radius of a tilted plane can be a little less).
struct Extent {
    double rMinMm = 0, rMaxMm = 0;
    double zMinMm = 0, zMaxMm = 0;
};

struct LayerSummary {
    std::int32_t volumeId = 0;
    std::int32_t layerId = 0;
    VolumeKind kind = VolumeKind::Barrel; // barrel: a cylinder, module normals radial; endcap: a disk
    std::size_t moduleCount = 0;
    Extent extent;
    double meanRadiusMm = 0; // mean over module centres: the barrel layer's radius
    double meanZMm = 0;      // mean over module centres: the disk's position
};

struct VolumeSummary {
    std::int32_t volumeId = 0;
    VolumeKind kind = VolumeKind::Barrel; // that of its layers
    std::vector<std::int32_t> layerIds;
    std::size_t moduleCount = 0;
    Extent extent;
};

class Detector {
public:
    Detector() = default;
    explicit Detector(std::vector<Module> modules); // any order; kept sorted by key

    const std::vector<Module>& modules() const { return m_modules; }
    // The module with this key, or nullptr.
    const Module* find(ModuleKey key) const;

    std::vector<LayerSummary> layers() const;   // sorted by (volume, layer)
    std::vector<VolumeSummary> volumes() const; // sorted by volume

private:
    std::vector<Module> m_modules;
};

// detectors.csv (plain or gzip; extra columns such as pandas' index are skipped); errors
// "file:line: what" as for the event files.
Result<Detector> parseDetector(std::string_view text, const std::string& file);
Result<Detector> readDetector(const std::filesystem::path& file);

} // namespace sciperf::tracking
