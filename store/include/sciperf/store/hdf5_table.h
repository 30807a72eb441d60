#pragma once
// Columnar bulk data (events, tracks, traces) in HDF5: one group per table, one dataset per
// column, so that h5py, ROOT or pandas read the files without SciPerf.

#include "sciperf/analysis/result.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

namespace sciperf {

using ColumnValues = std::variant<std::vector<double>, std::vector<float>, std::vector<std::int64_t>,
                                  std::vector<std::int32_t>>;

struct Column {
    std::string name;
    std::string unit; // e.g. "mm", "GeV", "s", "" for dimensionless
    ColumnValues values;
    // false: stored as it is, for columns that deflate shrinks little but that are read often.
    bool compressed = true;
};

struct Table {
    std::string name;
    std::vector<Column> columns;
    std::size_t rows() const; // length of the first column, 0 without columns
};

// Writes the tables into a new HDF5 file atomically (temporary sibling then rename): one group per
// table, one dataset per column, chunked, shuffle + deflate compressed (where the column asks),
// unit as an attribute.
// Refuses tables whose columns differ in length or names that are empty/duplicated (or hold '/').
Result<void> writeHdf5Tables(const std::filesystem::path& file, const std::vector<Table>& tables);

// The tables of `file` in the order they were written.
Result<std::vector<std::string>> listHdf5Tables(const std::filesystem::path& file);

// One table with its columns in the order they were written; element types are preserved.
Result<Table> readHdf5Table(const std::filesystem::path& file, const std::string& name);

std::string hdf5Version(); // H5get_libversion at run time, e.g. "1.10.8"

} // namespace sciperf
