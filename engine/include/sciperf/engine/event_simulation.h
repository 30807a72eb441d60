#pragma once
// Realistic synthetic TrackML events (reference/trackml.md §6) in the TrackML detector: pile-up
// vertices, particle spectra and secondaries as in the real event000001001, helices in the
// solenoid field (per layer where configured), crossings with the module planes (overlaps give
// double hits), Highland multiple scattering, pitch/√12 smearing in the module frame, hit
// inefficiency, noise hits, the cells each hit fires (its path through the silicon shared among
// the pixels or strips under it, drawn along u by the Lorentz drift; pixels read a charge, strips
// fire), and truth with the official weights. Units: mm, GeV, T. The measured position is the
// true one smeared by pitch/√12, not the cells' centroid.
//
// Every event draws from its own random generator, seeded from (run seed, event index) alone, so
// an event's content does not depend on which thread made it or in which order: the output of a
// run is byte-identical for any number of threads.

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/analysis/tracking/event.h"
#include "sciperf/engine/progress.h"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace sciperf {

// A field value that differs from the nominal one on one layer: the helix segment that ends on
// that layer is bent by this field.
struct LayerField {
    std::int32_t volumeId = 0;
    std::int32_t layerId = 0;
    double bzTesla = 0;
};

// One point of an empirical quantile function: `fraction` of the values lie below `value`.
struct Quantile {
    double fraction = 0;
    double value = 0;
};

// Defaults reproduce the real event000001001 (reference/trackml.md §2, SOURCES.md); where they
// were measured on it rather than taken from the reference, the comment says so.
struct SimulationConfig {
    // --- Generation ---
    double meanVertices = 200;          // pile-up interactions per event (Poisson mean)
    double meanPrimariesPerVertex = 35; // negative binomial: broad, as the real per-vertex counts
    double primariesShape = 1.5;        // negative binomial shape k (variance μ + μ²/k)
    double vertexSigmaTransverseMm = 0.035;
    double vertexSigmaZMm = 5.5;
    double maxAbsEta = 4;
    double positiveFraction = 0.55; // event000001001: 4,903 of 8,915 particles have q = +1
    // pT of primaries (generation 0 of event000001001; all particles together give the reference's
    // 0.15/0.22/0.355/0.61/1.0/2.6 GeV), sampled by interpolating log pT between the points.
    std::vector<Quantile> primaryPtGeV{{0, 0.1},      {0.1, 0.168}, {0.25, 0.259}, {0.5, 0.428},
                                       {0.75, 0.704}, {0.9, 1.15},  {0.99, 2.93},  {1, 50}};
    // Secondaries (generation > 0 in event000001001: 0.28 per primary, softer, produced at
    // radii up to the outer barrel, mostly at small |η|, nearly isotropic around their parent).
    // A parent interacts once and stops there, as in the real event (13 % of its primaries have
    // secondaries, and primaries have fewer hits than a full track would).
    double secondariesPerPrimary = 0.28;
    std::vector<Quantile> secondaryPtGeV{{0, 0.1},      {0.1, 0.118}, {0.25, 0.149}, {0.5, 0.213},
                                         {0.75, 0.303}, {0.9, 0.393}, {0.99, 0.64},  {1, 1.4}};
    std::vector<Quantile> secondaryVertexRadiusMm{{0, 19},     {0.1, 32},  {0.25, 72},  {0.5, 200},
                                                  {0.75, 360}, {0.9, 658}, {0.99, 952}, {1, 994}};
    // Relative frequency of |η| in bins of 0.5 from 0 (event000001001's secondaries).
    std::vector<double> secondaryAbsEtaHistogram{971, 563, 267, 82, 28, 16, 5, 2};
    // Secondaries per interaction vertex: relative frequency of 1, 2, ... (event000001001).
    std::vector<double> secondariesPerInteraction{345, 320, 173, 49, 20, 15, 4, 2};

    // --- Propagation ---
    double bzTesla = 2;
    // The outer pixel disks (|z| 1.1-1.5 m) see 1.8-1.5 T (reference §2, geoLayerField.txt).
    std::vector<LayerField> layerFields{{7, 2, 1.5},  {7, 4, 1.65},  {7, 6, 1.8},
                                        {9, 10, 1.8}, {9, 12, 1.65}, {9, 14, 1.5}};
    // Particles produced below this pT leave no hits: event000001001's primaries below 0.15 GeV
    // have none at any η, those just above have full tracks (the challenge's simulation cut).
    double minHitPtGeV = 0.15;
    // Transverse turning allowed, in turns. event000001001 has no hits on loopers' way back in
    // (pT 0.15-0.2 GeV particles at η ≈ 0 have ~8 hits, the outward half of a turn), so 0.5.
    double maxTurns = 0.5;
    double maxAbsZMm = 3000; // the world: a particle leaving it is not followed further
    double maxRadiusMm = 1030;

    // --- Material and measurement ---
    bool multipleScattering = true;
    double siliconRadiationLengthMm = 93.7;
    double servicesRadiationLengths = 0.015; // supports and services per layer crossing, in X0
    // Tuned on event000001001: 8.55 hits per particle (silicon alone, 2 %, gave 9.16 and 20 % too
    // many hits in the +z pixel disks).
    double hitInefficiency = 0.07;
    double noiseFraction = 0.186; // of all hits (event000001001: 17.5k of 93.7k)
};

struct SimulatedEvent {
    tracking::Hits hits;   // sorted by (volume, layer, module), hit ids 1..N
    tracking::Cells cells; // the pixels or strips each hit fired, in hit order
    tracking::Particles particles;
    tracking::Truth truth;                        // one row per hit, in hit order
    std::vector<tracking::Vector3> primaryVertex; // position (mm) of vertex id i + 1
};

// A particle to send through the detector (generated, or given by a test of the detector response).
struct ParticleSeed {
    tracking::ParticleId id = 0;
    tracking::Vector3 vertexMm{};
    tracking::Vector3 momentumGeV{};
    int charge = 1;
    // Transverse path (mm) after which the particle interacts and stops: its secondaries go on.
    double stopsAfterMm = std::numeric_limits<double>::infinity();
};

namespace simulation {
class SimulationGeometry;
}

class EventSimulator {
public:
    explicit EventSimulator(tracking::Detector detector, SimulationConfig config = {});
    ~EventSimulator();
    EventSimulator(EventSimulator&&) noexcept;
    EventSimulator& operator=(EventSimulator&&) noexcept;

    const SimulationConfig& config() const { return m_config; }
    const tracking::Detector& detector() const;

    // Event `eventIndex` (0-based) of the run seeded with `seed`.
    SimulatedEvent simulate(std::uint64_t seed, std::uint64_t eventIndex) const;
    // The same into `event`, whose tables' capacity is reused (for a loop over many events).
    void simulate(std::uint64_t seed, std::uint64_t eventIndex, SimulatedEvent& event) const;
    // The detector's response (hits, noise, truth) to the given particles; no generation.
    SimulatedEvent simulate(std::span<const ParticleSeed> particles, std::uint64_t seed,
                            std::uint64_t eventIndex) const;

private:
    SimulationConfig m_config;
    std::unique_ptr<simulation::SimulationGeometry> m_geometry;
};

// The detector description shipped inside the engine (the Kaggle detectors.csv, gzip-compressed:
// resources/trackml/README.md), used when no detectors.csv is given.
Result<tracking::Detector> builtInDetector();
// The detector of `file` (detectors.csv[.gz]), or the built-in one where `file` is empty.
Result<tracking::Detector> detectorOrBuiltIn(const std::filesystem::path& file);

// The challenge's file prefix for an event number: "event000000001".
std::string eventFilePrefix(std::uint64_t eventNumber);

struct SimulationRunOptions {
    std::uint64_t events = 1;
    unsigned threads = 0; // 0: every hardware thread
    std::uint64_t seed = 1;
    // Where the events go as TrackML CSV (prefix-hits.csv, -cells.csv, -particles.csv, -truth.csv, numbered
    // from 1); empty: simulate only.
    std::filesystem::path outputDirectory;
};

struct SimulationRunSummary {
    std::uint64_t events = 0; // completed
    unsigned threads = 0;
    std::uint64_t hits = 0;
    std::uint64_t noiseHits = 0;
    std::uint64_t particles = 0;
    double seconds = 0; // wall time of the whole run
    bool cancelled = false;
};

// Simulates the events on `threads` threads, each event on one thread, and writes them (each file
// atomically) where asked; progress after every event.
Result<SimulationRunSummary> simulateEvents(const EventSimulator& simulator,
                                            const SimulationRunOptions& options, ProgressReporter& progress);

} // namespace sciperf
