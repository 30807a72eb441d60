#include "sciperf/views/mlperf_tables.h"

#include "sciperf/views/palette.h"
#include "sciperf/views/time_breakdown_chart.h"

#include <QList>
#include <QStandardItem>
#include <QStandardItemModel>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace sciperf {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}

namespace {

const QString kMissing = QStringLiteral("—");

QStandardItem* textItem(const QString& value) {
    auto* item = new QStandardItem(value.isEmpty() ? kMissing : value);
    item->setData(value, kSortRole);
    item->setToolTip(value); // columns are width-capped: long names are elided in the cell
    item->setEditable(false);
    return item;
}

// A number shown with `decimals`, sorted by its value; missing (NaN) shown as a dash, sorted last.
QStandardItem* numberItem(double value, int decimals) {
    const bool known = std::isfinite(value);
    auto* item = new QStandardItem(known ? QString::number(value, 'f', decimals) : kMissing);
    item->setData(known ? value : std::numeric_limits<double>::max(), kSortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setEditable(false);
    return item;
}

QStandardItem* countItem(std::int64_t value) {
    return numberItem(static_cast<double>(value), 0);
}

void reset(QStandardItemModel& model, const QStringList& columns) {
    model.clear();
    model.setHorizontalHeaderLabels(columns);
}

} // namespace

QString benchmarkName(mlperf::Benchmark benchmark) {
    const auto name = mlperf::rulesFor(benchmark).name;
    return name.empty() ? QObject::tr("unknown")
                        : QString::fromLatin1(name.data(), static_cast<qsizetype>(name.size()));
}

QStringList submissionTableColumns() {
    return {QObject::tr("Round"),
            QObject::tr("Organisation"),
            QObject::tr("System"),
            QObject::tr("Benchmark"),
            QObject::tr("Scaling"),
            QObject::tr("Score (min)"),
            QObject::tr("Models/min"),
            QObject::tr("Runs"),
            QObject::tr("Converged"),
            QObject::tr("Accelerators"),
            QObject::tr("Accelerator type"),
            QObject::tr("Mean staging (s)"),
            QObject::tr("Median epochs to converge"),
            QObject::tr("Valid")};
}

void fillSubmissionTable(QStandardItemModel& model,
                         const std::vector<const mlperf::Submission*>& submissions) {
    reset(model, submissionTableColumns());
    for (const mlperf::Submission* s : submissions) {
        const bool weak = s->scaling == mlperf::Scaling::Weak;
        auto* score = numberItem(s->score.scoreMinutes, 4);
        score->setToolTip(
            weak ? QObject::tr("TTTa: last run_stop − first run_start over %1 converged instances")
                       .arg(s->score.models)
                 : QObject::tr("Olympic mean of %1 times to train × scaling factor %2")
                       .arg(s->score.runs)
                       .arg(s->score.scalingFactor));
        auto* valid = textItem(s->score.valid ? QObject::tr("valid")
                                              : QObject::tr("invalid: %1").arg(text(s->score.invalidReason)));
        if (!s->score.valid)
            valid->setForeground(QColor(176, 32, 32));
        model.appendRow(QList<QStandardItem*>{
            textItem(text(s->round)), textItem(text(s->org)), textItem(text(s->system)),
            textItem(benchmarkName(s->benchmark)),
            textItem(text(std::string(mlperf::scalingName(s->scaling)))), score,
            numberItem(weak ? s->score.modelsPerMinute : std::nan(""), 3), countItem(s->score.runs),
            countItem(s->score.converged), countItem(s->accelerators),
            textItem(text(s->systemDescription.acceleratorModel)), numberItem(s->meanStagingSeconds, 1),
            numberItem(medianEpochsToConverge(*s), 1), valid});
    }
}

void fillRunTable(QStandardItemModel& model, const mlperf::Submission& submission) {
    reset(model, {QObject::tr("Run"), QObject::tr("Time to train (min)"), QObject::tr("Converged"),
                  QObject::tr("Epochs to converge"), QObject::tr("Last eval"), QObject::tr("Staging (s)"),
                  QObject::tr("Status"), QObject::tr("Seed"), QObject::tr("Diagnostics")});
    auto addRuns = [&model](const std::vector<mlperf::RunSummary>& runs, bool pruned) {
        for (const auto& run : runs) {
            const QString name = pruned ? QObject::tr("%1 (pruned)").arg(runLabel(run)) : runLabel(run);
            auto* label = textItem(name);
            label->setToolTip(text(run.file));
            label->setData(text(run.file), kFileRole);
            model.appendRow(QList<QStandardItem*>{
                label, numberItem(run.timeToTrainMinutes, 3),
                textItem(run.converged ? QObject::tr("yes") : QObject::tr("no")),
                numberItem(run.epochsToConverge, 0), numberItem(run.lastEval, 4),
                numberItem(run.staging.seconds(), 1), textItem(text(run.runStopStatus)),
                textItem(text(run.seed)), countItem(static_cast<std::int64_t>(run.diagnostics.size()))});
        }
    };
    addRuns(submission.runs, false);
    addRuns(submission.pruned, true);
}

namespace {

QString eventTypeName(mlperf::EventType type) {
    switch (type) {
    case mlperf::EventType::IntervalStart:
        return QStringLiteral("INTERVAL_START");
    case mlperf::EventType::IntervalEnd:
        return QStringLiteral("INTERVAL_END");
    case mlperf::EventType::PointInTime:
        return QStringLiteral("POINT_IN_TIME");
    case mlperf::EventType::Unknown:
        break;
    }
    return QStringLiteral("?");
}

} // namespace

void fillEventTable(QStandardItemModel& model, const std::vector<mlperf::Event>& events, double runStartMs) {
    reset(model, {QObject::tr("Line"), QObject::tr("Time since run_start (s)"), QObject::tr("Type"),
                  QObject::tr("Key"), QObject::tr("Value"), QObject::tr("Metadata")});
    for (const auto& event : events) {
        model.appendRow(QList<QStandardItem*>{
            countItem(static_cast<std::int64_t>(event.line)),
            numberItem((event.timeMs - runStartMs) / 1e3, 3), textItem(eventTypeName(event.type)),
            textItem(text(event.key)), textItem(text(event.valueJson)), textItem(text(event.metadataJson))});
    }
}

void fillFindingTable(QStandardItemModel& model, const std::vector<mlperf::Finding>& findings) {
    reset(model,
          {QObject::tr("Severity"), QObject::tr("Check"), QObject::tr("Where"), QObject::tr("Message")});
    for (const auto& finding : findings) {
        const bool error = finding.severity == mlperf::Severity::Error;
        auto* severity = textItem(error ? QObject::tr("error") : QObject::tr("warning"));
        severity->setForeground(error ? QColor(176, 32, 32) : QColor(160, 110, 0));
        const QString where = finding.line > 0
                                  ? QStringLiteral("%1:%2").arg(text(finding.file)).arg(finding.line)
                                  : text(finding.file);
        model.appendRow(QList<QStandardItem*>{severity, textItem(text(finding.check)), textItem(where),
                                              textItem(text(finding.message))});
    }
}

// The numbers a reader compares (accelerators, time, speedup, efficiency) and whether they are final
// come right after the system, before round, organisation and the long accelerator names: seen
// without scrolling.
void fillStrongScalingTable(QStandardItemModel& model, const std::vector<mlperf::StrongScalingRow>& rows,
                            const mlperf::Submission* baseline) {
    reset(model, {QObject::tr("System"), QObject::tr("Accelerators"), QObject::tr("Time to train (min)"),
                  QObject::tr("Speedup (×)"), QObject::tr("Parallel efficiency (%)"), QObject::tr("Status"),
                  QObject::tr("Round"), QObject::tr("Organisation"), QObject::tr("Accelerator type")});
    for (const auto& row : rows) {
        const mlperf::Submission& s = *row.submission;
        const QString status = row.provisional ? QObject::tr("provisional: %1 of %2 runs")
                                                     .arg(s.score.runs)
                                                     .arg(mlperf::rulesFor(s.benchmark).requiredRuns)
                                               : QObject::tr("valid");
        QList<QStandardItem*> items{textItem(text(s.system)),
                                    countItem(row.accelerators),
                                    numberItem(row.minutes, 3),
                                    numberItem(row.speedup, 2),
                                    numberItem(row.efficiency * 100, 1),
                                    textItem(status),
                                    textItem(text(s.round)),
                                    textItem(text(s.org)),
                                    textItem(text(s.systemDescription.acceleratorModel))};
        // The baseline row reads as the reference it is; a provisional one as not yet a result.
        if (row.submission == baseline || row.provisional)
            for (auto* item : items) {
                QFont font = item->font();
                font.setBold(row.submission == baseline);
                font.setItalic(row.provisional);
                item->setFont(font);
                if (row.provisional)
                    item->setForeground(mutedColor().darker(130));
            }
        model.appendRow(items);
    }
}

void fillWeakScalingTable(QStandardItemModel& model,
                          const std::vector<const mlperf::Submission*>& submissions) {
    reset(model, {QObject::tr("Round"), QObject::tr("Organisation"), QObject::tr("System"),
                  QObject::tr("Benchmark"), QObject::tr("Total accelerators"), QObject::tr("Models (M′)"),
                  QObject::tr("Accelerators per model"), QObject::tr("TTTa (min)"), QObject::tr("Models/min"),
                  QObject::tr("Valid")});
    for (const mlperf::Submission* s : submissions) {
        if (s->scaling != mlperf::Scaling::Weak)
            continue;
        model.appendRow(QList<QStandardItem*>{
            textItem(text(s->round)), textItem(text(s->org)), textItem(text(s->system)),
            textItem(benchmarkName(s->benchmark)), countItem(s->accelerators), countItem(s->score.models),
            countItem(s->score.instanceScale), numberItem(s->score.scoreMinutes, 3),
            numberItem(s->score.modelsPerMinute, 3),
            textItem(s->score.valid ? QObject::tr("valid") : text(s->score.invalidReason))});
    }
}

} // namespace sciperf
