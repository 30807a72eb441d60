#pragma once
// The column-bound CSV table behind every TrackML file (events and detectors): a list of named
// columns, each bound to the std::vector that holds it, used for reading and for writing.

#include "sciperf/analysis/result.h"

#include <cstdint>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace sciperf::tracking::detail {

// `Mutable` columns are filled by parseTable; const ones are written by writeTable.
template <bool Mutable> struct BasicColumn {
    template <class T> using Values = std::conditional_t<Mutable, std::vector<T>*, const std::vector<T>*>;

    std::string_view name;
    std::variant<Values<float>, Values<double>, Values<std::int32_t>, Values<std::int64_t>,
                 Values<std::uint64_t>>
        values;
    // An optional column is left empty when the file lacks it, and not written when empty.
    bool required = true;
};
using InputColumn = BasicColumn<true>;
using OutputColumn = BasicColumn<false>;

// Appends the rows of `text` to the bound vectors. Columns are found by header name; other
// columns of the file are skipped. Errors read "file:line: what".
Result<void> parseTable(std::string_view text, const std::string& file, std::span<const InputColumn> columns);

// The header, then one row per element of the first column.
void writeTable(std::ostream& out, std::span<const OutputColumn> columns);

// readText(file) then parseTable, for the read* functions.
Result<void> readTable(const std::string& file, std::span<const InputColumn> columns);

} // namespace sciperf::tracking::detail
