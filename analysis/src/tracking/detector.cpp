#include "sciperf/analysis/tracking/detector.h"

#include "csv_table.h"
#include "sciperf/analysis/tracking/csv.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

namespace sciperf::tracking {
namespace {

// The columns of detectors.csv, as read.
struct DetectorTable {
    std::vector<std::int32_t> volumeId, layerId, moduleId;
    std::vector<double> cx, cy, cz;
    std::array<std::array<std::vector<double>, 3>, 3> rotation; // [xyz][uvw]
    std::vector<double> thickness, minHalfLengthU, maxHalfLengthU, halfLengthV, pitchU, pitchV;

    std::vector<detail::InputColumn> columns() {
        using C = detail::InputColumn;
        std::vector<C> list{C{"volume_id", &volumeId},
                            C{"layer_id", &layerId},
                            C{"module_id", &moduleId},
                            C{"cx", &cx},
                            C{"cy", &cy},
                            C{"cz", &cz},
                            C{"module_t", &thickness},
                            C{"module_minhu", &minHalfLengthU},
                            C{"module_maxhu", &maxHalfLengthU},
                            C{"module_hv", &halfLengthV},
                            C{"pitch_u", &pitchU},
                            C{"pitch_v", &pitchV}};
        static constexpr std::array<std::array<std::string_view, 3>, 3> kRotationNames{
            {{"rot_xu", "rot_xv", "rot_xw"}, {"rot_yu", "rot_yv", "rot_yw"}, {"rot_zu", "rot_zv", "rot_zw"}}};
        for (std::size_t r = 0; r < 3; ++r)
            for (std::size_t c = 0; c < 3; ++c)
                list.push_back(C{kRotationNames[r][c], &rotation[r][c]});
        return list;
    }

    std::vector<Module> modules() const {
        std::vector<Module> result(volumeId.size());
        for (std::size_t i = 0; i < result.size(); ++i) {
            Module& m = result[i];
            m.key = {volumeId[i], layerId[i], moduleId[i]};
            m.centerMm = {cx[i], cy[i], cz[i]};
            for (std::size_t r = 0; r < 3; ++r)
                for (std::size_t c = 0; c < 3; ++c)
                    m.rotation[r][c] = rotation[r][c][i];
            m.thicknessMm = thickness[i];
            m.minHalfLengthUMm = minHalfLengthU[i];
            m.maxHalfLengthUMm = maxHalfLengthU[i];
            m.halfLengthVMm = halfLengthV[i];
            m.pitchUMm = pitchU[i];
            m.pitchVMm = pitchV[i];
        }
        return result;
    }
};

struct ExtentAccumulator {
    Extent extent{std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(),
                  std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()};

    void add(const Vector3& p) {
        const double r = std::hypot(p[0], p[1]);
        extent.rMinMm = std::min(extent.rMinMm, r);
        extent.rMaxMm = std::max(extent.rMaxMm, r);
        extent.zMinMm = std::min(extent.zMinMm, p[2]);
        extent.zMaxMm = std::max(extent.zMaxMm, p[2]);
    }
    void add(const Extent& other) {
        add(Vector3{other.rMinMm, 0, other.zMinMm});
        add(Vector3{other.rMaxMm, 0, other.zMaxMm});
    }
    void add(const Module& m) {
        const double hv = m.halfLengthVMm;
        // Corners, edge midpoints and centre of the trapezoid in its (u, v) plane.
        for (const double v : {-hv, 0.0, hv}) {
            const double hu = v < 0   ? m.minHalfLengthUMm
                              : v > 0 ? m.maxHalfLengthUMm
                                      : 0.5 * (m.minHalfLengthUMm + m.maxHalfLengthUMm);
            for (const double u : {-hu, 0.0, hu})
                add(m.toGlobal({u, v, 0.0}));
        }
    }
};

bool isEndcapModule(const Module& m) {
    return std::fabs(m.normal()[2]) > 0.5; // normal along the beam
}

} // namespace

Vector3 Module::toGlobal(const Vector3& localMm) const {
    Vector3 global = centerMm;
    for (std::size_t r = 0; r < 3; ++r)
        for (std::size_t c = 0; c < 3; ++c)
            global[r] += rotation[r][c] * localMm[c];
    return global;
}

Vector3 Module::toLocal(const Vector3& globalMm) const {
    Vector3 local{};
    for (std::size_t c = 0; c < 3; ++c) // the inverse of a rotation is its transpose
        for (std::size_t r = 0; r < 3; ++r)
            local[c] += rotation[r][c] * (globalMm[r] - centerMm[r]);
    return local;
}

Detector::Detector(std::vector<Module> modules)
    : m_modules(std::move(modules)) {
    std::sort(m_modules.begin(), m_modules.end(),
              [](const Module& a, const Module& b) { return a.key < b.key; });
}

const Module* Detector::find(ModuleKey key) const {
    const auto found = std::lower_bound(m_modules.begin(), m_modules.end(), key,
                                        [](const Module& m, const ModuleKey& k) { return m.key < k; });
    return found != m_modules.end() && found->key == key ? &*found : nullptr;
}

std::vector<LayerSummary> Detector::layers() const {
    std::vector<LayerSummary> result;
    ExtentAccumulator extent;
    for (std::size_t i = 0; i < m_modules.size(); ++i) {
        const Module& m = m_modules[i];
        if (result.empty() || result.back().volumeId != m.key.volumeId ||
            result.back().layerId != m.key.layerId) {
            result.push_back({m.key.volumeId,
                              m.key.layerId,
                              isEndcapModule(m) ? VolumeKind::Endcap : VolumeKind::Barrel,
                              0,
                              {},
                              0,
                              0});
            extent = {};
        }
        LayerSummary& layer = result.back();
        ++layer.moduleCount;
        layer.meanRadiusMm += std::hypot(m.centerMm[0], m.centerMm[1]);
        layer.meanZMm += m.centerMm[2];
        extent.add(m);
        layer.extent = extent.extent;
    }
    for (LayerSummary& layer : result) {
        layer.meanRadiusMm /= double(layer.moduleCount);
        layer.meanZMm /= double(layer.moduleCount);
    }
    return result;
}

std::vector<VolumeSummary> Detector::volumes() const {
    std::vector<VolumeSummary> result;
    ExtentAccumulator extent;
    for (const LayerSummary& layer : layers()) {
        if (result.empty() || result.back().volumeId != layer.volumeId) {
            result.push_back({layer.volumeId, layer.kind, {}, 0, {}});
            extent = {};
        }
        VolumeSummary& volume = result.back();
        volume.layerIds.push_back(layer.layerId);
        volume.moduleCount += layer.moduleCount;
        extent.add(layer.extent);
        volume.extent = extent.extent;
    }
    return result;
}

Result<Detector> parseDetector(std::string_view text, const std::string& file) {
    DetectorTable table;
    if (const Result<void> parsed = detail::parseTable(text, file, table.columns()); !parsed)
        return parsed.error();
    return Detector(table.modules());
}

Result<Detector> readDetector(const std::filesystem::path& file) {
    const Result<std::string> text = readText(file);
    if (!text)
        return text.error();
    return parseDetector(text.value(), file.string());
}

} // namespace sciperf::tracking
