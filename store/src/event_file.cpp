#include "sciperf/store/event_file.h"

#include "sciperf/store/hdf5_table.h"

#include <algorithm>
#include <array>
#include <concepts>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace sciperf {
namespace {

namespace fs = std::filesystem;
using namespace tracking;

enum class Need { Required, Optional };

// The columns of each part of an event in the challenge's order, as
// visit(name, unit, member vector, need): one list serves writing and reading.
template <class Part, class Visit>
requires std::same_as<std::remove_const_t<Part>, Hits>
void forEachColumn(Part& hits, Visit&& visit) {
    visit("hit_id", "", hits.hitId, Need::Required);
    visit("x", "mm", hits.x, Need::Required);
    visit("y", "mm", hits.y, Need::Required);
    visit("z", "mm", hits.z, Need::Required);
    visit("volume_id", "", hits.volumeId, Need::Required);
    visit("layer_id", "", hits.layerId, Need::Required);
    visit("module_id", "", hits.moduleId, Need::Required);
}

template <class Part, class Visit>
requires std::same_as<std::remove_const_t<Part>, Cells>
void forEachColumn(Part& cells, Visit&& visit) {
    visit("hit_id", "", cells.hitId, Need::Required);
    visit("ch0", "", cells.ch0, Need::Required);
    visit("ch1", "", cells.ch1, Need::Required);
    visit("value", "", cells.value, Need::Required);
}

template <class Part, class Visit>
requires std::same_as<std::remove_const_t<Part>, Particles>
void forEachColumn(Part& particles, Visit&& visit) {
    visit("particle_id", "", particles.particleId, Need::Required);
    // Empty in the model when the CSV had no particle_type column: then the file has none either.
    visit("particle_type", "", particles.particleType, Need::Optional);
    visit("vx", "mm", particles.vx, Need::Required);
    visit("vy", "mm", particles.vy, Need::Required);
    visit("vz", "mm", particles.vz, Need::Required);
    visit("px", "GeV", particles.px, Need::Required);
    visit("py", "GeV", particles.py, Need::Required);
    visit("pz", "GeV", particles.pz, Need::Required);
    visit("q", "e", particles.q, Need::Required);
    visit("nhits", "", particles.nhits, Need::Required);
}

template <class Part, class Visit>
requires std::same_as<std::remove_const_t<Part>, Truth>
void forEachColumn(Part& truth, Visit&& visit) {
    visit("hit_id", "", truth.hitId, Need::Required);
    visit("particle_id", "", truth.particleId, Need::Required);
    visit("tx", "mm", truth.tx, Need::Required);
    visit("ty", "mm", truth.ty, Need::Required);
    visit("tz", "mm", truth.tz, Need::Required);
    visit("tpx", "GeV", truth.tpx, Need::Required);
    visit("tpy", "GeV", truth.tpy, Need::Required);
    visit("tpz", "GeV", truth.tpz, Need::Required);
    visit("weight", "", truth.weight, Need::Required);
}

// The element type a model column has in the file: HDF5 tables hold signed integers only.
template <class T> using Stored = std::conditional_t<std::is_same_v<T, ParticleId>, std::int64_t, T>;

template <class T> ColumnValues storedValues(const std::vector<T>& values) {
    if constexpr (std::is_same_v<T, ParticleId>)
        return std::vector<std::int64_t>(values.begin(), values.end()); // modulo 2^64: bit for bit
    else
        return values;
}

template <class T> std::vector<T> modelValues(std::vector<Stored<T>>&& values) {
    if constexpr (std::is_same_v<T, ParticleId>)
        return std::vector<T>(values.begin(), values.end());
    else
        return std::move(values);
}

// Names of ColumnValues' alternatives, in the variant's order.
constexpr std::array<const char*, std::variant_size_v<ColumnValues>> kTypeNames{"float64", "float32", "int64",
                                                                                "int32"};

template <class T> const char* storedTypeName() {
    return kTypeNames[ColumnValues(std::vector<Stored<T>>()).index()];
}

template <class Part> Table partTable(std::string name, const Part& part) {
    Table table{std::move(name), {}};
    forEachColumn(part, [&](const char* column, const char* unit, const auto& values, Need need) {
        if (need == Need::Optional && values.empty())
            return;
        // Measurements (float32) are stored as they are: deflate made them 1.2 to 3 times smaller
        // but inflating them was half of an event's load (34 ms for a full simulated event with its
        // cells, 19 ms without); ids, counts and channels deflate 4 to 100 times.
        using Value = typename std::decay_t<decltype(values)>::value_type;
        table.columns.push_back(Column{column, unit, storedValues(values), !std::is_floating_point_v<Value>});
    });
    return table;
}

// The part stored in table `name` of `file`, its columns found by name.
template <class Part> Result<Part> readPart(const fs::path& file, const std::string& name) {
    auto table = readHdf5Table(file, name);
    if (!table)
        return table.error();
    Part part;
    std::optional<Error> error;
    forEachColumn(part, [&](const char* columnName, const char* unit, auto& values, Need need) {
        using T = typename std::decay_t<decltype(values)>::value_type;
        if (error)
            return;
        const std::string where = "cannot read the event in " + file.string() + ": column '" + columnName +
                                  "' of table '" + name + "'";
        const auto column =
            std::find_if(table->columns.begin(), table->columns.end(),
                         [&](const Column& candidate) { return candidate.name == columnName; });
        if (column == table->columns.end()) {
            if (need == Need::Required)
                error = fail(where + " is missing");
            return;
        }
        // No unit: written by a tool that does not record them; another unit would misread numbers.
        if (!column->unit.empty() && column->unit != unit)
            error = fail(where + " is in '" + column->unit + "', expected '" + unit + "'");
        else if (auto* stored = std::get_if<std::vector<Stored<T>>>(&column->values))
            values = modelValues<T>(std::move(*stored));
        else
            error = fail(where + " holds " + kTypeNames[column->values.index()] + " values, expected " +
                         storedTypeName<T>());
    });
    if (error)
        return *error;
    return part;
}

// Reads the part into `destination` when the file has its table.
template <class Part>
Result<void> readOptionalPart(const fs::path& file, const std::vector<std::string>& tables,
                              const std::string& name, std::optional<Part>& destination) {
    if (std::find(tables.begin(), tables.end(), name) == tables.end())
        return {};
    auto part = readPart<Part>(file, name);
    if (!part)
        return part.error();
    destination = std::move(part).value();
    return {};
}

} // namespace

Result<void> writeEventHdf5(const std::filesystem::path& file, const tracking::Event& event) {
    std::vector<Table> tables{partTable("hits", event.hits)};
    if (event.cells)
        tables.push_back(partTable("cells", *event.cells));
    if (event.particles)
        tables.push_back(partTable("particles", *event.particles));
    if (event.truth)
        tables.push_back(partTable("truth", *event.truth));
    return writeHdf5Tables(file, tables);
}

Result<tracking::Event> readEventHdf5(const std::filesystem::path& file) {
    auto tables = listHdf5Tables(file);
    if (!tables)
        return tables.error();
    if (std::find(tables->begin(), tables->end(), "hits") == tables->end())
        return fail("cannot read the event in " + file.string() +
                    ": the file has no 'hits' table (it is not an event file)");
    auto hits = readPart<Hits>(file, "hits");
    if (!hits)
        return hits.error();
    Event event;
    event.hits = std::move(hits).value();
    if (auto read = readOptionalPart(file, tables.value(), "cells", event.cells); !read)
        return read.error();
    if (auto read = readOptionalPart(file, tables.value(), "particles", event.particles); !read)
        return read.error();
    if (auto read = readOptionalPart(file, tables.value(), "truth", event.truth); !read)
        return read.error();
    return event;
}

} // namespace sciperf
