#include "sciperf/engine/gnn_training.h"

#include "gnn_internal.h"
#include "sciperf/analysis/tracking/score.h"
#include "sciperf/engine/gnn_gpu.h"
#include "track_reconstruction_internal.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace sciperf::gnn {
namespace {

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// sigmoid(z) > cut ⇔ z > log(cut / (1 - cut)).
float logitOf(float cut) {
    return std::log(cut / (1 - cut));
}

// The epoch's order of the training graphs: the same on every rank (same seed), new each epoch.
std::vector<std::size_t> epochOrder(std::size_t graphs, std::uint64_t seed, int epoch) {
    std::vector<std::size_t> order(graphs);
    std::iota(order.begin(), order.end(), std::size_t{0});
    SplitMix random(seed * 0x9e3779b97f4a7c15ULL + static_cast<std::uint64_t>(epoch));
    for (std::size_t i = graphs; i > 1; --i)
        std::swap(order[i - 1], order[static_cast<std::size_t>(random.uniform() * static_cast<double>(i))]);
    return order;
}

} // namespace

double EdgeCounts::efficiency() const {
    const double trueEdges = truePositives + falseNegatives;
    return trueEdges > 0 ? truePositives / trueEdges : 0;
}

double EdgeCounts::purity() const {
    const double selected = truePositives + falsePositives;
    return selected > 0 ? truePositives / selected : 0;
}

double EdgeCounts::f1() const {
    const double e = efficiency(), p = purity();
    return e + p > 0 ? 2 * e * p / (e + p) : 0;
}

EdgeCounts& EdgeCounts::operator+=(const EdgeCounts& other) {
    truePositives += other.truePositives;
    falsePositives += other.falsePositives;
    falseNegatives += other.falseNegatives;
    return *this;
}

EdgeCounts countEdges(std::span<const float> logits, std::span<const std::uint8_t> labels, float cut) {
    const float threshold = logitOf(cut);
    EdgeCounts counts;
    for (std::size_t i = 0; i < logits.size(); ++i) {
        const bool selected = logits[i] > threshold;
        if (selected && labels[i])
            ++counts.truePositives;
        else if (selected)
            ++counts.falsePositives;
        else if (labels[i])
            ++counts.falseNegatives;
    }
    return counts;
}

Evaluation evaluate(const InteractionNetwork<float>& model, std::span<const float> parameters,
                    std::span<const HitGraph> graphs, float positiveWeight, float cut, unsigned threads,
                    Communicator& communicator) {
    std::vector<std::size_t> mine;
    for (std::size_t i = static_cast<std::size_t>(communicator.rank()); i < graphs.size();
         i += static_cast<std::size_t>(communicator.size()))
        mine.push_back(i);
    std::vector<Evaluation> each(mine.size());
    trackreco::parallelFor(mine.size(), trackreco::resolveThreads(threads), [&](std::size_t m) {
        const HitGraph& graph = graphs[mine[m]];
        std::vector<float> logits;
        model.forward(graph.view(), parameters, logits);
        each[m].loss = bceWithLogits<float>(logits, graph.labels, positiveWeight, {});
        each[m].counts = countEdges(logits, graph.labels, cut);
    });
    // Summed in graph order (thread count independent), then over the ranks.
    std::vector<float> sums(4, 0.0f);
    for (const Evaluation& e : each) {
        sums[0] += static_cast<float>(e.loss);
        sums[1] += static_cast<float>(e.counts.truePositives);
        sums[2] += static_cast<float>(e.counts.falsePositives);
        sums[3] += static_cast<float>(e.counts.falseNegatives);
    }
    communicator.sumInPlace(sums);
    Evaluation total;
    total.loss = graphs.empty() ? 0 : sums[0] / static_cast<double>(graphs.size());
    total.counts = {sums[1], sums[2], sums[3]};
    return total;
}

TrainingResult trainModel(const InteractionNetwork<float>& model, std::span<float> parameters,
                          std::span<const HitGraph> train, std::span<const HitGraph> validation,
                          const TrainingConfig& config, Communicator& communicator,
                          const TrainingHooks& hooks) {
    const std::size_t count = model.parameterCount();
    const unsigned threads = trackreco::resolveThreads(config.threads);
    const auto ranks = static_cast<std::size_t>(communicator.size()),
               rank = static_cast<std::size_t>(communicator.rank());
    const auto batch = static_cast<std::size_t>(std::max(1, config.globalBatch));
    Adam adam(count, config.adam);
    TrainingResult result;
    // The summed gradients, then the loss, the edges and the failed ranks of the step (one
    // reduction for all).
    std::vector<float> reduced(count + 3);
    std::vector<std::vector<float>> perGraph;
    for (int epoch = 1; epoch <= config.maxEpochs; ++epoch) {
        if (hooks.epochStart)
            hooks.epochStart(epoch);
        const auto started = std::chrono::steady_clock::now();
        const std::vector<std::size_t> order = epochOrder(train.size(), config.seed, epoch);
        double lossSum = 0, edges = 0;
        for (std::size_t first = 0; first < order.size(); first += batch) {
            const std::size_t inStep = std::min(batch, order.size() - first);
            std::vector<std::size_t> mine;
            for (std::size_t j = rank; j < inStep; j += ranks)
                mine.push_back(order[first + j]);
            perGraph.resize(mine.size());
            std::vector<float> losses(mine.size());
            if (config.backend == TrainingConfig::Backend::Cuda) {
                for (std::size_t m = 0; m < mine.size() && result.error.empty(); ++m) {
                    Result<gpu::ModelOutput> pass =
                        gpu::forwardBackward(model, train[mine[m]].view(), parameters, config.positiveWeight);
                    if (!pass) {
                        result.error = pass.error().message;
                        break;
                    }
                    losses[m] = pass->loss;
                    perGraph[m] = std::move(pass->gradients);
                }
            } else {
                trackreco::parallelFor(mine.size(), threads, [&](std::size_t m) {
                    perGraph[m].assign(count, 0.0f);
                    losses[m] = model.lossAndGradient(train[mine[m]].view(), parameters,
                                                      config.positiveWeight, perGraph[m]);
                });
            }
            std::fill(reduced.begin(), reduced.end(), 0.0f);
            // A rank whose GPU pass failed still joins the step's sum, so that no rank waits
            // forever; all stop after it.
            if (result.error.empty()) {
                for (std::size_t m = 0; m < mine.size(); ++m) {
                    for (std::size_t i = 0; i < count; ++i)
                        reduced[i] += perGraph[m][i];
                    reduced[count] += losses[m];
                    reduced[count + 1] += static_cast<float>(train[mine[m]].edges());
                }
            } else {
                reduced[count + 2] = 1;
            }
            communicator.sumInPlace(reduced);
            if (reduced[count + 2] > 0) {
                if (result.error.empty())
                    result.error = "another rank's GPU pass failed";
                return result;
            }
            // Each graph's loss is a mean over its edges; the step's is the mean over the batch.
            const float scale = 1.0f / static_cast<float>(inStep);
            for (std::size_t i = 0; i < count; ++i)
                reduced[i] *= scale;
            adam.step(parameters, std::span<const float>(reduced).first(count));
            lossSum += reduced[count];
            edges += reduced[count + 1];
        }
        EpochReport report;
        report.epoch = epoch;
        report.trainSeconds = secondsSince(started);
        report.trainLoss = train.empty() ? 0 : lossSum / static_cast<double>(train.size());
        report.trainEdges = edges;
        if (hooks.evalStart)
            hooks.evalStart(epoch);
        const auto evalStarted = std::chrono::steady_clock::now();
        const Evaluation eval =
            evaluate(model, parameters, validation, config.positiveWeight, config.cut, threads, communicator);
        report.evalSeconds = secondsSince(evalStarted);
        report.validationLoss = eval.loss;
        report.validation = eval.counts;
        result.epochs.push_back(report);
        result.reachedTarget = config.targetF1 > 0 && report.validation.f1() >= config.targetF1;
        const bool goOn = hooks.epochEnd ? hooks.epochEnd(report) : true;
        if (result.reachedTarget)
            break;
        if (!goOn) {
            result.stopped = true;
            break;
        }
    }
    return result;
}

tracking::Submission buildTracks(const tracking::Hits& hits, const HitGraph& graph,
                                 std::span<const float> logits, float cut) {
    std::vector<std::uint32_t> parent(graph.nodes);
    std::iota(parent.begin(), parent.end(), 0u);
    const auto find = [&](std::uint32_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]]; // path halving
            x = parent[x];
        }
        return x;
    };
    const float threshold = logitOf(cut);
    for (std::size_t i = 0; i < graph.edges(); ++i) {
        if (logits[i] <= threshold)
            continue;
        const std::uint32_t a = find(static_cast<std::uint32_t>(graph.source[i]));
        const std::uint32_t b = find(static_cast<std::uint32_t>(graph.target[i]));
        if (a != b)
            parent[std::max(a, b)] =
                std::min(a, b); // the smaller root wins: labels do not depend on edge order
    }
    std::vector<std::uint32_t> size(graph.nodes, 0);
    for (std::uint32_t s = 0; s < graph.nodes; ++s)
        ++size[find(s)];
    tracking::Submission submission;
    submission.hitId = hits.hitId;
    submission.trackId.assign(hits.size(), tracking::kUnassignedTrack);
    for (std::uint32_t s = 0; s < graph.nodes; ++s) {
        const std::uint32_t root = find(s);
        if (size[root] >= 2)
            submission.trackId[graph.hitRow[s]] = static_cast<tracking::TrackId>(root) + 1;
    }
    return submission;
}

Result<Dataset> prepareDataset(const EventSimulator& simulator, std::uint64_t seed, std::size_t trainEvents,
                               std::size_t validationEvents, const GraphConfig& config, unsigned threads) {
    Dataset data;
    data.trainEvents.resize(trainEvents);
    data.validationEvents.resize(validationEvents);
    const unsigned workers = trackreco::resolveThreads(threads);
    trackreco::parallelFor(trainEvents + validationEvents, workers, [&](std::size_t i) {
        SimulatedEvent& event =
            i < trainEvents ? data.trainEvents[i] : data.validationEvents[i - trainEvents];
        simulator.simulate(seed, i, event);
    });
    Result<GraphWindows> windows = learnGraphWindows(data.trainEvents, simulator.detector(), config);
    if (!windows)
        return windows.error();
    data.windows = std::move(windows).value();
    std::vector<Result<HitGraph>> graphs(trainEvents + validationEvents, HitGraph{});
    trackreco::parallelFor(graphs.size(), workers, [&](std::size_t i) {
        const SimulatedEvent& event =
            i < trainEvents ? data.trainEvents[i] : data.validationEvents[i - trainEvents];
        graphs[i] = buildGraph(event.hits, hitTruth(event), data.windows, simulator.detector());
    });
    for (std::size_t i = 0; i < graphs.size(); ++i) {
        if (!graphs[i])
            return graphs[i].error();
        (i < trainEvents ? data.train : data.validation).push_back(std::move(graphs[i]).value());
    }
    return data;
}

Result<ChainScore> scoreChain(const SimulatedEvent& event, const HitGraph& graph,
                              std::span<const float> logits, float cut) {
    const tracking::Submission submission = buildTracks(event.hits, graph, logits, cut);
    ChainScore out;
    Result<double> all = tracking::scoreEvent(event.truth, submission);
    if (!all)
        return all.error();
    out.score = all.value();
    using T = tracking::Truth;
    const T subset = selectRows(event.truth, graph.hitRow, &T::hitId, &T::particleId, &T::tx, &T::ty, &T::tz,
                                &T::tpx, &T::tpy, &T::tpz, &T::weight);
    Result<double> graphHits = tracking::scoreEvent(subset, submission);
    if (!graphHits)
        return graphHits.error();
    out.graphHitsScore = graphHits.value();
    std::vector<tracking::TrackId> labels = submission.trackId;
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    out.tracks = labels.size() -
                 (std::binary_search(labels.begin(), labels.end(), tracking::kUnassignedTrack) ? 1 : 0);
    return out;
}

} // namespace sciperf::gnn
