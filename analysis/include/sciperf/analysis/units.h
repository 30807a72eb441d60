#pragma once
// Explicit units. Quantities are stored in SI base units (seconds, bytes, FLOP, Hz); these
// constants convert at input and output only, e.g. `sizeInBytes / units::kMiB`.

#include <cstdint>

namespace sciperf::units {

inline constexpr std::uint64_t kKiB = 1024;
inline constexpr std::uint64_t kMiB = 1024 * kKiB;
inline constexpr std::uint64_t kGiB = 1024 * kMiB;

inline constexpr double kKiloHertz = 1e3;
inline constexpr double kMegaHertz = 1e6;
inline constexpr double kGiga = 1e9;

} // namespace sciperf::units
