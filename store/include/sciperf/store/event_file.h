#pragma once
// TrackML events as HDF5 files, for loading an event much faster than from its CSV text. One
// table (hdf5_table.h) per part of the event: "hits", and "cells", "particles", "truth" where the
// event has them; one column per CSV column, under the challenge's column names and with the event
// model's element types (float32 for measurements, int64 for ids, int32 for the rest). Units are
// attributes: "mm" for positions, "GeV" for momenta, "e" for the charge, "" for the dimensionless.
// Particle ids (unsigned 64-bit in the model) are stored bit for bit as int64, the type pandas and
// the trackml library read them as. h5py or pandas read the files without SciPerf:
//   h5py.File("event000000001.h5")["hits/x"][:]

#include "sciperf/analysis/result.h"
#include "sciperf/analysis/tracking/event.h"

#include <filesystem>

namespace sciperf {

// Writes the event into a new file atomically, chunked as writeHdf5Tables does; ids, counts and
// channels compressed, the float32 measurements not (they load twice as fast so, the file is about
// twice as large: still 2.4 times smaller than the CSV).
// Refuses an event whose columns differ in length within a part.
Result<void> writeEventHdf5(const std::filesystem::path& file, const tracking::Event& event);

// Reads an event written by writeEventHdf5, or by another tool with the same table and column
// names (extra tables and columns are ignored, a missing unit is accepted). Errors name the file:
// no "hits" table, a missing column, a column of another element type or unit, columns of unequal
// length, and every error of readHdf5Table.
Result<tracking::Event> readEventHdf5(const std::filesystem::path& file);

} // namespace sciperf
