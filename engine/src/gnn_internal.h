#pragma once
// What the GNN's sources share: splitmix64, a small generator whose output is the same on every
// platform (the standard distributions are not specified bit for bit), for initial weights and
// epoch order; and the selection of rows of a TrackML table (hits of a graph, their truth).

#include <cstdint>

namespace sciperf::gnn {

class SplitMix {
public:
    explicit SplitMix(std::uint64_t seed)
        : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; } // [0, 1)

private:
    std::uint64_t m_state;
};

// The given rows of a structure-of-arrays table, in the given order, for the listed columns.
template <class Table, class Rows, class... Column>
Table selectRows(const Table& table, const Rows& rows, Column Table::*... columns) {
    Table out;
    for (const auto row : rows)
        ((out.*columns).push_back((table.*columns)[row]), ...);
    return out;
}

} // namespace sciperf::gnn
