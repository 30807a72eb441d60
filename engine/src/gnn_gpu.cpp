// The CUDA twin of the GNN (gnn_gpu.h): a device backend of the layer operations (GpuLayerOps) for
// the model's one sequence of layers (gnn_model_sequence.h). Matrix products are cuBLAS SGEMMs in
// full FP32 (no TF32), with the row-major buffers read as their column-major transposes; the rest
// are own kernels (gnn_gpu_kernels.cu). Host C++20; compiled only where nvcc is found.
#include "sciperf/engine/gnn_gpu.h"

#include "gnn_gpu_kernels.h"
#include "gnn_model_sequence.h"

#include <algorithm>
#include <cublas_v2.h>
#include <cuda_runtime.h>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

namespace sciperf::gnn::gpu {
namespace {

// A failed CUDA or cuBLAS call inside an entry point: thrown there, returned by the entry point
// as its Result's error (so that every call below can stay one line).
struct Failure {
    std::string message;
};

void check(cudaError_t status, const char* call) {
    if (status != cudaSuccess)
        throw Failure{std::string(call) + " failed: " + cudaGetErrorString(status)};
}

void check(cublasStatus_t status, const char* call) {
    if (status != CUBLAS_STATUS_SUCCESS)
        throw Failure{std::string(call) + " failed: " + cublasGetStatusString(status)};
}

#define SCIPERF_GPU_CHECK(call) check((call), #call)

// A view of device memory, as std::span is of host memory.
template <class E> struct DeviceSpan {
    E* data = nullptr;
    std::size_t size = 0;

    DeviceSpan() = default;
    DeviceSpan(E* d, std::size_t n)
        : data(d)
        , size(n) {}
    template <class U>
    requires std::is_same_v<const U, E> DeviceSpan(DeviceSpan<U> other)
        : data(other.data)
        , size(other.size) {}
    bool empty() const { return size == 0; }
};

template <class E> class DeviceBuffer {
public:
    DeviceBuffer() = default;
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;
    DeviceBuffer(DeviceBuffer&& other) noexcept
        : m_data(std::exchange(other.m_data, nullptr))
        , m_size(std::exchange(other.m_size, 0)) {}
    DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
        std::swap(m_data, other.m_data);
        std::swap(m_size, other.m_size);
        return *this;
    }
    ~DeviceBuffer() {
        if (m_data != nullptr)
            cudaFree(m_data);
    }

    // Contents unspecified after a change of size.
    void resize(std::size_t n) {
        if (n == m_size)
            return;
        if (m_data != nullptr)
            SCIPERF_GPU_CHECK(cudaFree(m_data));
        m_data = nullptr;
        m_size = 0;
        if (n > 0)
            SCIPERF_GPU_CHECK(cudaMalloc(&m_data, n * sizeof(E)));
        m_size = n;
    }
    E* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    operator DeviceSpan<E>() const { return {m_data, m_size}; }
    operator DeviceSpan<const E>() const { return {m_data, m_size}; }

private:
    E* m_data = nullptr;
    std::size_t m_size = 0;
};

template <class E> DeviceBuffer<E> upload(std::span<const E> host) {
    DeviceBuffer<E> device;
    device.resize(host.size());
    if (!host.empty())
        SCIPERF_GPU_CHECK(cudaMemcpy(device.data(), host.data(), host.size_bytes(), cudaMemcpyHostToDevice));
    return device;
}

template <class E> void download(DeviceSpan<const E> device, std::span<E> host) {
    const std::size_t n = std::min(device.size, host.size());
    if (n > 0)
        SCIPERF_GPU_CHECK(cudaMemcpy(host.data(), device.data, n * sizeof(E), cudaMemcpyDeviceToHost));
}

// cuBLAS sizes are int; the GNN's matrices are far below 2³¹ elements a side.
int asInt(std::size_t n) {
    return static_cast<int>(n);
}

// The backend of gnn_model_sequence.h on the GPU, float only.
class GpuLayerOps {
public:
    using Value = float;
    using Buffer = DeviceBuffer<float>;
    using View = DeviceSpan<float>;
    using ConstView = DeviceSpan<const float>;
    using Index = DeviceSpan<const std::int32_t>;
    using Labels = DeviceSpan<const std::uint8_t>;
    struct Graph {
        std::size_t nodes = 0, edges = 0;
        ConstView nodeFeatures, edgeFeatures;
        Index source, target;
        Labels labels;
    };

    GpuLayerOps(cublasHandle_t blas, ConstView parameters, View gradients)
        : m_blas(blas)
        , m_parameters(parameters)
        , m_gradients(gradients) {}

    ConstView param(std::size_t offset, std::size_t size) const { return {m_parameters.data + offset, size}; }
    View grad(std::size_t offset, std::size_t size) const { return {m_gradients.data + offset, size}; }
    void resize(Buffer& b, std::size_t n) const { b.resize(n); }
    void zeros(Buffer& b, std::size_t n) const {
        b.resize(n);
        if (n > 0)
            SCIPERF_GPU_CHECK(cudaMemsetAsync(b.data(), 0, n * sizeof(float)));
    }
    void copy(Buffer& to, ConstView from) const {
        to.resize(from.size);
        if (from.size > 0)
            SCIPERF_GPU_CHECK(
                cudaMemcpyAsync(to.data(), from.data, from.size * sizeof(float), cudaMemcpyDeviceToDevice));
    }
    void add(View y, ConstView x) const { SCIPERF_GPU_CHECK(kernels::add(x.data, y.size, y.data)); }

    // Row-major y (rows × out) is column-major yᵀ (out × rows): yᵀ = Wᵀ·xᵀ + bias, W read as
    // column-major Wᵀ (out × in) and x as xᵀ (in × rows), so no transposes are stored.
    void linearForward(ConstView x, std::size_t rows, std::size_t in, ConstView weight, ConstView bias,
                       std::size_t out, View y) const {
        if (rows == 0 || out == 0)
            return;
        SCIPERF_GPU_CHECK(kernels::broadcastRows(bias.data, rows, out, y.data));
        const float one = 1;
        SCIPERF_GPU_CHECK(cublasSgemm(m_blas, CUBLAS_OP_N, CUBLAS_OP_N, asInt(out), asInt(rows), asInt(in),
                                      &one, weight.data, asInt(out), x.data, asInt(in), &one, y.data,
                                      asInt(out)));
    }
    // dWᵀ (out × in) += dyᵀ·x; dbias += column sums of dy; dxᵀ (in × rows) = W·dyᵀ.
    void linearBackward(ConstView x, std::size_t rows, std::size_t in, ConstView weight, std::size_t out,
                        ConstView dy, View dWeight, View dBias, View dx) const {
        if (rows == 0)
            return;
        const float one = 1, zero = 0;
        SCIPERF_GPU_CHECK(cublasSgemm(m_blas, CUBLAS_OP_N, CUBLAS_OP_T, asInt(out), asInt(in), asInt(rows),
                                      &one, dy.data, asInt(out), x.data, asInt(in), &one, dWeight.data,
                                      asInt(out)));
        SCIPERF_GPU_CHECK(kernels::addColumnSums(dy.data, rows, out, dBias.data));
        if (!dx.empty())
            SCIPERF_GPU_CHECK(cublasSgemm(m_blas, CUBLAS_OP_T, CUBLAS_OP_N, asInt(in), asInt(rows),
                                          asInt(out), &one, weight.data, asInt(out), dy.data, asInt(out),
                                          &zero, dx.data, asInt(in)));
    }
    void reluForward(ConstView x, View y) const {
        SCIPERF_GPU_CHECK(kernels::reluForward(x.data, x.size, y.data));
    }
    void reluBackward(ConstView y, ConstView dy, View dx) const {
        SCIPERF_GPU_CHECK(kernels::reluBackward(y.data, dy.data, y.size, dx.data));
    }
    void tanhForward(ConstView x, View y) const {
        SCIPERF_GPU_CHECK(kernels::tanhForward(x.data, x.size, y.data));
    }
    void tanhBackward(ConstView y, ConstView dy, View dx) const {
        SCIPERF_GPU_CHECK(kernels::tanhBackward(y.data, dy.data, y.size, dx.data));
    }
    void layerNormForward(ConstView x, std::size_t rows, std::size_t dim, ConstView gain, ConstView bias,
                          View y, View mean, View rstd) const {
        SCIPERF_GPU_CHECK(kernels::layerNormForward(x.data, rows, dim, gain.data, bias.data,
                                                    static_cast<float>(kLayerNormEpsilon), y.data, mean.data,
                                                    rstd.data));
    }
    void layerNormBackward(ConstView x, std::size_t rows, std::size_t dim, ConstView gain, ConstView mean,
                           ConstView rstd, ConstView dy, View dGain, View dBias, View dx) const {
        Buffer dyXhat;
        dyXhat.resize(rows * dim);
        SCIPERF_GPU_CHECK(kernels::layerNormBackward(x.data, rows, dim, gain.data, mean.data, rstd.data,
                                                     dy.data, dx.data, dyXhat.data()));
        SCIPERF_GPU_CHECK(kernels::addColumnSums(dyXhat.data(), rows, dim, dGain.data));
        SCIPERF_GPU_CHECK(kernels::addColumnSums(dy.data, rows, dim, dBias.data));
    }
    void gatherRows(ConstView source, std::size_t cols, Index index, View out, std::size_t outCols,
                    std::size_t offset) const {
        SCIPERF_GPU_CHECK(
            kernels::gatherRows(source.data, cols, index.data, index.size, out.data, outCols, offset));
    }
    void scatterAddRows(ConstView in, std::size_t inCols, std::size_t offset, Index index, View dSource,
                        std::size_t cols) const {
        SCIPERF_GPU_CHECK(
            kernels::scatterAddRows(in.data, inCols, offset, index.data, index.size, dSource.data, cols));
    }
    void copyColumns(ConstView x, std::size_t rows, std::size_t cols, View out, std::size_t outCols,
                     std::size_t offset) const {
        SCIPERF_GPU_CHECK(kernels::copyColumns(x.data, rows, cols, out.data, outCols, offset));
    }
    void columnsBackward(ConstView dOut, std::size_t rows, std::size_t outCols, std::size_t offset,
                         std::size_t cols, View dx, bool accumulate) const {
        SCIPERF_GPU_CHECK(
            kernels::columnsBackward(dOut.data, rows, outCols, offset, cols, dx.data, accumulate));
    }
    // The terms are summed in double on the device; the mean is returned in float as on the CPU.
    float bceWithLogits(ConstView logits, Labels labels, float positiveWeight, View dLogits) const {
        if (logits.empty())
            return 0;
        DeviceBuffer<double> sum;
        sum.resize(1);
        SCIPERF_GPU_CHECK(cudaMemsetAsync(sum.data(), 0, sizeof(double)));
        SCIPERF_GPU_CHECK(kernels::bceWithLogits(logits.data, labels.data, logits.size, positiveWeight,
                                                 dLogits.data, sum.data()));
        double total = 0;
        SCIPERF_GPU_CHECK(cudaMemcpy(&total, sum.data(), sizeof(double), cudaMemcpyDeviceToHost));
        return static_cast<float>(total / static_cast<double>(logits.size));
    }

private:
    cublasHandle_t m_blas;
    ConstView m_parameters;
    View m_gradients;
};

// The process's cuBLAS handle, made on first use where there is a device. Never destroyed: at exit
// the CUDA runtime may already be gone.
cublasHandle_t blasHandle() {
    static std::once_flag once;
    static cublasHandle_t handle = nullptr;
    static std::string failure;
    std::call_once(once, [] {
        int devices = 0;
        if (const cudaError_t status = cudaGetDeviceCount(&devices); status != cudaSuccess)
            failure = std::string("no CUDA device: ") + cudaGetErrorString(status);
        else if (devices == 0)
            failure = "no CUDA device: the driver reports none";
        else if (const cublasStatus_t created = cublasCreate(&handle); created != CUBLAS_STATUS_SUCCESS)
            failure = std::string("cublasCreate failed: ") + cublasGetStatusString(created);
        else if (const cublasStatus_t mode = cublasSetMathMode(handle, CUBLAS_PEDANTIC_MATH);
                 mode != CUBLAS_STATUS_SUCCESS)
            failure = std::string("cublasSetMathMode failed: ") + cublasGetStatusString(mode);
    });
    if (!failure.empty())
        throw Failure{failure};
    return handle;
}

// Runs `body` with the device backend (no parameters) and waits for the device; CUDA and cuBLAS
// failures become the Result's error.
template <class R, class Body> Result<R> onDevice(Body&& body) {
    try {
        GpuLayerOps ops(blasHandle(), {}, {});
        if constexpr (std::is_void_v<R>) {
            body(ops);
            SCIPERF_GPU_CHECK(cudaDeviceSynchronize());
            return {};
        } else {
            R result = body(ops);
            SCIPERF_GPU_CHECK(cudaDeviceSynchronize());
            return result;
        }
    } catch (const Failure& failure) {
        return fail(failure.message);
    }
}

// An output that the CPU twin may add into: its current values go to the device first.
DeviceBuffer<float> inout(std::span<float> host) {
    return upload(std::span<const float>(host));
}

} // namespace

Result<ModelOutput> forwardBackward(const InteractionNetwork<float>& model, const GraphView<float>& graph,
                                    std::span<const float> parameters, float positiveWeight) {
    if (parameters.size() != model.parameterCount())
        return fail("gnn gpu: " + std::to_string(parameters.size()) + " parameters given, the model has " +
                    std::to_string(model.parameterCount()));
    if (graph.labels.size() != graph.edges || graph.source.size() != graph.edges ||
        graph.target.size() != graph.edges)
        return fail("gnn gpu: the graph needs a source, a target and a label for every edge");
    return onDevice<ModelOutput>([&](GpuLayerOps& base) {
        const auto p = upload(parameters);
        DeviceBuffer<float> g;
        base.zeros(g, parameters.size());
        const auto nodeFeatures = upload(graph.nodeFeatures), edgeFeatures = upload(graph.edgeFeatures);
        const auto source = upload(graph.source), target = upload(graph.target);
        const auto labels = upload(graph.labels);
        GpuLayerOps ops(blasHandle(), p, g);
        const GpuLayerOps::Graph device{graph.nodes, graph.edges, nodeFeatures, edgeFeatures,
                                        source,      target,      labels};
        sequence::Pass<GpuLayerOps> pass;
        ModelOutput output;
        output.loss = sequence::lossAndGradient(ops, model, device, positiveWeight, pass);
        output.logits.resize(graph.edges);
        output.gradients.resize(parameters.size());
        download<float>(pass.logits, output.logits);
        download<float>(g, output.gradients);
        return output;
    });
}

Result<void> linearForward(std::span<const float> x, std::size_t rows, std::size_t in,
                           std::span<const float> weight, std::span<const float> bias, std::size_t out,
                           std::span<float> y) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dy = inout(y);
        ops.linearForward(upload(x), rows, in, upload(weight), upload(bias), out, dy);
        download<float>(dy, y);
    });
}

Result<void> linearBackward(std::span<const float> x, std::size_t rows, std::size_t in,
                            std::span<const float> weight, std::size_t out, std::span<const float> dy,
                            std::span<float> dWeight, std::span<float> dBias, std::span<float> dx) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dW = inout(dWeight), db = inout(dBias), dX = inout(dx);
        ops.linearBackward(upload(x), rows, in, upload(weight), out, upload(dy), dW, db, dX);
        download<float>(dW, dWeight);
        download<float>(db, dBias);
        download<float>(dX, dx);
    });
}

Result<void> reluForward(std::span<const float> x, std::span<float> y) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dy = inout(y);
        ops.reluForward(upload(x), dy);
        download<float>(dy, y);
    });
}

Result<void> reluBackward(std::span<const float> y, std::span<const float> dy, std::span<float> dx) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dX = inout(dx);
        ops.reluBackward(upload(y), upload(dy), dX);
        download<float>(dX, dx);
    });
}

Result<void> tanhForward(std::span<const float> x, std::span<float> y) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dy = inout(y);
        ops.tanhForward(upload(x), dy);
        download<float>(dy, y);
    });
}

Result<void> tanhBackward(std::span<const float> y, std::span<const float> dy, std::span<float> dx) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dX = inout(dx);
        ops.tanhBackward(upload(y), upload(dy), dX);
        download<float>(dX, dx);
    });
}

Result<void> layerNormForward(std::span<const float> x, std::size_t rows, std::size_t dim,
                              std::span<const float> gain, std::span<const float> bias, std::span<float> y,
                              std::span<float> mean, std::span<float> rstd) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dy = inout(y), dMean = inout(mean), dRstd = inout(rstd);
        ops.layerNormForward(upload(x), rows, dim, upload(gain), upload(bias), dy, dMean, dRstd);
        download<float>(dy, y);
        download<float>(dMean, mean);
        download<float>(dRstd, rstd);
    });
}

Result<void> layerNormBackward(std::span<const float> x, std::size_t rows, std::size_t dim,
                               std::span<const float> gain, std::span<const float> mean,
                               std::span<const float> rstd, std::span<const float> dy, std::span<float> dGain,
                               std::span<float> dBias, std::span<float> dx) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dG = inout(dGain), dB = inout(dBias), dX = inout(dx);
        ops.layerNormBackward(upload(x), rows, dim, upload(gain), upload(mean), upload(rstd), upload(dy), dG,
                              dB, dX);
        download<float>(dG, dGain);
        download<float>(dB, dBias);
        download<float>(dX, dx);
    });
}

Result<void> gatherRows(std::span<const float> source, std::size_t cols, std::span<const std::int32_t> index,
                        std::span<float> out, std::size_t outCols, std::size_t offset) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dOut = inout(out);
        ops.gatherRows(upload(source), cols, upload(index), dOut, outCols, offset);
        download<float>(dOut, out);
    });
}

Result<void> scatterAddRows(std::span<const float> in, std::size_t inCols, std::size_t offset,
                            std::span<const std::int32_t> index, std::span<float> dSource, std::size_t cols) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dS = inout(dSource);
        ops.scatterAddRows(upload(in), inCols, offset, upload(index), dS, cols);
        download<float>(dS, dSource);
    });
}

Result<void> copyColumns(std::span<const float> x, std::size_t rows, std::size_t cols, std::span<float> out,
                         std::size_t outCols, std::size_t offset) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dOut = inout(out);
        ops.copyColumns(upload(x), rows, cols, dOut, outCols, offset);
        download<float>(dOut, out);
    });
}

Result<void> columnsBackward(std::span<const float> dOut, std::size_t rows, std::size_t outCols,
                             std::size_t offset, std::size_t cols, std::span<float> dx, bool accumulate) {
    return onDevice<void>([&](GpuLayerOps& ops) {
        auto dX = inout(dx);
        ops.columnsBackward(upload(dOut), rows, outCols, offset, cols, dX, accumulate);
        download<float>(dX, dx);
    });
}

Result<float> bceWithLogits(std::span<const float> logits, std::span<const std::uint8_t> labels,
                            float positiveWeight, std::span<float> dLogits) {
    return onDevice<float>([&](GpuLayerOps& ops) {
        auto dL = inout(dLogits);
        const float loss = ops.bceWithLogits(upload(logits), upload(labels), positiveWeight, dL);
        download<float>(dL, dLogits);
        return loss;
    });
}

} // namespace sciperf::gnn::gpu
