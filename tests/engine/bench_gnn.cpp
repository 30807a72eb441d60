// bench_gnn: the GNN tracking pipeline on simulated TrackML events. Not a ctest test: run it by hand,
//   bench_gnn [TRAIN_EVENTS] [VAL_EVENTS] [EPOCHS] [HIDDEN] [ITERATIONS] [VERTICES] [THREADS] [BATCH]
//             [LEARNING_RATE_E5]
// (defaults 8 2 15 16 3 200 2 1 500; 200 vertices is a full-size event, the learning rate is in 1e-5). Prints
// the graph's efficiency and purity per validation event (pT > 1 GeV graph, and the full graph for
// comparison), one line per epoch (losses, validation edge efficiency, purity and F1 at the cut 0.5, training
// seconds and edges/s), then the classifier's edge efficiency and purity on the validation events and the
// TrackML score of the chain (graph → edge classifier → connected components). Training runs all
// EPOCHS (the train workload stops at the target); the first epoch whose validation edge F1 reaches
// the sciperf-gnn target (analysis/mlperf/rules.cpp) is reported.

#include "sciperf/analysis/mlperf/rules.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/gnn_training.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace sciperf;

namespace {

long argument(int argc, char** argv, int index, long fallback) {
    return argc > index ? std::strtol(argv[index], nullptr, 10) : fallback;
}

} // namespace

int main(int argc, char** argv) {
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // line by line, also into a pipe or file: it runs for minutes
    const auto trainEvents = static_cast<std::size_t>(argument(argc, argv, 1, 8));
    const auto validationEvents = static_cast<std::size_t>(argument(argc, argv, 2, 2));
    gnn::TrainingConfig training;
    training.maxEpochs = static_cast<int>(argument(argc, argv, 3, 15));
    gnn::ModelConfig modelConfig;
    modelConfig.hidden = static_cast<int>(argument(argc, argv, 4, 16));
    modelConfig.iterations = static_cast<int>(argument(argc, argv, 5, 3));
    SimulationConfig simulation;
    simulation.meanVertices = static_cast<double>(argument(argc, argv, 6, 200));
    training.threads = static_cast<unsigned>(argument(argc, argv, 7, 2));
    training.globalBatch = static_cast<int>(argument(argc, argv, 8, 1));
    training.adam.learningRate = static_cast<float>(argument(argc, argv, 9, 500)) * 1e-5f;
    const double target = mlperf::rulesFor(mlperf::Benchmark::SciperfGnn).target;

    auto detector = builtInDetector();
    if (!detector) {
        std::fprintf(stderr, "bench_gnn: %s\n", detector.error().message.c_str());
        return 1;
    }
    const EventSimulator simulator(std::move(detector).value(), simulation);
    const auto staged = std::chrono::steady_clock::now();
    Result<gnn::Dataset> data =
        gnn::prepareDataset(simulator, 1, trainEvents, validationEvents, {}, training.threads);
    if (!data) {
        std::fprintf(stderr, "bench_gnn: %s\n", data.error().message.c_str());
        return 1;
    }
    const double stagingSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - staged).count();
    std::printf("staging (simulation, windows, graphs): %.1f s, %zu layer pairs\n\n", stagingSeconds,
                data->windows.pairs.size());

    gnn::GraphConfig fullConfig;
    fullConfig.filterByTruth = false;
    gnn::GraphWindows fullWindows = data->windows;
    fullWindows.config = fullConfig;
    std::printf("%-22s %8s %8s %8s %10s %8s %14s\n", "validation graph", "nodes", "edges", "true",
                "efficiency", "purity", "eff. pT>1 GeV");
    for (std::size_t i = 0; i < data->validation.size(); ++i) {
        const gnn::HitGraph& g = data->validation[i];
        std::printf("event %-3zu pT > 1 GeV    %8zu %8zu %8lld %10.4f %8.4f %14.4f\n", trainEvents + i,
                    g.nodes, g.edges(), static_cast<long long>(g.trueEdges()), g.efficiency(), g.purity(),
                    g.efficiencyAboveMinPt());
        const SimulatedEvent& event = data->validationEvents[i];
        const Result<gnn::HitGraph> full =
            gnn::buildGraph(event.hits, gnn::hitTruth(event), fullWindows, simulator.detector());
        if (full)
            std::printf("event %-3zu full graph    %8zu %8zu %8lld %10.4f %8.4f %14.4f\n", trainEvents + i,
                        full->nodes, full->edges(), static_cast<long long>(full->trueEdges()),
                        full->efficiency(), full->purity(), full->efficiencyAboveMinPt());
    }

    const gnn::InteractionNetwork<float> model(modelConfig);
    std::vector<float> parameters(model.parameterCount());
    model.initialize(parameters, 1);
    std::printf("\nmodel: hidden %d, %d iterations, %zu parameters; global batch %d, threads %u\n",
                modelConfig.hidden, modelConfig.iterations, model.parameterCount(), training.globalBatch,
                training.threads);
    std::printf("%5s %10s %10s %10s %8s %8s %9s %10s\n", "epoch", "loss", "val loss", "efficiency", "purity",
                "F1", "train s", "edges/s");
    gnn::TrainingHooks hooks;
    int targetEpoch = 0;
    hooks.epochEnd = [&](const gnn::EpochReport& r) {
        if (targetEpoch == 0 && r.validation.f1() >= target)
            targetEpoch = r.epoch;
        std::printf("%5d %10.5f %10.5f %10.4f %8.4f %8.4f %9.2f %10.0f\n", r.epoch, r.trainLoss,
                    r.validationLoss, r.validation.efficiency(), r.validation.purity(), r.validation.f1(),
                    r.trainSeconds, r.edgesPerSecond());
        std::fflush(stdout);
        return true;
    };
    const gnn::TrainingResult trained =
        gnn::trainModel(model, parameters, data->train, data->validation, training, singleProcess(), hooks);

    double trainSeconds = 0, trainEdges = 0;
    for (const gnn::EpochReport& r : trained.epochs) {
        trainSeconds += r.trainSeconds;
        trainEdges += r.trainEdges;
    }
    std::printf("\n%-6s %10s %8s %10s %12s %8s\n", "event", "efficiency", "purity", "score", "score pT>1",
                "tracks");
    gnn::EdgeCounts total;
    double score = 0, graphScore = 0;
    for (std::size_t i = 0; i < data->validation.size(); ++i) {
        std::vector<float> logits;
        model.forward(data->validation[i].view(), parameters, logits);
        const gnn::EdgeCounts counts = gnn::countEdges(logits, data->validation[i].labels, training.cut);
        total += counts;
        const Result<gnn::ChainScore> chain =
            gnn::scoreChain(data->validationEvents[i], data->validation[i], logits, training.cut);
        if (!chain) {
            std::fprintf(stderr, "bench_gnn: %s\n", chain.error().message.c_str());
            return 1;
        }
        score += chain->score;
        graphScore += chain->graphHitsScore;
        std::printf("%-6zu %10.4f %8.4f %10.4f %12.4f %8zu\n", trainEvents + i, counts.efficiency(),
                    counts.purity(), chain->score, chain->graphHitsScore, chain->tracks);
    }
    const auto n = static_cast<double>(data->validation.size());
    std::printf("\nsummary (cut %.2f, after %zu epochs): edge efficiency %.4f, edge purity %.4f, F1 %.4f\n",
                static_cast<double>(training.cut), trained.epochs.size(), total.efficiency(), total.purity(),
                total.f1());
    if (targetEpoch > 0)
        std::printf("target validation edge F1 >= %.2f first reached at epoch %d\n", target, targetEpoch);
    else
        std::printf("target validation edge F1 >= %.2f NOT reached\n", target);
    std::printf("TrackML score of the GNN chain: %.4f over all hits, %.4f over the pT > 1 GeV graph's hits\n",
                score / n, graphScore / n);
    std::printf("training: %.0f edges/s, %.2f s per epoch (%zu graphs of %.0f edges on average)\n",
                trainSeconds > 0 ? trainEdges / trainSeconds : 0.0,
                trainSeconds / static_cast<double>(trained.epochs.size()), data->train.size(),
                trained.epochs.empty()
                    ? 0.0
                    : trained.epochs.front().trainEdges / static_cast<double>(data->train.size()));
    return 0;
}
