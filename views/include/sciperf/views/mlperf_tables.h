#pragma once
// The tables of the MLPerf HPC workspaces as Qt models, filled from value structs: submissions
// side by side, runs, events of one run, compliance findings, strong- and weak-scaling tables.
// Numeric cells keep their number under kSortRole so that sorting is numeric, not textual.

#include "sciperf/analysis/mlperf/compliance.h"
#include "sciperf/analysis/mlperf/results.h"

#include <QString>
#include <Qt>
#include <cstdint>
#include <vector>

class QStandardItemModel;

namespace sciperf {

inline constexpr int kSortRole = Qt::UserRole + 1;
// On the first cell of a run table row: the result file's path, for the events drill-down.
inline constexpr int kFileRole = Qt::UserRole + 2;

QString benchmarkName(mlperf::Benchmark benchmark);
// Median of the epochs to converge of the converged runs; NaN without any.
double medianEpochsToConverge(const mlperf::Submission& submission);

// One row per submission. Columns: see submissionTableColumns().
QStringList submissionTableColumns();
void fillSubmissionTable(QStandardItemModel& model,
                         const std::vector<const mlperf::Submission*>& submissions);

// One row per result file of the submission (pruned weak-scaling instances last, marked).
void fillRunTable(QStandardItemModel& model, const mlperf::Submission& submission);
// Every event in log order; time relative to `runStartMs` in seconds (blank without it).
void fillEventTable(QStandardItemModel& model, const std::vector<mlperf::Event>& events, double runStartMs);
void fillFindingTable(QStandardItemModel& model, const std::vector<mlperf::Finding>& findings);

// Strong scaling of one benchmark against a baseline: speedup = T_base / T, parallel efficiency =
// speedup x A_base / A (1 is perfect scaling from the baseline).
struct StrongScalingRow {
    const mlperf::Submission* submission = nullptr;
    double minutes = 0;
    std::int64_t accelerators = 0;
    double speedup = 0;
    double efficiency = 0;
};
// Valid strong-scaling submissions with a score and an accelerator count, by accelerators then
// time; speedup and efficiency NaN without a usable baseline.
std::vector<StrongScalingRow> strongScaling(const std::vector<const mlperf::Submission*>& submissions,
                                            const mlperf::Submission* baseline);
void fillStrongScalingTable(QStandardItemModel& model, const std::vector<StrongScalingRow>& rows,
                            const mlperf::Submission* baseline);
void fillWeakScalingTable(QStandardItemModel& model,
                          const std::vector<const mlperf::Submission*>& submissions);

} // namespace sciperf
