#pragma once
// Training and inference of the GNN edge classifier (gnn_model.h) on graphs of simulated events
// (gnn_graph.h), data-parallel by design: a step takes a global batch of graphs; rank r of R
// computes the gradients of graphs r, r + R, ... of it, the run's Communicator sums them over the ranks
// and the sum is divided by the global batch, so that any number of ranks takes the same step as
// one rank would. Inside a rank, graphs run on threads, each into its own gradient buffer, summed
// in graph order: results do not depend on the number of threads. Then tracks: the edges above a
// cut, connected components (union-find), one track per component.

#include "sciperf/analysis/tracking/event.h"
#include "sciperf/engine/communicator.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/gnn_graph.h"
#include "sciperf/engine/gnn_layers.h"
#include "sciperf/engine/gnn_model.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace sciperf::gnn {

// Edge classification counts at a cut.
struct EdgeCounts {
    double truePositives = 0, falsePositives = 0, falseNegatives = 0;
    double efficiency() const; // of the true edges, the share selected
    double purity() const;     // of the selected edges, the share true
    double f1() const;         // their harmonic mean
    EdgeCounts& operator+=(const EdgeCounts& other);
};
EdgeCounts countEdges(std::span<const float> logits, std::span<const std::uint8_t> labels, float cut);

struct TrainingConfig {
    int maxEpochs = 20;
    int globalBatch = 2; // graphs per optimiser step, over all ranks
    AdamConfig adam;
    float positiveWeight = 1; // of true edges in the loss
    float cut = 0.5f;         // on sigmoid(logit)
    unsigned threads = 0;     // 0: every hardware thread
    std::uint64_t seed = 1;   // initial weights and the order of graphs in each epoch
    // Training stops after the first epoch whose validation F1 reaches this; 0: runs maxEpochs.
    double targetF1 = 0;
    // Where each graph's forward and backward pass runs: the CPU, or the GPU (gnn_gpu.h, one graph
    // at a time). Validation runs on the CPU either way.
    enum class Backend { Cpu, Cuda } backend = Backend::Cpu;
};

struct EpochReport {
    int epoch = 0; // 1-based
    double trainLoss = 0;
    double validationLoss = 0;
    EdgeCounts validation;
    double trainSeconds = 0;
    double evalSeconds = 0;
    double trainEdges = 0; // edges processed over all ranks in the epoch's training
    double edgesPerSecond() const { return trainSeconds > 0 ? trainEdges / trainSeconds : 0; }
};

// Called around each epoch (MLPerf logging, progress); epochEnd returns false to stop training.
struct TrainingHooks {
    std::function<void(int epoch)> epochStart;
    std::function<void(int epoch)> evalStart;
    std::function<bool(const EpochReport&)> epochEnd;
};

struct TrainingResult {
    std::vector<EpochReport> epochs;
    bool reachedTarget = false;
    bool stopped = false; // epochEnd asked to stop before the target
    std::string error;    // why training stopped on a failure (the GPU backend's), else empty
};

// Trains `parameters` (initialised by the caller) in place.
TrainingResult trainModel(const InteractionNetwork<float>& model, std::span<float> parameters,
                          std::span<const HitGraph> train, std::span<const HitGraph> validation,
                          const TrainingConfig& config, Communicator& communicator,
                          const TrainingHooks& hooks = {});

// Mean loss and counts of this rank's share of `graphs` (graph i on rank i mod R), summed over ranks.
struct Evaluation {
    double loss = 0;
    EdgeCounts counts;
};
Evaluation evaluate(const InteractionNetwork<float>& model, std::span<const float> parameters,
                    std::span<const HitGraph> graphs, float positiveWeight, float cut, unsigned threads,
                    Communicator& communicator);

// Simulated events and their graphs: training events 0 .. trainEvents - 1 of the run seeded with
// `seed`, validation events after them; the windows learned from the training events alone.
struct Dataset {
    GraphWindows windows;
    std::vector<SimulatedEvent> trainEvents, validationEvents;
    std::vector<HitGraph> train, validation;
};
Result<Dataset> prepareDataset(const EventSimulator& simulator, std::uint64_t seed, std::size_t trainEvents,
                               std::size_t validationEvents, const GraphConfig& config, unsigned threads);

// Tracks of one event: the graph's edges with sigmoid(logit) > cut joined by connected components;
// every component of two hits or more is a track. Hits in no such component (and hits not in the
// graph) get kUnassignedTrack. One row per hit of `hits`, in hit order.
tracking::Submission buildTracks(const tracking::Hits& hits, const HitGraph& graph,
                                 std::span<const float> logits, float cut);

// The TrackML score (analysis' scoreEvent) of buildTracks on an event: over all its hits, and over
// the graph's hits alone (for the pT > 1 GeV graph: the score among those particles, weights
// renormalised), the part of the event the classifier was given.
struct ChainScore {
    double score = 0;
    double graphHitsScore = 0;
    std::size_t tracks = 0;
};
Result<ChainScore> scoreChain(const SimulatedEvent& event, const HitGraph& graph,
                              std::span<const float> logits, float cut);

} // namespace sciperf::gnn
