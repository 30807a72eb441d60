#pragma once
// Timing of work spread over all cores, shared by the ceiling benchmarks and the embedded CPU
// kernels so that both measure the same way.

#include <barrier>
#include <chrono>
#include <cstddef>
#include <thread>
#include <vector>

namespace sciperf {

// Runs `work(thread)` on `threads` threads at once and returns the wall time in seconds from a
// common start to the last one's end (ERT's timing). Thread 0 reads the clock itself, between two
// barriers: with one thread per core, a separate timing thread would have to share a core with a
// worker and could be scheduled after the work was done, measuring nothing (seen on 2-core VMs).
// `begunAt`, when given, receives the common start.
template <class Work>
double timeOnAllThreads(unsigned threads, Work&& work,
                        std::chrono::steady_clock::time_point* begunAt = nullptr) {
    std::barrier sync(static_cast<std::ptrdiff_t>(threads));
    double seconds = 0;
    std::vector<std::jthread> workers;
    for (unsigned thread = 0; thread < threads; ++thread)
        workers.emplace_back([&, thread] {
            sync.arrive_and_wait();
            const auto begun = std::chrono::steady_clock::now();
            work(thread);
            sync.arrive_and_wait();
            if (thread == 0) {
                seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
                if (begunAt != nullptr)
                    *begunAt = begun;
            }
        });
    workers.clear(); // joins
    return seconds;
}

// The share of [0, count) that `thread` of `threads` works on: contiguous, sizes differing by at
// most one.
struct IndexRange {
    std::size_t begin, end;
};
inline IndexRange shareOf(std::size_t count, unsigned thread, unsigned threads) {
    return {count * thread / threads, count * (thread + 1) / threads};
}

} // namespace sciperf
