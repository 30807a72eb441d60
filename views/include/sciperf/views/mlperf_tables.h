#pragma once
// The tables of the MLPerf HPC workspaces as Qt models, filled from value structs: submissions
// side by side, runs, events of one run, compliance findings, strong- and weak-scaling tables.
// Numeric cells keep their number under kSortRole so that sorting is numeric, not textual.

#include "sciperf/analysis/mlperf/compliance.h"
#include "sciperf/analysis/mlperf/results.h"
#include "sciperf/analysis/mlperf/scaling.h"

#include <QString>
#include <Qt>
#include <cstdint>
#include <vector>

class QStandardItemModel;

namespace sciperf {

inline constexpr int kSortRole = Qt::UserRole + 1;
// On the first cell of a run table row: the result file's path, for the events drill-down.
inline constexpr int kFileRole = Qt::UserRole + 2;

// Text from the analysis layer (std::string) as shown in the MLPerf views.
QString text(const std::string& value);
QString benchmarkName(mlperf::Benchmark benchmark);
// One row per submission. Columns: see submissionTableColumns().
QStringList submissionTableColumns();
void fillSubmissionTable(QStandardItemModel& model,
                         const std::vector<const mlperf::Submission*>& submissions);

// One row per result file of the submission (pruned weak-scaling instances last, marked).
void fillRunTable(QStandardItemModel& model, const mlperf::Submission& submission);
// Every event in log order; time relative to `runStartMs` in seconds (blank without it).
void fillEventTable(QStandardItemModel& model, const std::vector<mlperf::Event>& events, double runStartMs);
void fillFindingTable(QStandardItemModel& model, const std::vector<mlperf::Finding>& findings);

void fillStrongScalingTable(QStandardItemModel& model, const std::vector<mlperf::StrongScalingRow>& rows,
                            const mlperf::Submission* baseline);
void fillWeakScalingTable(QStandardItemModel& model,
                          const std::vector<const mlperf::Submission*>& submissions);

} // namespace sciperf
