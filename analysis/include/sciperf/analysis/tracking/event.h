#pragma once
// The TrackML event model (reference/trackml.md §1), one structure of arrays per CSV file: column i
// of a file is one std::vector, row r is index r in every vector of that structure. Lengths are in
// mm, momenta in GeV/c, charges in e. Values are stored as float32, as the TrackML library reads
// them, so a file read and written again keeps every number's text.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace sciperf::tracking {

using HitId = std::int64_t;       // 1-based in full events; subsets keep the original ids
using ParticleId = std::uint64_t; // bit layout in reference §1; 0 marks noise
using TrackId = std::int64_t;     // a submission's label, any value

inline constexpr ParticleId kNoiseParticle = 0;
// The label of hits on no track in a submission: trackers (ours among them) write 0 for them, and
// the score treats them as one track that matches nothing.
inline constexpr TrackId kUnassignedTrack = 0;

// The fields packed into a particle id (trackml utils.decode_particle_id): vertex bits 52-63,
// primary 36-51, generation 24-35 (0 for a primary particle), secondary 12-23, process 0-11.
struct ParticleIdFields {
    std::uint32_t vertexId = 0;
    std::uint32_t primaryId = 0;
    std::uint32_t generation = 0;
    std::uint32_t secondaryId = 0;
    std::uint32_t process = 0;
};
inline constexpr ParticleIdFields decodeParticleId(ParticleId id) {
    return {std::uint32_t(id >> 52), std::uint32_t((id >> 36) & 0xffff), std::uint32_t((id >> 24) & 0xfff),
            std::uint32_t((id >> 12) & 0xfff), std::uint32_t(id & 0xfff)};
}
inline constexpr ParticleId encodeParticleId(const ParticleIdFields& f) {
    return ParticleId(f.vertexId & 0xfff) << 52 | ParticleId(f.primaryId & 0xffff) << 36 |
           ParticleId(f.generation & 0xfff) << 24 | ParticleId(f.secondaryId & 0xfff) << 12 |
           (f.process & 0xfff);
}

// Transverse momentum (GeV) and pseudorapidity of a momentum vector (GeV).
inline double transverseMomentum(double px, double py) {
    return std::hypot(px, py);
}
inline double pseudorapidity(double px, double py, double pz) {
    return std::asinh(pz / transverseMomentum(px, py));
}

struct Hits {
    std::vector<HitId> hitId;
    std::vector<float> x, y, z; // measured position, mm, global frame
    std::vector<std::int32_t> volumeId, layerId, moduleId;

    std::size_t size() const { return hitId.size(); }
};

struct Cells {
    std::vector<HitId> hitId;
    std::vector<std::int32_t> ch0, ch1; // channel coordinates within the module
    std::vector<float> value;           // deposited charge

    std::size_t size() const { return hitId.size(); }
};

struct Particles {
    std::vector<ParticleId> particleId;
    std::vector<float> vx, vy, vz; // production vertex, mm
    std::vector<float> px, py, pz; // initial momentum, GeV/c
    std::vector<std::int32_t> q;   // charge, e
    std::vector<std::int32_t> nhits;
    std::vector<std::int32_t> particleType; // PDG code; empty when the file has no particle_type

    std::size_t size() const { return particleId.size(); }
    bool hasParticleType() const { return !particleType.empty(); }
    double pt(std::size_t i) const { return transverseMomentum(px[i], py[i]); }
    double eta(std::size_t i) const { return pseudorapidity(px[i], py[i], pz[i]); }
};

struct Truth {
    std::vector<HitId> hitId;
    std::vector<ParticleId> particleId;
    std::vector<float> tx, ty, tz;    // true intersection with the sensor, mm
    std::vector<float> tpx, tpy, tpz; // true momentum there, GeV/c
    std::vector<float> weight;        // score weight of the hit

    std::size_t size() const { return hitId.size(); }
};

// A reconstruction, as submitted to the challenge: one track label per hit.
struct Submission {
    std::vector<HitId> hitId;
    std::vector<TrackId> trackId;

    std::size_t size() const { return hitId.size(); }
};

// One event as read from its files; the parts other than hits are present when their file was.
struct Event {
    Hits hits;
    std::optional<Cells> cells;
    std::optional<Particles> particles;
    std::optional<Truth> truth;
};

} // namespace sciperf::tracking
