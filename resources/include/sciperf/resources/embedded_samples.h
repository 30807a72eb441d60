#pragma once
// Data the application carries so that a fresh machine has something real to show.

#include <QString>

namespace sciperf {

// Writes the embedded MLPerf HPC sample (five real submissions, see resources/mlperf-sample/
// README.md) into `folder`, keeping existing identical files, and returns the folder; an empty
// string and `error` set when it cannot be written.
QString extractMlperfSample(const QString& folder, QString* error);

} // namespace sciperf
