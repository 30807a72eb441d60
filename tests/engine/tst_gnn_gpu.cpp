// The GNN edge classifier's CUDA twin (gnn_gpu.h) against the CPU (gnn_layers.h, gnn_model.h) on
// fixed inputs: every layer on its own (fixed random matrices), then the whole model's logits,
// loss and parameter gradient on a synthetic graph, within float tolerances (the sums run in
// other orders: cuBLAS, atomics). Without a device (or without CUDA) the GPU entry points must fail
// with the reason, and the test is skipped (exit code 77).
//
// No Qt Test: the GPU machine builds the headless preset, which has no Qt, and runs this test there.
#include "gpu_test_support.h"
#include "sciperf/engine/gnn_gpu.h"
#include "sciperf/engine/gnn_layers.h"
#include "sciperf/engine/gnn_model.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <span>
#include <string>
#include <vector>

using namespace sciperf;
using namespace sciperf::gnn;
using namespace gpu_test;

namespace {

// Fixed pseudo-random numbers (splitmix64), the same on every machine.
class Random {
public:
    explicit Random(std::uint64_t seed)
        : m_state(seed) {}
    double uniform() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return static_cast<double>((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
    }
    std::vector<float> floats(std::size_t n, double scale = 1) {
        std::vector<float> v(n);
        for (float& x : v)
            x = static_cast<float>((2 * uniform() - 1) * scale);
        return v;
    }
    std::vector<std::int32_t> indices(std::size_t n, std::size_t bound) {
        std::vector<std::int32_t> v(n);
        for (auto& i : v)
            i = static_cast<std::int32_t>(uniform() * static_cast<double>(bound));
        return v;
    }
    std::vector<std::uint8_t> labels(std::size_t n) {
        std::vector<std::uint8_t> v(n);
        for (auto& l : v)
            l = uniform() < 0.3 ? 1 : 0;
        return v;
    }

private:
    std::uint64_t m_state;
};

// Equal within |gpu - cpu| ≤ relative·|cpu| + absolute·max|cpu| everywhere; prints the worst ratio
// of the difference to that bound.
void compare(const std::string& what, std::span<const float> gpu, std::span<const float> cpu, double relative,
             double absolute) {
    check(gpu.size() == cpu.size(), what + ": sizes differ");
    double largest = 0;
    for (const float c : cpu)
        largest = std::max(largest, static_cast<double>(std::abs(c)));
    double worst = 0;
    std::size_t worstAt = 0;
    for (std::size_t i = 0; i < std::min(gpu.size(), cpu.size()); ++i) {
        const double bound = relative * std::abs(cpu[i]) + absolute * largest + 1e-30;
        const double ratio = std::abs(static_cast<double>(gpu[i]) - cpu[i]) / bound;
        if (!(ratio <= worst)) { // NaN counts as worst
            worst = ratio;
            worstAt = i;
        }
    }
    std::cout << what << ": " << cpu.size() << " values, worst difference " << worst << " of the tolerance";
    if (!cpu.empty())
        std::cout << " (at " << worstAt << ": CPU " << cpu[worstAt] << ", GPU " << gpu[worstAt] << ")";
    std::cout << '\n';
    check(worst <= 1, what + ": CPU and GPU differ beyond the tolerance");
}

constexpr double kRelative = 1e-4, kAbsolute = 1e-5;           // one layer
constexpr double kModelRelative = 1e-3, kModelAbsolute = 1e-4; // through every layer of the model

// The shortest of three runs of `run`, in milliseconds.
template <class Run> double bestOfThreeMs(Run&& run) {
    double best = 1e300;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        best = std::min(
            best,
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    return best;
}

void checkOk(const Result<void>& result, const std::string& what) {
    check(result.ok(), what + ": " + (result.ok() ? std::string() : result.error().message));
}

void compareLayers() {
    Random random(2026);
    const std::size_t rows = 1000, in = 48, out = 16, nodes = 200;
    const auto x = random.floats(rows * in), weight = random.floats(in * out, 0.3), bias = random.floats(out);
    {
        std::vector<float> cpu(rows * out), gpu(rows * out);
        linearForward<float>(x, rows, in, weight, bias, out, cpu);
        checkOk(gpu::linearForward(x, rows, in, weight, bias, out, gpu), "linearForward");
        compare("linearForward", gpu, cpu, kRelative, kAbsolute);
    }
    {
        const auto dy = random.floats(rows * out);
        // The parameter gradients are added into: start from non-zero values.
        std::vector<float> cpuW = random.floats(in * out), cpuB = random.floats(out), cpuX(rows * in);
        std::vector<float> gpuW = cpuW, gpuB = cpuB, gpuX(rows * in);
        linearBackward<float>(x, rows, in, weight, out, dy, cpuW, cpuB, cpuX);
        checkOk(gpu::linearBackward(x, rows, in, weight, out, dy, gpuW, gpuB, gpuX), "linearBackward");
        compare("linearBackward dWeight", gpuW, cpuW, kRelative, kAbsolute);
        compare("linearBackward dBias", gpuB, cpuB, kRelative, kAbsolute);
        compare("linearBackward dx", gpuX, cpuX, kRelative, kAbsolute);
    }
    {
        const auto a = random.floats(5000, 3), dy = random.floats(5000);
        std::vector<float> cpuY(a.size()), gpuY(a.size()), cpuDx(a.size()), gpuDx(a.size());
        reluForward<float>(a, cpuY);
        checkOk(gpu::reluForward(a, gpuY), "reluForward");
        compare("reluForward", gpuY, cpuY, 0, 0);
        reluBackward<float>(cpuY, dy, cpuDx);
        checkOk(gpu::reluBackward(cpuY, dy, gpuDx), "reluBackward");
        compare("reluBackward", gpuDx, cpuDx, 0, 0);
        tanhForward<float>(a, cpuY);
        checkOk(gpu::tanhForward(a, gpuY), "tanhForward");
        compare("tanhForward", gpuY, cpuY, kRelative, kAbsolute);
        tanhBackward<float>(cpuY, dy, cpuDx);
        checkOk(gpu::tanhBackward(cpuY, dy, gpuDx), "tanhBackward");
        compare("tanhBackward", gpuDx, cpuDx, kRelative, kAbsolute);
    }
    {
        const std::size_t dim = 16;
        const auto z = random.floats(rows * dim, 2), gain = random.floats(dim), beta = random.floats(dim);
        std::vector<float> cpuY(rows * dim), gpuY(rows * dim), cpuMean(rows), gpuMean(rows), cpuRstd(rows),
            gpuRstd(rows);
        layerNormForward<float>(z, rows, dim, gain, beta, cpuY, cpuMean, cpuRstd);
        checkOk(gpu::layerNormForward(z, rows, dim, gain, beta, gpuY, gpuMean, gpuRstd), "layerNormForward");
        compare("layerNormForward", gpuY, cpuY, kRelative, kAbsolute);
        compare("layerNormForward mean", gpuMean, cpuMean, kRelative, kAbsolute);
        compare("layerNormForward rstd", gpuRstd, cpuRstd, kRelative, kAbsolute);
        const auto dy = random.floats(rows * dim);
        std::vector<float> cpuG = random.floats(dim), cpuB = random.floats(dim), cpuDx(rows * dim);
        std::vector<float> gpuG = cpuG, gpuB = cpuB, gpuDx(rows * dim);
        layerNormBackward<float>(z, rows, dim, gain, cpuMean, cpuRstd, dy, cpuG, cpuB, cpuDx);
        checkOk(gpu::layerNormBackward(z, rows, dim, gain, cpuMean, cpuRstd, dy, gpuG, gpuB, gpuDx),
                "layerNormBackward");
        compare("layerNormBackward dGain", gpuG, cpuG, kRelative, kAbsolute);
        compare("layerNormBackward dBias", gpuB, cpuB, kRelative, kAbsolute);
        compare("layerNormBackward dx", gpuDx, cpuDx, kRelative, kAbsolute);
    }
    {
        // The concat of [h_src, h_dst, e] and its backward: a column block at an offset.
        const std::size_t cols = 16, outCols = 48, offset = 16;
        const auto index = random.indices(rows, nodes);
        const auto source = random.floats(nodes * cols);
        std::vector<float> cpu = random.floats(rows * outCols), gpu = cpu;
        gatherRows<float>(source, cols, index, cpu, outCols, offset);
        checkOk(gpu::gatherRows(source, cols, index, gpu, outCols, offset), "gatherRows");
        compare("gatherRows", gpu, cpu, 0, 0);
        std::vector<float> cpuS = random.floats(nodes * cols), gpuS = cpuS;
        scatterAddRows<float>(cpu, outCols, offset, index, cpuS, cols);
        checkOk(gpu::scatterAddRows(cpu, outCols, offset, index, gpuS, cols), "scatterAddRows");
        compare("scatterAddRows", gpuS, cpuS, kRelative, kAbsolute);
        const auto block = random.floats(rows * cols);
        copyColumns<float>(block, rows, cols, cpu, outCols, 2 * cols);
        checkOk(gpu::copyColumns(block, rows, cols, gpu, outCols, 2 * cols), "copyColumns");
        compare("copyColumns", gpu, cpu, 0, 0);
        for (const bool accumulate : {false, true}) {
            std::vector<float> cpuDx = random.floats(rows * cols), gpuDx = cpuDx;
            columnsBackward<float>(cpu, rows, outCols, offset, cols, cpuDx, accumulate);
            checkOk(gpu::columnsBackward(cpu, rows, outCols, offset, cols, gpuDx, accumulate),
                    "columnsBackward");
            compare(accumulate ? "columnsBackward (added)" : "columnsBackward", gpuDx, cpuDx, 0, 0);
        }
    }
    {
        std::vector<float> logits = random.floats(rows, 8);
        logits[0] = 60; // far in the tails
        logits[1] = -60;
        const auto labels = random.labels(rows);
        std::vector<float> cpuD(rows), gpuD(rows);
        const float cpuLoss = bceWithLogits<float>(logits, labels, 2.5f, cpuD);
        const auto gpuLoss = gpu::bceWithLogits(logits, labels, 2.5f, gpuD);
        check(gpuLoss.ok(), "bceWithLogits runs");
        if (gpuLoss.ok())
            compare("bceWithLogits loss", std::vector<float>{gpuLoss.value()}, std::vector<float>{cpuLoss},
                    kRelative, 0);
        compare("bceWithLogits dLogits", gpuD, cpuD, kRelative, kAbsolute);
    }
}

void compareModel() {
    // A synthetic graph of about the size of one of the workload's graphs' sections.
    Random random(77);
    const std::size_t nodes = 2000, edges = 8000;
    const auto nodeFeatures = random.floats(nodes * 3), edgeFeatures = random.floats(edges * 4);
    const auto source = random.indices(edges, nodes), target = random.indices(edges, nodes);
    const auto labels = random.labels(edges);
    const GraphView<float> graph{nodes, edges, nodeFeatures, edgeFeatures, source, target, labels};
    const InteractionNetwork<float> model(ModelConfig{});
    std::vector<float> parameters(model.parameterCount());
    model.initialize(parameters, 5);
    // Non-trivial LayerNorm gains and biases.
    const auto jitter = random.floats(parameters.size(), 0.2);
    for (std::size_t i = 0; i < parameters.size(); ++i)
        parameters[i] += jitter[i];
    const float positiveWeight = 2;

    std::vector<float> cpuLogits, cpuGradient(parameters.size(), 0.0f);
    model.forward(graph, parameters, cpuLogits);
    const float cpuLoss = model.lossAndGradient(graph, parameters, positiveWeight, cpuGradient);
    const auto gpu = gpu::forwardBackward(model, graph, parameters, positiveWeight);
    check(gpu.ok(), "forwardBackward: " + (gpu.ok() ? std::string() : gpu.error().message));
    if (!gpu.ok())
        return;
    compare("model logits", gpu->logits, cpuLogits, kModelRelative, kModelAbsolute);
    compare("model loss", std::vector<float>{gpu->loss}, std::vector<float>{cpuLoss}, kModelRelative, 0);
    compare("model gradient", gpu->gradients, cpuGradient, kModelRelative, kModelAbsolute);

    // The whole forward and backward pass timed on each, the best of three after the calls above
    // (scripts/device-check prints this line beside its table).
    const double cpuMs = bestOfThreeMs([&] {
        std::vector<float> g(parameters.size(), 0.0f);
        model.lossAndGradient(graph, parameters, positiveWeight, g);
    });
    const double gpuMs = bestOfThreeMs(
        [&] { check(gpu::forwardBackward(model, graph, parameters, positiveWeight).ok(), "timed"); });
    std::cout << "gnn forward+backward (" << nodes << " nodes, " << edges << " edges): CPU " << cpuMs
              << " ms, GPU " << gpuMs << " ms\n";
}

} // namespace

int main() {
    // The first call tells whether there is a device to compare with.
    std::vector<float> y(1);
    const std::vector<float> one{1.0f};
    if (const auto probe = gpu::reluForward(one, y); !probe.ok()) {
        std::cerr << probe.error().message << '\n';
        check(namesMissingDevice(probe.error().message), "the GPU failure names its reason");
        const InteractionNetwork<float> model(ModelConfig{});
        const std::vector<float> parameters(model.parameterCount());
        const auto whole = gpu::forwardBackward(model, GraphView<float>{}, parameters, 1);
        check(!whole.ok() && namesMissingDevice(whole.error().message),
              "the model's GPU pass names its reason");
        std::cout << "SKIP: no GPU to compare with\n";
        return failures ? 1 : kSkipped;
    }
    compareLayers();
    compareModel();
    std::cout << (failures ? "FAILED\n" : "PASSED\n");
    return failures ? 1 : 0;
}
