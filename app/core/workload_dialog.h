#pragma once
// Asks for a workload's arguments before it runs: one field per option the workload declares
// (whole numbers within their range, paths), the number of MPI ranks where the workload can use
// them, and how many runs with consecutive seeds to make (the runs of one MLPerf-style entry).

#include "sciperf/engine/workload.h"

#include <QDialog>
#include <QStringList>
#include <map>

class QLineEdit;
class QSpinBox;

namespace sciperf {

class WorkloadDialog : public QDialog {
    Q_OBJECT
public:
    // `maxRanks` 0: no ranks field (a build or machine without MPI, or a workload that runs alone).
    WorkloadDialog(const Workload& workload, int maxRanks, QWidget* parent = nullptr);

    // `--name value` for each option given a value; options left at their default are omitted,
    // so that the workload's own default applies. With a seed option, run `run` (0-based) of
    // repeats() gets the chosen seed + run (from the lowest seed when several runs are asked for
    // and the seed was left at its default).
    QStringList arguments(int run = 0) const;
    int ranks() const;
    int repeats() const;

    // The field of option `name`, for tests and for callers that preset a value.
    QSpinBox* integerField(const QString& name) const;
    QLineEdit* pathField(const QString& name) const;
    QSpinBox* ranksField() const { return m_ranks; }
    QSpinBox* repeatsField() const { return m_repeats; }

private:
    const Workload& m_workload;
    std::map<QString, QSpinBox*> m_integers;
    std::map<QString, QLineEdit*> m_paths;
    QSpinBox* m_ranks = nullptr;
    QSpinBox* m_repeats;
};

} // namespace sciperf
