// The GNN tracking pipeline (gnn_layers.h, gnn_model.h, gnn_graph.h, gnn_training.h): every
// layer's backward pass and the whole model's gradient against central finite differences (in
// double), Adam against hand-computed steps, graph labels against the truth, connected components,
// training that lowers the loss and reaches its target, determinism (threads, ranks), and the
// train workload: its MLPerf log parses and passes the compliance checks, bad arguments are refused.
#include "counting_progress.h"
#include "sciperf/analysis/mlperf/compliance.h"
#include "sciperf/analysis/mlperf/log.h"
#include "sciperf/analysis/mlperf/results.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/gnn_training.h"
#include "sciperf/engine/machine.h"
#include "sciperf/engine/workload.h"

#include <QTemporaryDir>
#include <QTest>
#include <barrier>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

using namespace sciperf;
using namespace sciperf::gnn;

namespace {

std::vector<double> randomVector(std::size_t n, std::uint32_t seed, double scale = 1) {
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> uniform(-scale, scale);
    std::vector<double> v(n);
    for (double& x : v)
        x = uniform(random);
    return v;
}

// Values kept away from ReLU's kink, so that finite differences do not straddle it.
std::vector<double> awayFromZero(std::size_t n, std::uint32_t seed) {
    std::vector<double> v = randomVector(n, seed);
    for (double& x : v)
        x += x >= 0 ? 0.1 : -0.1;
    return v;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        s += a[i] * b[i];
    return s;
}

// max |analytic - numeric| / max(1, |numeric|) of the gradient of loss() with respect to `x`,
// by central differences.
double gradientError(std::vector<double>& x, const std::vector<double>& analytic,
                     const std::function<double()>& loss) {
    constexpr double h = 1e-6;
    double worst = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double keep = x[i];
        x[i] = keep + h;
        const double up = loss();
        x[i] = keep - h;
        const double down = loss();
        x[i] = keep;
        const double numeric = (up - down) / (2 * h);
        worst = std::max(worst, std::abs(analytic[i] - numeric) / std::max(1.0, std::abs(numeric)));
    }
    return worst;
}

constexpr double kTolerance = 1e-7;

// A small random graph (double features) for the whole-model check.
struct TinyGraph {
    std::size_t nodes = 7;
    std::vector<double> nodeFeatures, edgeFeatures;
    std::vector<std::int32_t> source{0, 0, 1, 2, 2, 3, 4, 5, 1, 6, 3, 0};
    std::vector<std::int32_t> target{1, 2, 3, 3, 4, 5, 6, 6, 4, 0, 6, 5};
    std::vector<std::uint8_t> labels{1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1};
    TinyGraph() {
        nodeFeatures = randomVector(nodes * 3, 11);
        edgeFeatures = randomVector(source.size() * 4, 12);
    }
    GraphView<double> view() const {
        return {nodes, source.size(), nodeFeatures, edgeFeatures, source, target, labels};
    }
};

tracking::Detector simulationDetector() {
    auto detector = builtInDetector();
    if (!detector)
        qFatal("%s", detector.error().message.c_str());
    return std::move(detector).value();
}

const EventSimulator& smallEvents() {
    static const EventSimulator simulator = [] {
        SimulationConfig config;
        config.meanVertices = 10; // about 5 % of a full event: fast, still many pT > 1 GeV tracks
        return EventSimulator(simulationDetector(), config);
    }();
    return simulator;
}

const Dataset& smallDataset() {
    static const Dataset data = [] {
        Result<Dataset> prepared = prepareDataset(smallEvents(), 7, 4, 2, {}, 2);
        if (!prepared)
            qFatal("%s", prepared.error().message.c_str());
        return std::move(prepared).value();
    }();
    return data;
}

TrainingConfig smallTraining(int epochs) {
    TrainingConfig config;
    config.maxEpochs = epochs;
    config.globalBatch = 2;
    config.adam.learningRate = 2e-3f;
    config.threads = 2;
    config.seed = 3;
    return config;
}

ModelConfig smallModel() {
    ModelConfig config;
    config.hidden = 16;
    config.iterations = 2;
    return config;
}

// R ranks in one process, one thread each: sums through a shared buffer between two barriers.
class ThreadRanks {
public:
    explicit ThreadRanks(int ranks)
        : m_ranks(ranks)
        , m_barrier(ranks) {}

    class Rank final : public Communicator {
    public:
        Rank(ThreadRanks& all, int rank)
            : m_all(all)
            , m_rank(rank) {}
        void sumInPlace(std::span<float> values) override {
            if (m_rank == 0)
                m_all.m_sum.assign(values.size(), 0.0f);
            m_all.m_barrier.arrive_and_wait();
            for (int r = 0; r < m_all.m_ranks; ++r) { // in rank order: the same sum on every rank
                if (r == m_rank) {
                    std::lock_guard lock(m_all.m_mutex);
                    for (std::size_t i = 0; i < values.size(); ++i)
                        m_all.m_sum[i] += values[i];
                }
                m_all.m_barrier.arrive_and_wait();
            }
            std::copy(m_all.m_sum.begin(), m_all.m_sum.end(), values.begin());
            m_all.m_barrier.arrive_and_wait();
        }
        void sumInPlace(std::span<double>) override { QFAIL("training sums floats only"); }
        void broadcast(std::span<float>, int) override { QFAIL("training broadcasts nothing"); }
        int size() const override { return m_all.m_ranks; }
        int rank() const override { return m_rank; }
        std::string description() const override { return "ranks on threads"; }

    private:
        ThreadRanks& m_all;
        int m_rank;
    };

private:
    int m_ranks;
    std::barrier<> m_barrier;
    std::mutex m_mutex;
    std::vector<float> m_sum;
};

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

class TestGnn : public QObject {
    Q_OBJECT

private slots:
    void linearGradients() {
        const std::size_t rows = 5, in = 4, out = 3;
        std::vector<double> x = randomVector(rows * in, 1), w = randomVector(in * out, 2),
                            b = randomVector(out, 3);
        const std::vector<double> c = randomVector(rows * out, 4);
        const auto loss = [&] {
            std::vector<double> y(rows * out);
            linearForward<double>(x, rows, in, w, b, out, y);
            return dot(y, c);
        };
        std::vector<double> dw(in * out, 0.0), db(out, 0.0), dx(rows * in);
        linearBackward<double>(x, rows, in, w, out, c, dw, db, dx);
        QVERIFY(gradientError(x, dx, loss) < kTolerance);
        QVERIFY(gradientError(w, dw, loss) < kTolerance);
        QVERIFY(gradientError(b, db, loss) < kTolerance);
        // Parameter gradients accumulate.
        linearBackward<double>(x, rows, in, w, out, c, dw, db, {});
        std::vector<double> once(in * out, 0.0), unused(out, 0.0);
        linearBackward<double>(x, rows, in, w, out, c, once, unused, {});
        for (std::size_t i = 0; i < dw.size(); ++i)
            QVERIFY(std::abs(dw[i] - 2 * once[i]) < 1e-12);
    }

    void activationGradients() {
        using Forward = void (*)(std::span<const double>, std::span<double>);
        using Backward = void (*)(std::span<const double>, std::span<const double>, std::span<double>);
        const std::pair<Forward, Backward> layers[] = {{&reluForward<double>, &reluBackward<double>},
                                                       {&tanhForward<double>, &tanhBackward<double>}};
        for (const auto& [forward, backward] : layers) {
            std::vector<double> x = awayFromZero(20, 5);
            const std::vector<double> c = randomVector(20, 6);
            std::vector<double> y(20), dx(20);
            const auto loss = [&] {
                forward(x, y);
                return dot(y, c);
            };
            loss();
            backward(y, c, dx);
            QVERIFY(gradientError(x, dx, loss) < kTolerance);
        }
    }

    void layerNormGradients() {
        const std::size_t rows = 4, dim = 6;
        std::vector<double> x = randomVector(rows * dim, 7, 3), gain = randomVector(dim, 8),
                            bias = randomVector(dim, 9);
        const std::vector<double> c = randomVector(rows * dim, 10);
        std::vector<double> y(rows * dim), mean(rows), rstd(rows);
        const auto loss = [&] {
            layerNormForward<double>(x, rows, dim, gain, bias, y, mean, rstd);
            return dot(y, c);
        };
        loss();
        // Normalised rows: mean bias, spread gain (checked on row 0 with unit gain and zero bias below).
        std::vector<double> dGain(dim, 0.0), dBias(dim, 0.0), dx(rows * dim);
        layerNormBackward<double>(x, rows, dim, gain, mean, rstd, c, dGain, dBias, dx);
        QVERIFY(gradientError(x, dx, loss) < kTolerance);
        QVERIFY(gradientError(gain, dGain, loss) < kTolerance);
        QVERIFY(gradientError(bias, dBias, loss) < kTolerance);
        const std::vector<double> ones(dim, 1.0), zeros(dim, 0.0);
        layerNormForward<double>(x, rows, dim, ones, zeros, y, mean, rstd);
        double sum = 0, squares = 0;
        for (std::size_t j = 0; j < dim; ++j) {
            sum += y[j];
            squares += y[j] * y[j];
        }
        QVERIFY(std::abs(sum) < 1e-12);
        QVERIFY(std::abs(squares / dim - 1) < 1e-4); // 1 up to the epsilon
    }

    void gatherScatterConcatGradients() {
        const std::size_t nodes = 4, cols = 3, outCols = 7, offset = 2;
        const std::vector<std::int32_t> index{2, 0, 2, 3, 1};
        std::vector<double> h = randomVector(nodes * cols, 13);
        const std::vector<double> c = randomVector(index.size() * outCols, 14);
        // Gather into a column block; its backward is scatter-add from that block.
        const auto gatherLoss = [&] {
            std::vector<double> out(index.size() * outCols, 0.0);
            gatherRows<double>(h, cols, index, out, outCols, offset);
            return dot(out, c);
        };
        std::vector<double> dh(nodes * cols, 0.0);
        scatterAddRows<double>(c, outCols, offset, index, dh, cols);
        QVERIFY(gradientError(h, dh, gatherLoss) < kTolerance);
        // Scatter-add (the message sums); its backward is a gather.
        std::vector<double> messages = randomVector(index.size() * cols, 15);
        const std::vector<double> cn = randomVector(nodes * cols, 16);
        const auto scatterLoss = [&] {
            std::vector<double> sums(nodes * cols, 0.0);
            scatterAddRows<double>(messages, cols, 0, index, sums, cols);
            return dot(sums, cn);
        };
        std::vector<double> dMessages(index.size() * cols);
        gatherRows<double>(cn, cols, index, dMessages, cols, 0);
        QVERIFY(gradientError(messages, dMessages, scatterLoss) < kTolerance);
        // Concat by columns and its backward, overwriting and accumulating.
        std::vector<double> x = randomVector(index.size() * cols, 17);
        const auto concatLoss = [&] {
            std::vector<double> out(index.size() * outCols, 0.0);
            copyColumns<double>(x, index.size(), cols, out, outCols, offset);
            return dot(out, c);
        };
        std::vector<double> dx(index.size() * cols, 1.0);
        columnsBackward<double>(c, index.size(), outCols, offset, cols, dx, false);
        QVERIFY(gradientError(x, dx, concatLoss) < kTolerance);
        std::vector<double> twice = dx;
        columnsBackward<double>(c, index.size(), outCols, offset, cols, twice, true);
        for (std::size_t i = 0; i < dx.size(); ++i)
            QCOMPARE(twice[i], 2 * dx[i]);
    }

    void binaryCrossEntropy() {
        std::vector<double> z = randomVector(9, 18, 4);
        z.push_back(60); // far in the tails: finite, no log(0)
        z.push_back(-60);
        const std::vector<std::uint8_t> labels{1, 0, 0, 1, 1, 0, 1, 0, 1, 0, 1};
        const double w = 2.5;
        std::vector<double> dz(z.size());
        const double loss = bceWithLogits<double>(z, labels, w, dz);
        double expected = 0;
        for (std::size_t i = 0; i + 2 < z.size(); ++i) {
            const double p = 1 / (1 + std::exp(-z[i]));
            expected += labels[i] ? -w * std::log(p) : -std::log(1 - p);
        }
        // The tails: z = 60 with label 0 costs softplus(60) = 60, z = -60 with label 1 costs w · 60.
        expected += 60 + w * 60;
        QVERIFY(std::isfinite(loss));
        QVERIFY(std::abs(loss - expected / static_cast<double>(z.size())) < 1e-9);
        QVERIFY(gradientError(z, dz, [&] { return bceWithLogits<double>(z, labels, w, {}); }) < kTolerance);
    }

    void wholeModelGradient() {
        ModelConfig config;
        config.hidden = 5;
        config.iterations = 2;
        const InteractionNetwork<double> model(config);
        const TinyGraph graph;
        std::vector<double> parameters(model.parameterCount());
        model.initialize(parameters, 21);
        // Non-trivial LayerNorm gains and biases, so that their gradients are tested too.
        const std::vector<double> jitter = randomVector(parameters.size(), 22, 0.2);
        for (std::size_t i = 0; i < parameters.size(); ++i)
            parameters[i] += jitter[i];
        std::vector<double> gradient(parameters.size(), 0.0);
        const double loss = model.lossAndGradient(graph.view(), parameters, 2.0, gradient);
        QVERIFY(std::isfinite(loss) && loss > 0);
        const auto lossOf = [&] {
            std::vector<double> logits;
            model.forward(graph.view(), parameters, logits);
            return bceWithLogits<double>(logits, graph.labels, 2.0, {});
        };
        QVERIFY(std::abs(lossOf() - loss) < 1e-12);
        const double error = gradientError(parameters, gradient, lossOf);
        qInfo("whole model: %zu parameters, worst relative gradient error %.2e", parameters.size(), error);
        QVERIFY(error < 1e-6);
        // Every tensor of the layout takes part.
        for (const ParameterSlice& slice : model.parameterLayout()) {
            double norm = 0;
            for (std::size_t i = 0; i < slice.size; ++i)
                norm += std::abs(gradient[slice.offset + i]);
            QVERIFY2(norm > 0, slice.name.c_str());
        }
    }

    void adamMatchesHandComputedSteps() {
        AdamConfig config;
        config.learningRate = 0.1f;
        Adam adam(2, config);
        std::vector<float> p{1.0f, -2.0f};
        const std::vector<float> g1{0.5f, -0.1f}, g2{-1.0f, 0.0f};
        adam.step(p, g1);
        // Bias-corrected: the first step moves each parameter by lr · sign(g).
        QVERIFY(std::abs(p[0] - 0.9f) < 1e-6f);
        QVERIFY(std::abs(p[1] - -1.9f) < 1e-6f);
        adam.step(p, g2);
        // m = 0.9·m + 0.1·g, v = 0.999·v + 0.001·g², p -= 0.1 · (m / 0.19) / (sqrt(v / 0.001999) + 1e-8).
        QVERIFY(std::abs(p[0] - 0.93661035f) < 1e-5f);
        QVERIFY(std::abs(p[1] - -1.83299419f) < 1e-5f);
        QCOMPARE(adam.steps(), std::int64_t{2});
    }

    void graphLabelsFollowTheTruth() {
        const Dataset& data = smallDataset();
        QVERIFY(!data.windows.pairs.empty());
        const SimulatedEvent& event = data.validationEvents.front();
        const HitGraph& graph = data.validation.front();
        const HitTruth truth = hitTruth(event);
        // Nodes: exactly the hits of particles above 1 GeV.
        std::size_t expectedNodes = 0;
        for (std::size_t row = 0; row < event.truth.size(); ++row)
            expectedNodes += truth.particle[row] != 0 && truth.ptGeV[row] >= 1.0f;
        QCOMPARE(graph.nodes, expectedNodes);
        QVERIFY(graph.edges() > 100);
        // Independently of the steps: an edge is true when both hits are the same particle's, the
        // outer farther from its vertex, on another layer, and no hit of the particle on a third
        // layer lies between them.
        const auto distance = [&](std::size_t row) -> double {
            for (std::size_t p = 0; p < event.particles.size(); ++p)
                if (event.particles.particleId[p] == event.truth.particleId[row])
                    return std::hypot(event.truth.tx[row] - event.particles.vx[p],
                                      event.truth.ty[row] - event.particles.vy[p],
                                      event.truth.tz[row] - event.particles.vz[p]);
            return -1.0;
        };
        const auto layer = [&](std::size_t row) {
            return std::pair{event.hits.volumeId[row], event.hits.layerId[row]};
        };
        std::size_t checked = 0, trueEdges = 0;
        for (std::size_t e = 0; e < graph.edges(); e += 7) {
            const std::size_t a = graph.hitRow[static_cast<std::size_t>(graph.source[e])];
            const std::size_t b = graph.hitRow[static_cast<std::size_t>(graph.target[e])];
            bool expected = event.truth.particleId[a] == event.truth.particleId[b] && layer(a) != layer(b) &&
                            distance(a) < distance(b);
            for (std::size_t c = 0; expected && c < event.truth.size(); ++c)
                if (event.truth.particleId[c] == event.truth.particleId[a] && layer(c) != layer(a) &&
                    layer(c) != layer(b) && distance(c) > distance(a) && distance(c) < distance(b))
                    expected = false;
            QCOMPARE(graph.labels[e] == 1, expected);
            ++checked;
            trueEdges += expected;
        }
        QVERIFY(checked > 10 && trueEdges > 0);
        QVERIFY2(graph.efficiency() > 0.85, std::to_string(graph.efficiency()).c_str());
        QVERIFY(graph.purity() > 0.2 && graph.purity() < 1);
        // The full graph keeps every hit.
        GraphWindows full = data.windows;
        full.config.filterByTruth = false;
        const Result<HitGraph> all = buildGraph(event.hits, truth, full, smallEvents().detector());
        QVERIFY(all.ok());
        QCOMPARE(all->nodes, event.hits.size());
        QVERIFY(all->edges() > graph.edges());
        // ... and finds the same segments of the particles above 1 GeV (same pairs, same windows).
        QCOMPARE(all->trueSegmentsAboveMinPt, graph.trueSegments);
        QCOMPARE(all->trueEdgesAboveMinPt, graph.trueEdges());
        QVERIFY(all->efficiency() < all->efficiencyAboveMinPt());
    }

    void connectedComponentsMakeTracks() {
        tracking::Hits hits;
        hits.hitId = {10, 11, 12, 13, 14, 15, 16};
        HitGraph graph;
        graph.nodes = 6;
        graph.hitRow = {0, 1, 2, 4, 5, 6}; // hit 13 (row 3) is not in the graph
        graph.source = {0, 1, 3, 2, 4};
        graph.target = {1, 2, 4, 5, 5};
        const std::vector<float> logits{3, 2, 1, -2, -0.5f}; // cut 0.5: the first three edges
        const tracking::Submission tracks = buildTracks(hits, graph, logits, 0.5f);
        QCOMPARE(tracks.hitId, hits.hitId);
        const auto& t = tracks.trackId;
        QVERIFY(t[0] != 0 && t[0] == t[1] && t[1] == t[2]); // nodes 0-1-2
        QVERIFY(t[4] != 0 && t[4] == t[5] && t[4] != t[0]); // nodes 3-4
        QCOMPARE(t[3], tracking::kUnassignedTrack);         // not in the graph
        QCOMPARE(t[6], tracking::kUnassignedTrack);         // node 5 alone
    }

    void trainingLowersTheLossAndReachesItsTarget() {
        const Dataset& data = smallDataset();
        const InteractionNetwork<float> model(smallModel());
        std::vector<float> parameters(model.parameterCount());
        model.initialize(parameters, 3);
        TrainingConfig config = smallTraining(40);
        config.targetF1 = 0.9;
        const TrainingResult result =
            trainModel(model, parameters, data.train, data.validation, config, singleProcess());
        QVERIFY(!result.epochs.empty());
        const EpochReport& first = result.epochs.front();
        const EpochReport& last = result.epochs.back();
        qInfo("%zu epochs: loss %.4f -> %.4f, validation F1 %.4f -> %.4f (efficiency %.4f, purity %.4f)",
              result.epochs.size(), first.trainLoss, last.trainLoss, first.validation.f1(),
              last.validation.f1(), last.validation.efficiency(), last.validation.purity());
        QVERIFY(last.trainLoss < 0.5 * first.trainLoss);
        QVERIFY(last.validationLoss < first.validationLoss);
        QVERIFY(result.reachedTarget);
        QVERIFY(last.validation.f1() >= 0.9);
        QVERIFY(last.trainEdges > 0 && last.edgesPerSecond() > 0);
    }

    void trainingIsDeterministic() {
        const Dataset& data = smallDataset();
        const InteractionNetwork<float> model(smallModel());
        const auto train = [&](unsigned threads, Communicator& communicator) {
            std::vector<float> parameters(model.parameterCount());
            model.initialize(parameters, 3);
            TrainingConfig config = smallTraining(2);
            config.threads = threads;
            trainModel(model, parameters, data.train, data.validation, config, communicator);
            return parameters;
        };
        Communicator& local = singleProcess();
        const std::vector<float> one = train(1, local), again = train(1, local), two = train(2, local);
        QVERIFY(one == again);
        QVERIFY(one == two); // per-graph gradients summed in graph order
        // Two ranks, one graph each per step, take the same steps as one rank with the same batch.
        ThreadRanks ranks(2);
        std::vector<float> rank0, rank1;
        std::thread other([&] {
            ThreadRanks::Rank r(ranks, 1);
            rank1 = train(1, r);
        });
        {
            ThreadRanks::Rank r(ranks, 0);
            rank0 = train(1, r);
        }
        other.join();
        QVERIFY(rank0 == rank1);
        double worst = 0;
        for (std::size_t i = 0; i < one.size(); ++i)
            worst = std::max(worst, static_cast<double>(std::abs(rank0[i] - one[i])));
        QVERIFY2(worst < 1e-5, std::to_string(worst).c_str());
        // A different seed trains differently.
        std::vector<float> otherSeed(model.parameterCount());
        model.initialize(otherSeed, 4);
        std::vector<float> initial(model.parameterCount());
        model.initialize(initial, 3);
        QVERIFY(otherSeed != initial);
    }

    void trainWorkloadWritesACompliantMlperfLog() {
        const Workload* workload = findWorkload("train");
        QVERIFY(workload != nullptr);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::filesystem::path runDir = std::filesystem::path(dir.path().toStdString()) / "run";
        const WorkloadArguments arguments{
            {"train-events", "4"}, {"val-events", "2"},        {"epochs", "40"}, {"vertices", "10"},
            {"hidden", "16"},      {"iterations", "2"},        {"seed", "7"},    {"threads", "2"},
            {"batch", "2"},        {"learning-rate-e5", "200"}};
        CountingProgress progress;
        const Result<RunOutcome> outcome =
            executeWorkload(*workload, runDir, progress, {"sciperf-run", "train"}, arguments);
        QVERIFY(outcome.ok());
        QCOMPARE(QString::fromStdString(outcome->status + " " + outcome->message),
                 QStringLiteral("completed "));
        const std::string runJson = readFile(runDir / "run.json");
        for (const char* member :
             {"\"edge_efficiency\"", "\"edge_purity\"", "\"trackml_score\"", "\"train_edges_per_second\"",
              "\"seconds_per_epoch\"", "\"reached_target\": true"})
            QVERIFY2(runJson.find(member) != std::string::npos, member);

        const mlperf::ParsedLog parsed =
            mlperf::parseLogFile((runDir / "mllog.txt").string(), mlperf::Benchmark::Unknown);
        const mlperf::RunSummary& run = parsed.summary;
        QCOMPARE(run.benchmark, mlperf::Benchmark::SciperfGnn); // from submission_benchmark
        QCOMPARE(run.badLines, std::size_t{0});
        QCOMPARE(run.otherLines, std::size_t{0});
        QVERIFY(run.diagnostics.empty());
        QCOMPARE(QString::fromStdString(run.runStopStatus), QStringLiteral("success"));
        QVERIFY(run.converged && run.targetMet);
        QVERIFY(run.stagingInsideRun);
        QVERIFY(!run.evals.empty() && run.evals.back().epoch == static_cast<double>(run.evals.size()));
        QCOMPARE(run.seed, std::string("7"));
        QCOMPARE(run.nodes.value_or(-1), std::int64_t{1});
        QCOMPARE(run.acceleratorsPerNode.value_or(-1), std::int64_t{0});
        QCOMPARE(run.globalBatchSize.value_or(-1), std::int64_t{2});
        QVERIFY(run.timeToTrainMinutes > 0);
        QVERIFY(run.epochSeconds > 0 && run.evalSeconds > 0);
        for (const char* ruleset : {"1.0.0", "2.0.0", "3.0.0"})
            for (const char* division : {"open", "closed"})
                for (const mlperf::Finding& finding :
                     mlperf::checkRun(run, ruleset, mlperf::Scaling::Strong, division))
                    QVERIFY2(finding.severity != mlperf::Severity::Error,
                             (std::string(ruleset) + " " + division + ": " + finding.check + ": " +
                              finding.message)
                                 .c_str());
        // Scored by the MLPerf HPC rules: five such runs (the required count) make a valid strong
        // score, the olympic mean of their times to train, and a weak one of five 1-node instances.
        const std::vector<mlperf::RunSummary> five(5, run);
        const mlperf::BenchmarkRules& rules = mlperf::rulesFor(mlperf::Benchmark::SciperfGnn);
        const mlperf::Score strong = mlperf::scoreStrong(five, rules, 1.0);
        QVERIFY2(strong.valid, strong.invalidReason.c_str());
        QVERIFY(std::abs(strong.scoreMinutes - run.timeToTrainMinutes) < 1e-9);
        const mlperf::Score weak = mlperf::scoreWeak(five, rules, 1.0);
        QVERIFY2(weak.valid, weak.invalidReason.c_str());
        QCOMPARE(weak.models, 5);
        QCOMPARE(weak.instanceScale, std::int64_t{1});
        // Every line is mllog's shape.
        std::istringstream lines(readFile(runDir / "mllog.txt"));
        for (std::string line; std::getline(lines, line);) {
            QVERIFY(line.starts_with(":::MLLOG {\"namespace\": \"\", \"time_ms\": "));
            QVERIFY(line.find("\"metadata\": {\"file\": \"gnn_workload.cpp\", \"lineno\": ") !=
                    std::string::npos);
        }
    }

    void trainWorkloadRefusesBadArguments() {
        const Workload* workload = findWorkload("train");
        QVERIFY(workload != nullptr);
        for (const WorkloadArguments& bad :
             {WorkloadArguments{{"epochs", "0"}}, WorkloadArguments{{"hidden", "wide"}},
              WorkloadArguments{{"batch", "-1"}}, WorkloadArguments{{"full-graph", "2"}},
              WorkloadArguments{{"learning-rate", "3"}}}) {
            QVERIFY(!checkArguments(*workload, bad).ok());
            QTemporaryDir dir;
            CountingProgress progress;
            QVERIFY(!executeWorkload(*workload, dir.path().toStdString() + "/run", progress, {}, bad).ok());
        }
        QVERIFY(checkArguments(*workload, {{"epochs", "3"}, {"full-graph", "1"}}).ok());
    }

    void trainingOnTheGpuWithoutOneFailsWithTheReason() {
        const CudaDescription cuda = describeCudaDevices();
        if (!cuda.devices.empty())
            QSKIP("this machine has a CUDA device: tst_gnn_gpu compares the GPU's passes with the CPU's");
        const Workload* workload = findWorkload("train");
        QTemporaryDir dir;
        const std::filesystem::path runDir = std::filesystem::path(dir.path().toStdString()) / "run";
        CountingProgress progress;
        const Result<RunOutcome> outcome =
            executeWorkload(*workload, runDir, progress, {"sciperf-run", "train"},
                            {{"gpu", "1"}, {"vertices", "10"}, {"epochs", "1"}});
        QVERIFY(outcome.ok());
        QCOMPARE(QString::fromStdString(outcome->status), QStringLiteral("failed"));
        QVERIFY2(outcome->message.starts_with("--gpu 1: no CUDA device"), outcome->message.c_str());
        // Refused before the run: no MLPerf log of a run that never started.
        QVERIFY(!std::filesystem::exists(runDir / "mllog.txt"));
    }
};

QTEST_GUILESS_MAIN(TestGnn)
#include "tst_gnn.moc"
