// The CUDA twin of the seeding stage (track_seeding_gpu.h): one thread per middle hit of a layer
// triplet runs the CPU's seedsFrom for that hit with the same helix functions, in double
// precision, without contracted multiply-adds (-fmad=false, as the host's ISO C++ mode), so that
// it keeps the same triplets with the same χ².
#include "cuda_support.cuh"
#include "track_seeding_gpu.h"

#include <cuda_runtime.h>
#include <string>
#include <vector>

namespace sciperf::trackreco::gpu {
namespace {

using cuda_support::DeviceArray;

struct DeviceHits {
    const int* layerBegin;
    const TrackLayer* layers;
    const float *x, *y, *z, *r, *phi;
};

// PreparedHits::forPhiRange: the hits of a layer with φ within halfWidth of phiCentre, wrapping at ±π,
// with the same float/double comparisons.
template <class Visit>
__device__ void forPhiRange(const DeviceHits& h, int layer, double phiCentre, double halfWidth,
                            Visit&& visit) {
    const int first = h.layerBegin[layer], last = h.layerBegin[layer + 1];
    if (first == last)
        return;
    if (halfWidth >= kPi) {
        for (int i = first; i < last; ++i)
            visit(i);
        return;
    }
    const auto scan = [&](double lo, double hi) {
        const float key = static_cast<float>(lo);
        int begin = first, count = last - first; // lower_bound
        while (count > 0) {
            const int step = count / 2;
            if (h.phi[begin + step] < key) {
                begin += step + 1;
                count -= step + 1;
            } else {
                count = step;
            }
        }
        for (int i = begin; i < last && h.phi[i] <= hi; ++i)
            visit(i);
    };
    const double lo = phiCentre - halfWidth, hi = phiCentre + halfWidth;
    scan(maxOf(lo, -kPi), minOf(hi, kPi));
    if (lo < -kPi)
        scan(lo + 2 * kPi, kPi);
    if (hi > kPi)
        scan(-kPi, hi - 2 * kPi);
}

__device__ Point pointOf(const DeviceHits& h, int s) {
    return {h.x[s], h.y[s], h.z[s]};
}

// One thread per middle hit: slot = first slot of its combo + middle hit offset.
__global__ void seedKernel(DeviceHits h, const SeedCombo* combos, int comboCount, const int* slotBegin,
                           double bz, double maxCurvature, int capacity, int* counts, DeviceSeed* seeds) {
    const int slot = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
    if (slot >= slotBegin[comboCount])
        return;
    int ci = 0;
    while (slotBegin[ci + 1] <= slot)
        ++ci;
    const SeedCombo& combo = combos[ci];
    const int b = combo.bBegin + (slot - slotBegin[ci]);
    const TrackLayer& layerC = h.layers[combo.lc];
    DeviceSeed* found = seeds + static_cast<long long>(slot) * capacity;
    int n = 0;
    bool overflow = false;
    const Point pb = pointOf(h, b);
    forPhiRange(h, combo.la, h.phi[b], combo.maxDeltaPhi, [&](int a) {
        if (overflow)
            return;
        const double z0 = lineZ0(h.r[a], h.z[a], h.r[b], h.z[b]);
        if (fabs(z0) > combo.maxAbsZ0 || h.r[a] >= h.r[b] + 1)
            return;
        const Point pa = pointOf(h, a);
        HelixState state;
        if (!seedState(pa, pb, z0, state) || fabs(state.k) > maxCurvature)
            return;
        const Prediction p = predictOn(state, layerC, bz);
        if (!p.valid)
            return;
        const double wRPhi = windowAt(combo.rPhiConstant, combo.rPhiPerMomentum, p.pGeV) * combo.scale;
        const double wAlong = windowAt(combo.alongConstant, combo.alongPerMomentum, p.pGeV) * combo.scale;
        constexpr double stagger = 12; // forHitsInWindow
        const double halfPhi = wRPhi / maxOf(p.r, 1.0) + fabs(p.dPhi) * stagger;
        forPhiRange(h, combo.lc, p.phi, halfPhi, [&](int c) {
            if (overflow)
                return;
            const Residual res = residualOf(p, layerC.barrel, h.r[c], h.phi[c], h.z[c]);
            if (fabs(res.rPhi) > wRPhi || fabs(res.along) > wAlong)
                return;
            if (circleD0(pa, pb, pointOf(h, c)) > combo.maxAbsD0)
                return;
            if (n == capacity) {
                overflow = true;
                return;
            }
            const double chi2 =
                (res.rPhi / wRPhi) * (res.rPhi / wRPhi) + (res.along / wAlong) * (res.along / wAlong);
            found[n++] = {a, b, c, static_cast<float>(chi2)};
        });
    });
    if (overflow) {
        counts[slot] = -1;
        return;
    }
    // The CPU's pruning: sorted by (χ², a, c), keep a triplet when no kept one shares its inner or
    // outer hit, up to kMaxSeedsPerMiddleHit. Insertion sort in place, then compaction.
    const auto before = [](const DeviceSeed& x, const DeviceSeed& y) {
        return x.chi2 != y.chi2 ? x.chi2 < y.chi2 : (x.a != y.a ? x.a < y.a : x.c < y.c);
    };
    for (int i = 1; i < n; ++i) {
        const DeviceSeed key = found[i];
        int j = i - 1;
        while (j >= 0 && before(key, found[j])) {
            found[j + 1] = found[j];
            --j;
        }
        found[j + 1] = key;
    }
    int kept = 0;
    for (int i = 0; i < n && kept < kMaxSeedsPerMiddleHit; ++i) {
        bool shares = false;
        for (int k = 0; k < kept && !shares; ++k)
            shares = found[k].a == found[i].a || found[k].c == found[i].c;
        if (!shares)
            found[kept++] = found[i];
    }
    counts[slot] = kept;
}

template <class T> Result<void> upload(DeviceArray<T>& device, const std::vector<T>& host) {
    if (Result<void> allocated = device.allocate(host.empty() ? 1 : host.size()); !allocated)
        return allocated;
    if (!host.empty())
        SCIPERF_CUDA_TRY(
            cudaMemcpy(device.get(), host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice));
    return {};
}

} // namespace

Result<SeedingOutput> findSeeds(const SeedingInput& input) {
    int devices = 0;
    if (const cudaError_t status = cudaGetDeviceCount(&devices); status != cudaSuccess)
        return fail(std::string("no CUDA device: ") + cudaGetErrorString(status));
    if (devices == 0)
        return fail("no CUDA device: the driver reports none");

    std::vector<int> slotBegin{0};
    for (const SeedCombo& combo : input.combos)
        slotBegin.push_back(slotBegin.back() + (combo.bEnd - combo.bBegin));
    const int slots = slotBegin.back();
    SeedingOutput output;
    output.counts.assign(static_cast<std::size_t>(slots), 0);
    output.seeds.resize(static_cast<std::size_t>(slots) * static_cast<std::size_t>(input.capacity));
    if (slots == 0)
        return output;

    DeviceArray<int> layerBegin, slotBeginDevice, counts;
    DeviceArray<TrackLayer> layers;
    DeviceArray<float> x, y, z, r, phi;
    DeviceArray<SeedCombo> combos;
    DeviceArray<DeviceSeed> seeds;
    for (Result<void> step :
         {upload(layerBegin, input.layerBegin), upload(layers, input.layers), upload(x, input.x),
          upload(y, input.y), upload(z, input.z), upload(r, input.r), upload(phi, input.phi),
          upload(combos, input.combos), upload(slotBeginDevice, slotBegin),
          counts.allocate(output.counts.size()), seeds.allocate(output.seeds.size())})
        if (!step)
            return step.error();

    const DeviceHits hits{layerBegin.get(), layers.get(), x.get(), y.get(), z.get(), r.get(), phi.get()};
    constexpr int threadsPerBlock = 128;
    const int blocks = (slots + threadsPerBlock - 1) / threadsPerBlock;
    seedKernel<<<blocks, threadsPerBlock>>>(hits, combos.get(), static_cast<int>(input.combos.size()),
                                            slotBeginDevice.get(), input.bz, input.maxCurvature,
                                            input.capacity, counts.get(), seeds.get());
    SCIPERF_CUDA_TRY(cudaGetLastError());
    SCIPERF_CUDA_TRY(cudaDeviceSynchronize());
    SCIPERF_CUDA_TRY(cudaMemcpy(output.counts.data(), counts.get(), output.counts.size() * sizeof(int),
                                cudaMemcpyDeviceToHost));
    SCIPERF_CUDA_TRY(cudaMemcpy(output.seeds.data(), seeds.get(), output.seeds.size() * sizeof(DeviceSeed),
                                cudaMemcpyDeviceToHost));
    return output;
}

} // namespace sciperf::trackreco::gpu
