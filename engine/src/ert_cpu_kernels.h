// The CPU ceiling kernels, written once and compiled once per instruction set: ert_cpu.cpp
// includes this file inside `#pragma GCC target` regions, each in its own namespace, with
// kVectorBytes set to the width of that set's vector registers (the way Highway compiles one
// source for several targets). No include guard on purpose.
//
// Requires, before inclusion: constexpr std::size_t kVectorBytes; constexpr int kFmaChains.

// may_alias: the bandwidth kernel reads and writes a double array through vectors.
using Doubles = double __attribute__((vector_size(kVectorBytes), may_alias));
using Floats = float __attribute__((vector_size(kVectorBytes)));
constexpr std::size_t kDoublesPerVector = kVectorBytes / sizeof(double);
constexpr std::size_t kFloatsPerVector = kVectorBytes / sizeof(float);

// One traversal of the bandwidth sweep: load, one add (1 FLOP), store per element, 16 bytes of
// traffic per double (ERT's kernel with ERT_FLOP = 1), four vectors in flight per step.
// `count` is a multiple of kElementsPerStep.
inline void traverse(double* data, std::size_t count, double beta) {
    static_assert(kElementsPerStep % (4 * kDoublesPerVector) == 0);
    Doubles add;
    for (std::size_t lane = 0; lane < kDoublesPerVector; ++lane)
        add[lane] = beta;
    // The buffer is aligned to 64 bytes and `count` is whole steps: every vector is aligned.
    for (std::size_t i = 0; i < count; i += 4 * kDoublesPerVector) {
        Doubles* vectors = reinterpret_cast<Doubles*>(data + i);
        vectors[0] += add;
        vectors[1] += add;
        vectors[2] += add;
        vectors[3] += add;
    }
}

// The FLOPs-per-element sweep (ERT's ERT_FLOPS): each element loaded gets `Fmas` dependent FMAs
// (2 FLOP each) before it is stored back, eight vectors in flight to cover the FMA latency.
// Against a cache-resident working set its rates trace the roofline itself: bandwidth-bound at
// few FLOPs per byte, compute-bound at many.
template <int Fmas> void traverseWithFmas(double* data, std::size_t count, double beta) {
    static_assert(kElementsPerStep % (8 * kDoublesPerVector) == 0);
    Doubles alpha, add;
    for (std::size_t lane = 0; lane < kDoublesPerVector; ++lane) {
        alpha[lane] = 0.999999;
        add[lane] = beta;
    }
    for (std::size_t i = 0; i < count; i += 8 * kDoublesPerVector) {
        Doubles* vectors = reinterpret_cast<Doubles*>(data + i);
        Doubles values[8];
#pragma GCC unroll 8
        for (int k = 0; k < 8; ++k)
            values[k] = vectors[k];
        for (int fma = 0; fma < Fmas; ++fma)
#pragma GCC unroll 8
            for (int k = 0; k < 8; ++k)
                values[k] = values[k] * alpha + add;
#pragma GCC unroll 8
        for (int k = 0; k < 8; ++k)
            vectors[k] = values[k];
    }
}

using TraverseWithFmas = void (*)(double*, std::size_t, double);
constexpr std::array<TraverseWithFmas, kFmasPerElement.size()> kTraverseWithFmas = {
    &traverseWithFmas<kFmasPerElement[0]>, &traverseWithFmas<kFmasPerElement[1]>,
    &traverseWithFmas<kFmasPerElement[2]>, &traverseWithFmas<kFmasPerElement[3]>,
    &traverseWithFmas<kFmasPerElement[4]>, &traverseWithFmas<kFmasPerElement[5]>,
    &traverseWithFmas<kFmasPerElement[6]>};

// kFmaChains independent FMA chains in registers: more than FMA units x latency (2 x 4 on current
// x86 cores), so the units never wait, and few enough to stay in registers. Returns the sum, so
// the chains cannot be optimised away. 2 FLOP per lane per chain and iteration.
template <class Vector, class Real> Real fmaChains(std::size_t iterations, Real alpha, Real beta) {
    Vector accumulators[kFmaChains];
    for (int k = 0; k < kFmaChains; ++k)
        for (std::size_t lane = 0; lane < sizeof(Vector) / sizeof(Real); ++lane)
            accumulators[k][lane] = static_cast<Real>(k + 1);
    // Unrolled completely, so that the accumulators live in registers, not in memory.
    for (std::size_t i = 0; i < iterations; ++i)
#pragma GCC unroll 32
        for (Vector& accumulator : accumulators)
            accumulator = accumulator * alpha + beta; // contracted to FMA (-ffp-contract=fast)
    Real sum = 0;
    for (const Vector& accumulator : accumulators)
        for (std::size_t lane = 0; lane < sizeof(Vector) / sizeof(Real); ++lane)
            sum += accumulator[lane];
    return sum;
}

inline double peakFp64(std::size_t iterations, double beta) {
    return fmaChains<Doubles>(iterations, 0.999999, beta);
}
inline double peakFp32(std::size_t iterations, double beta) {
    return fmaChains<Floats>(iterations, 0.999999f, static_cast<float>(beta));
}
constexpr double kFp64FlopsPerIteration = 2.0 * kFmaChains * kDoublesPerVector;
constexpr double kFp32FlopsPerIteration = 2.0 * kFmaChains * kFloatsPerVector;
