#include "gnn_workload.h"

#include "sciperf/analysis/mlperf/rules.h"
#include "sciperf/engine/atomic_file.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/gnn_training.h"
#include "sciperf/engine/machine.h"
#include "sciperf/engine/mllog_writer.h"

#include <chrono>
#include <cstring>

namespace sciperf {
namespace {

using Meta = MlLogWriter::Metadata;

// The parameters after training: float32, native byte order, in parameterLayout() order.
constexpr const char* kModelFile = "model-parameters.f32";

Meta epochMeta(int epoch) {
    return {{"epoch_num", MlLogWriter::integer(epoch)}};
}

} // namespace

Result<void> runTrainWorkload(const RunContext& context, JsonWriter& results) {
    const mlperf::BenchmarkRules& rules = mlperf::rulesFor(mlperf::Benchmark::SciperfGnn);
    // Before anything is logged: a GPU run without a GPU is refused with the reason.
    const CudaDescription cuda = context.integer("gpu", 0) == 1 ? describeCudaDevices() : CudaDescription{};
    if (context.integer("gpu", 0) == 1 && cuda.devices.empty())
        return fail("--gpu 1: " + cuda.status);
    Result<MlLogWriter> opened = MlLogWriter::create(context.directory / "mllog.txt");
    if (!opened)
        return opened.error();
    MlLogWriter& log = opened.value();
    Communicator& communicator = context.communicator;

    // --- Initialisation: untimed by the rules, before the run touches any data. ---
    log.start("init_start");
    const auto seed = static_cast<std::uint64_t>(context.integer("seed", 1));
    const auto trainEvents = static_cast<std::size_t>(context.integer("train-events", 8));
    const auto validationEvents = static_cast<std::size_t>(context.integer("val-events", 2));
    gnn::TrainingConfig training;
    training.maxEpochs = static_cast<int>(context.integer("epochs", 20));
    training.globalBatch = static_cast<int>(context.integer("batch", 1));
    training.adam.learningRate = static_cast<float>(context.integer("learning-rate-e5", 500)) * 1e-5f;
    training.threads = static_cast<unsigned>(context.integer("threads", 0));
    training.seed = seed;
    training.targetF1 = rules.target;
    training.backend = context.integer("gpu", 0) == 1 ? gnn::TrainingConfig::Backend::Cuda
                                                      : gnn::TrainingConfig::Backend::Cpu;
    const bool onGpu = training.backend == gnn::TrainingConfig::Backend::Cuda;
    gnn::ModelConfig modelConfig;
    modelConfig.nodeFeatures = gnn::kNodeFeatures;
    modelConfig.edgeFeatures = gnn::kEdgeFeatures;
    modelConfig.hidden = static_cast<int>(context.integer("hidden", 16));
    modelConfig.iterations = static_cast<int>(context.integer("iterations", 3));
    gnn::GraphConfig graphConfig;
    graphConfig.filterByTruth = context.integer("full-graph", 0) == 0;
    SimulationConfig simulation;
    simulation.meanVertices = static_cast<double>(context.integer("vertices", 200));

    const MachineDescription machine = describeHost();
    log.event("submission_benchmark", MlLogWriter::text(rules.name));
    log.event("submission_org", MlLogWriter::text("SciPerf Studio"));
    // Our own benchmark, not an MLPerf one: open division, research status.
    log.event("submission_division", MlLogWriter::text("open"));
    log.event("submission_status", MlLogWriter::text("research"));
    const std::string cpu = machine.cpu.model.empty() ? std::string("CPU") : "1x" + machine.cpu.model;
    const std::string gpu = cuda.devices.empty() ? std::string("GPU") : cuda.devices.front().name;
    log.event("submission_platform", MlLogWriter::text(onGpu ? cpu + " + 1x" + gpu : cpu));
    log.event("cache_clear", "true");
    log.event("seed", MlLogWriter::integer(static_cast<std::int64_t>(seed)));
    // Each rank is one data-parallel CPU worker: the unit this run scales by, logged as a node.
    log.event("number_of_ranks", MlLogWriter::integer(communicator.size()));
    log.event("number_of_nodes", MlLogWriter::integer(communicator.size()));
    // CPU: 0, the rules' convention for CPU-only systems; each rank drives one GPU otherwise.
    log.event("accelerators_per_node", onGpu ? "1" : "0");
    log.event("global_batch_size", MlLogWriter::integer(training.globalBatch));
    log.event("gradient_accumulation_frequency", "1");
    log.event("opt_name", MlLogWriter::text("adam"));
    log.event("opt_base_learning_rate", MlLogWriter::number(training.adam.learningRate));
    log.event("opt_adam_beta_1", MlLogWriter::number(training.adam.beta1));
    log.event("opt_adam_beta_2", MlLogWriter::number(training.adam.beta2));
    log.event("opt_adam_epsilon", MlLogWriter::number(training.adam.epsilon));
    log.event("train_samples", MlLogWriter::integer(static_cast<std::int64_t>(trainEvents)));
    log.event("eval_samples", MlLogWriter::integer(static_cast<std::int64_t>(validationEvents)));
    log.event("model_hidden_size", MlLogWriter::integer(modelConfig.hidden));
    log.event("model_message_passing_iterations", MlLogWriter::integer(modelConfig.iterations));
    log.event("graph_min_pt_gev",
              MlLogWriter::number(graphConfig.filterByTruth ? graphConfig.minPtGeV : 0.0));
    log.event("edge_score_cut", MlLogWriter::number(training.cut));
    // The quality metric and its target, stated in the log itself.
    log.event("eval_accuracy_metric", MlLogWriter::text("validation edge F1 at the edge score cut"));
    log.event("target_eval_accuracy", MlLogWriter::number(rules.target));

    Result<tracking::Detector> detector = builtInDetector();
    if (!detector) {
        log.end("init_stop");
        return detector.error();
    }
    const EventSimulator simulator(std::move(detector).value(), simulation);
    const gnn::InteractionNetwork<float> model(modelConfig);
    std::vector<float> parameters(model.parameterCount());
    model.initialize(parameters, seed);
    log.event("weights_initialization", "null");
    log.end("init_stop");

    // --- The timed run: staging (simulation, windows, graphs) and training to the target. ---
    const auto runStarted = std::chrono::steady_clock::now();
    log.start("run_start");
    const auto abort = [&](const Error& error) -> Result<void> {
        log.end("run_stop", {{"status", MlLogWriter::text("aborted")}});
        return error;
    };
    context.progress.progress(0, "Simulating " + std::to_string(trainEvents + validationEvents) +
                                     " events and building their graphs");
    log.start("staging_start");
    const auto stagingStarted = std::chrono::steady_clock::now();
    Result<gnn::Dataset> data =
        gnn::prepareDataset(simulator, seed, trainEvents, validationEvents, graphConfig, training.threads);
    if (!data)
        return abort(data.error());
    const double stagingSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - stagingStarted).count();
    log.end("staging_stop", {{"staging_duration", MlLogWriter::number(stagingSeconds)}});

    gnn::TrainingHooks hooks;
    hooks.epochStart = [&](int epoch) {
        log.start("epoch_start", epochMeta(epoch));
    };
    hooks.evalStart = [&](int epoch) {
        log.start("eval_start", epochMeta(epoch));
    };
    hooks.epochEnd = [&](const gnn::EpochReport& r) {
        log.event("train_loss", MlLogWriter::number(r.trainLoss), epochMeta(r.epoch));
        log.event("eval_loss", MlLogWriter::number(r.validationLoss), epochMeta(r.epoch));
        log.event("eval_edge_efficiency", MlLogWriter::number(r.validation.efficiency()), epochMeta(r.epoch));
        log.event("eval_edge_purity", MlLogWriter::number(r.validation.purity()), epochMeta(r.epoch));
        log.event("eval_accuracy", MlLogWriter::number(r.validation.f1()), epochMeta(r.epoch));
        log.end("eval_stop", epochMeta(r.epoch));
        log.event("throughput", MlLogWriter::number(r.edgesPerSecond()),
                  {{"epoch_num", MlLogWriter::integer(r.epoch)}, {"unit", MlLogWriter::text("edges/s")}});
        log.end("epoch_stop", epochMeta(r.epoch));
        context.progress.progress(0.1 + 0.8 * r.epoch / training.maxEpochs,
                                  "Epoch " + std::to_string(r.epoch) + ": validation edge F1 " +
                                      std::to_string(r.validation.f1()));
        // The ranks stop together (one that left would leave the others waiting in a sum): a
        // cancel seen by any rank stops them all.
        float cancelled = context.progress.cancelRequested() ? 1.0f : 0.0f;
        communicator.sumInPlace(std::span(&cancelled, 1));
        return cancelled == 0.0f;
    };
    const gnn::TrainingResult trained =
        gnn::trainModel(model, parameters, data->train, data->validation, training, communicator, hooks);
    if (!trained.error.empty())
        return abort(fail("training on the GPU failed: " + trained.error));
    if (trained.reachedTarget)
        log.event("target_accuracy_reached", MlLogWriter::number(rules.target),
                  epochMeta(trained.epochs.back().epoch));
    log.end("run_stop", {{"status", MlLogWriter::text(trained.reachedTarget ? "success" : "aborted")}});
    const double runSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - runStarted).count();

    // --- After the run: tracks from the validation graphs, scored with the TrackML score. ---
    context.progress.progress(0.9, "Building and scoring tracks");
    double score = 0, graphHitsScore = 0, tracks = 0;
    for (std::size_t i = 0; i < data->validation.size(); ++i) {
        std::vector<float> logits;
        model.forward(data->validation[i].view(), parameters, logits);
        const Result<gnn::ChainScore> chain =
            gnn::scoreChain(data->validationEvents[i], data->validation[i], logits, training.cut);
        if (!chain)
            return chain.error();
        score += chain->score;
        graphHitsScore += chain->graphHitsScore;
        tracks += static_cast<double>(chain->tracks);
    }
    const auto n = static_cast<double>(std::max<std::size_t>(1, data->validation.size()));
    double trainSeconds = 0, trainEdges = 0;
    for (const gnn::EpochReport& r : trained.epochs) {
        trainSeconds += r.trainSeconds;
        trainEdges += r.trainEdges;
    }
    double graphEfficiency = 0, graphPurity = 0;
    for (const gnn::HitGraph& g : data->validation) {
        graphEfficiency += g.efficiency() / n;
        graphPurity += g.purity() / n;
    }
    // The trained model, for inference and for comparing runs (ranks agree on it to rounding).
    std::string bytes(parameters.size() * sizeof(float), '\0');
    std::memcpy(bytes.data(), parameters.data(), bytes.size());
    if (auto saved = writeFileAtomically(context.directory / kModelFile, bytes); !saved)
        return saved.error();
    const gnn::EpochReport& last = trained.epochs.back();
    results.field("mllog", "mllog.txt")
        .field("model", kModelFile)
        .field("ranks", static_cast<std::int64_t>(communicator.size()))
        .field("benchmark", rules.name)
        .field("target_edge_f1", rules.target)
        .field("reached_target", trained.reachedTarget)
        .field("epochs", static_cast<std::int64_t>(trained.epochs.size()))
        .field("train_events", static_cast<std::uint64_t>(trainEvents))
        .field("validation_events", static_cast<std::uint64_t>(validationEvents))
        .field("parameters", static_cast<std::uint64_t>(model.parameterCount()))
        .field("graph_min_pt_gev", graphConfig.filterByTruth ? graphConfig.minPtGeV : 0.0)
        .field("layer_pairs", static_cast<std::uint64_t>(data->windows.pairs.size()))
        .field("graph_efficiency", graphEfficiency)
        .field("graph_purity", graphPurity)
        .field("edge_cut", static_cast<double>(training.cut))
        .field("edge_efficiency", last.validation.efficiency())
        .field("edge_purity", last.validation.purity())
        .field("edge_f1", last.validation.f1())
        .field("trackml_score", score / n)
        .field("trackml_score_graph_hits", graphHitsScore / n)
        .field("tracks_per_event", tracks / n)
        .field("train_edges_per_second", trainSeconds > 0 ? trainEdges / trainSeconds : 0.0)
        .field("seconds_per_epoch", trainSeconds / static_cast<double>(trained.epochs.size()))
        .field("staging_seconds", stagingSeconds)
        .field("time_to_train_seconds", runSeconds);
    results.key("epoch_history").beginArray();
    for (const gnn::EpochReport& r : trained.epochs)
        results.beginObject()
            .field("epoch", static_cast<std::int64_t>(r.epoch))
            .field("train_loss", r.trainLoss)
            .field("validation_loss", r.validationLoss)
            .field("edge_efficiency", r.validation.efficiency())
            .field("edge_purity", r.validation.purity())
            .field("edge_f1", r.validation.f1())
            .field("train_seconds", r.trainSeconds)
            .field("edges_per_second", r.edgesPerSecond())
            .endObject();
    results.endArray();
    return {};
}

} // namespace sciperf
