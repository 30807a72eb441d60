#include "sciperf/engine/cpu_kernels.h"

#include "all_threads.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <string>
#include <thread>

namespace sciperf {
namespace {

// The loops are cloned per instruction set, so that the same binary runs them with AVX-512 or
// AVX2 where the CPU has it, as an optimised application would.
#define SCIPERF_VECTOR_CLONES __attribute__((target_clones("avx512f", "arch=haswell", "default")))

SCIPERF_VECTOR_CLONES void triad(double* a, const double* b, const double* c, double scalar,
                                 IndexRange range) {
    for (std::size_t i = range.begin; i < range.end; ++i)
        a[i] = b[i] + scalar * c[i];
}

SCIPERF_VECTOR_CLONES double dot(const double* a, const double* b, IndexRange range) {
    double sum = 0;
    for (std::size_t i = range.begin; i < range.end; ++i)
        sum += a[i] * b[i];
    return sum;
}

SCIPERF_VECTOR_CLONES void saxpy(float* y, const float* x, float scalar, IndexRange range) {
    for (std::size_t i = range.begin; i < range.end; ++i)
        y[i] = scalar * x[i] + y[i];
}

// Jacobi sweep of the 7-point Laplacian stencil over the planes z in `planes` of an n^3 grid
// (interior only): 8 FLOP per point (5 + 1 adds of the neighbours, 2 multiplies).
SCIPERF_VECTOR_CLONES void stencil7(double* out, const double* in, std::size_t n, IndexRange planes) {
    const std::size_t plane = n * n;
    for (std::size_t z = std::max<std::size_t>(planes.begin, 1); z < std::min(planes.end, n - 1); ++z)
        for (std::size_t y = 1; y < n - 1; ++y) {
            const std::size_t row = z * plane + y * n;
            for (std::size_t x = 1; x < n - 1; ++x) {
                const std::size_t i = row + x;
                const double neighbours =
                    in[i - 1] + in[i + 1] + in[i - n] + in[i + n] + in[i - plane] + in[i + plane];
                out[i] = 0.5 * in[i] + (1.0 / 12) * neighbours;
            }
        }
}

// C += A B for the rows of C in `rows`, i-k-j order: the inner loop streams a row of B and of C.
SCIPERF_VECTOR_CLONES void dgemm(double* c, const double* a, const double* b, std::size_t n,
                                 IndexRange rows) {
    for (std::size_t i = rows.begin; i < rows.end; ++i)
        for (std::size_t k = 0; k < n; ++k) {
            const double aik = a[i * n + k];
            double* cRow = c + i * n;
            const double* bRow = b + k * n;
            for (std::size_t j = 0; j < n; ++j)
                cRow[j] += aik * bRow[j];
        }
}

#undef SCIPERF_VECTOR_CLONES

template <class Real> std::unique_ptr<Real[]> filled(std::size_t count, Real first, Real step) {
    std::unique_ptr<Real[]> values(new Real[count]);
    for (std::size_t i = 0; i < count; ++i)
        values[i] = first + step * static_cast<Real>(i % 1024);
    return values;
}

bool close(double actual, double expected) {
    return std::abs(actual - expected) <= 1e-9 * std::max(1.0, std::abs(expected));
}

constexpr char kByteModel[] =
    "counted by cpu-kernels: L1 = the source's loads and stores, DRAM = compulsory traffic";

// One kernel of the workload: its point's identity and per-launch counts, the launch itself
// (one thread's share) and a check of what the last launch computed.
struct CpuKernel {
    std::string name;
    std::string precision;
    double flopsPerLaunch;
    double l1BytesPerLaunch;
    double dramBytesPerLaunch;
    std::function<void(unsigned thread, unsigned threads)> launch;
    std::function<bool()> verify;
};

struct Problem {
    std::vector<CpuKernel> kernels;
    // The arrays the kernels work on, freed with the problem.
    std::vector<std::shared_ptr<void>> storage;
};

std::size_t scaled(double size, double scale) {
    return std::max<std::size_t>(64, static_cast<std::size_t>(size * scale));
}

template <class Real> Real* keep(Problem& problem, std::unique_ptr<Real[]> values) {
    Real* raw = values.get();
    problem.storage.emplace_back(std::shared_ptr<Real[]>(std::move(values)));
    return raw;
}

void addTriads(Problem& problem, double scale, unsigned threads) {
    // Far beyond the caches (3 x 64 MiB at scale 1), and resident in each core's L2 (3 x 128 KiB
    // per thread), swept 100 times per launch.
    for (const bool cacheResident : {false, true}) {
        const std::size_t n = cacheResident ? scaled(16384.0 * threads, std::min(1.0, scale * 4))
                                            : scaled(8.0 * 1024 * 1024, scale);
        const int sweeps = cacheResident ? 100 : 1;
        double* a = keep(problem, filled<double>(n, 0.0, 0.0));
        const double* b = keep(problem, filled<double>(n, 1.0, 0.5));
        const double* c = keep(problem, filled<double>(n, 2.0, 0.25));
        const double bytes = 24.0 * static_cast<double>(n);
        problem.kernels.push_back({cacheResident ? "triad (L2-resident)" : "triad (DRAM)", "FP64",
                                   2.0 * static_cast<double>(n) * sweeps, bytes * sweeps, bytes,
                                   [=](unsigned thread, unsigned count) {
                                       for (int sweep = 0; sweep < sweeps; ++sweep)
                                           triad(a, b, c, 3.0, shareOf(n, thread, count));
                                   },
                                   [=] {
                                       return close(a[n / 2], b[n / 2] + 3.0 * c[n / 2]) &&
                                              close(a[n - 1], b[n - 1] + 3.0 * c[n - 1]);
                                   }});
    }
}

void addDot(Problem& problem, double scale, unsigned threads) {
    const std::size_t n = scaled(8.0 * 1024 * 1024, scale);
    const double* a = keep(problem, filled<double>(n, 1.0, 0.5));
    const double* b = keep(problem, filled<double>(n, 0.5, 0.125));
    auto partial = std::make_shared<std::vector<double>>(threads, 0.0);
    problem.storage.push_back(partial);
    problem.kernels.push_back(
        {"dot (DRAM)", "FP64", 2.0 * static_cast<double>(n), 16.0 * static_cast<double>(n),
         16.0 * static_cast<double>(n),
         [=](unsigned thread, unsigned count) { (*partial)[thread] = dot(a, b, shareOf(n, thread, count)); },
         [=] {
             double expected = 0, sum = 0;
             for (std::size_t i = 0; i < n; ++i)
                 expected += a[i] * b[i];
             for (const double value : *partial)
                 sum += value;
             return std::abs(sum - expected) <= 1e-9 * std::abs(expected);
         }});
}

void addSaxpy(Problem& problem, double scale) {
    const std::size_t n = scaled(16.0 * 1024 * 1024, scale);
    float* y = keep(problem, filled<float>(n, 0.0f, 0.0f));
    const float* x = keep(problem, filled<float>(n, 1.0f, 0.5f));
    problem.kernels.push_back(
        {"saxpy (DRAM)", "FP32", 2.0 * static_cast<double>(n), 12.0 * static_cast<double>(n),
         12.0 * static_cast<double>(n),
         [=](unsigned thread, unsigned count) { saxpy(y, x, 0.5f, shareOf(n, thread, count)); },
         // y grows by x/2 per launch from 0: a whole number of halves of x.
         [=] {
             const double launches = y[n - 1] / (0.5 * x[n - 1]);
             return launches >= 1 && std::abs(launches - std::round(launches)) < 1e-3;
         }});
}

void addStencil(Problem& problem, double scale) {
    const std::size_t n =
        std::max<std::size_t>(8, static_cast<std::size_t>(std::lround(192 * std::cbrt(scale))));
    const double* in = keep(problem, filled<double>(n * n * n, 1.0, 0.001));
    double* out = keep(problem, filled<double>(n * n * n, 0.0, 0.0));
    const double points = std::pow(static_cast<double>(n - 2), 3);
    problem.kernels.push_back(
        {"stencil 7-point 3D (DRAM)", "FP64", 8.0 * points, 64.0 * points, 16.0 * points,
         [=](unsigned thread, unsigned count) { stencil7(out, in, n, shareOf(n, thread, count)); },
         [=] {
             const std::size_t i = (n / 2) * n * n + (n / 2) * n + n / 2;
             const std::size_t plane = n * n;
             const double neighbours =
                 in[i - 1] + in[i + 1] + in[i - n] + in[i + n] + in[i - plane] + in[i + plane];
             return close(out[i], 0.5 * in[i] + (1.0 / 12) * neighbours);
         }});
}

void addDgemm(Problem& problem, double scale) {
    const std::size_t n =
        std::max<std::size_t>(16, static_cast<std::size_t>(std::lround(384 * std::cbrt(scale))));
    const double* a = keep(problem, filled<double>(n * n, 0.5, 0.001));
    const double* b = keep(problem, filled<double>(n * n, 0.25, 0.002));
    double* c = keep(problem, filled<double>(n * n, 0.0, 0.0));
    const double cube = std::pow(static_cast<double>(n), 3);
    const double square = static_cast<double>(n * n);
    problem.kernels.push_back(
        {"dgemm i-k-j (blocked rows)", "FP64", 2.0 * cube, 24.0 * cube + 8.0 * square, 32.0 * square,
         [=](unsigned thread, unsigned count) { dgemm(c, a, b, n, shareOf(n, thread, count)); },
         // C accumulates A B once per launch: C[0][0] is a whole multiple of (A B)[0][0].
         [=] {
             double product = 0;
             for (std::size_t k = 0; k < n; ++k)
                 product += a[k] * b[k * n];
             const double launches = c[0] / product;
             return launches >= 1 && std::abs(launches - std::round(launches)) < 1e-6;
         }});
}

// The record of one launch: its own counts, timed on the steady clock.
roofline::KernelRecord launchRecord(const CpuKernel& kernel, unsigned threads,
                                    std::chrono::steady_clock::time_point begun, double seconds) {
    roofline::KernelRecord record;
    record.name = kernel.name;
    record.row = "CPU (" + std::to_string(threads) + (threads == 1 ? " thread)" : " threads)");
    record.startNs = std::chrono::duration_cast<std::chrono::nanoseconds>(begun.time_since_epoch()).count();
    record.endNs = record.startNs + std::llround(seconds * 1e9);
    record.flops = {{kernel.precision, kernel.flopsPerLaunch}};
    record.bytes = {{"L1", kernel.l1BytesPerLaunch}, {"DRAM", kernel.dramBytesPerLaunch}};
    record.provenance = roofline::Provenance::CountedByWorkload;
    record.origin = kByteModel;
    return record;
}

} // namespace

CpuKernelsResult runCpuKernels(const CpuKernelsOptions& options, ProgressReporter& progress) {
    CpuKernelsResult result;
    const unsigned threads =
        options.threads > 0 ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    progress.progress(0, "preparing the kernels' arrays");
    Problem problem;
    addTriads(problem, options.sizeScale, threads);
    addDot(problem, options.sizeScale, threads);
    addSaxpy(problem, options.sizeScale);
    addStencil(problem, options.sizeScale);
    addDgemm(problem, options.sizeScale);

    const double total = static_cast<double>(problem.kernels.size());
    for (std::size_t index = 0; index < problem.kernels.size(); ++index) {
        const CpuKernel& kernel = problem.kernels[index];
        roofline::KernelPoint point;
        point.name = kernel.name;
        point.precision = kernel.precision;
        point.launches = options.launches;
        point.provenance = roofline::Provenance::CountedByWorkload;
        point.origin = kByteModel;
        for (int launch = 0; launch < options.launches; ++launch) {
            if (progress.cancelRequested()) {
                result.cancelled = true;
                return result;
            }
            progress.progress((static_cast<double>(index) + static_cast<double>(launch) / options.launches) /
                                  total,
                              kernel.name);
            std::chrono::steady_clock::time_point begun;
            const double seconds = timeOnAllThreads(
                threads, [&](unsigned thread) { kernel.launch(thread, threads); }, &begun);
            point.seconds += seconds;
            result.launches.push_back(launchRecord(kernel, threads, begun, seconds));
        }
        const double launches = static_cast<double>(options.launches);
        point.flops = kernel.flopsPerLaunch * launches;
        point.bytes = {{"L1", kernel.l1BytesPerLaunch * launches},
                       {"DRAM", kernel.dramBytesPerLaunch * launches}};
        if (result.verificationError.empty() && !kernel.verify())
            result.verificationError = kernel.name + " computed a wrong result";
        result.kernels.push_back(std::move(point));
    }
    progress.progress(1, "kernels measured");
    return result;
}

} // namespace sciperf
