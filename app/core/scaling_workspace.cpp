#include "scaling_workspace.h"

#include "result_table_view.h"
#include "sciperf/views/log_log_chart.h"
#include "sciperf/views/palette.h"
#include "sciperf/views/point_labels.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <cmath>
#include <qcustomplot.h>
#include <set>

namespace sciperf {

namespace {

constexpr int kSubmissionRole = Qt::UserRole + 10; // baseline entries: index into the tree

int requiredRuns(mlperf::Benchmark benchmark) {
    return mlperf::rulesFor(benchmark).requiredRuns;
}

QString pointDescription(const mlperf::StrongScalingRow& row) {
    const mlperf::Submission& s = *row.submission;
    const QString description =
        QObject::tr("%1 %2 %3\n%4: %5 accelerators (%6), %7 min")
            .arg(text(s.round), text(s.org), text(s.system), benchmarkName(s.benchmark))
            .arg(s.accelerators)
            .arg(text(s.systemDescription.acceleratorModel))
            .arg(row.minutes, 0, 'f', 3);
    if (!row.provisional)
        return description;
    return description + QObject::tr("\nprovisional: %1 of the %2 runs a scored entry needs")
                             .arg(s.score.runs)
                             .arg(requiredRuns(s.benchmark));
}

// The point's label on the chart: who and when, and how far a provisional entry has got.
QString pointLabel(const mlperf::StrongScalingRow& row) {
    const mlperf::Submission& s = *row.submission;
    const QString who = QStringLiteral("%1 %2").arg(text(s.org), text(s.round)).trimmed();
    if (!row.provisional)
        return who;
    return QObject::tr("%1, %2 of %3 runs").arg(who).arg(s.score.runs).arg(requiredRuns(s.benchmark));
}

QGroupBox* group(const QString& title, QWidget* body, QWidget* parent) {
    auto* box = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(body);
    return box;
}

} // namespace

ScalingWorkspace::ScalingWorkspace(QWidget* parent)
    : QWidget(parent)
    , m_benchmark(new QComboBox(this))
    , m_baseline(new QComboBox(this))
    , m_strongChart(new LogLogChart(this))
    , m_strongLabels(new PointLabels(m_strongChart->plot()))
    , m_strongModel(new QStandardItemModel(this))
    , m_weakChart(new LogLogChart(this))
    , m_weakModel(new QStandardItemModel(this)) {
    m_benchmark->setObjectName(QStringLiteral("scalingBenchmark"));
    m_baseline->setObjectName(QStringLiteral("scalingBaseline"));
    // Long system names must not widen the window: the combo shows 40 characters, its list all.
    m_baseline->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_baseline->setMinimumContentsLength(40);
    m_baseline->setPlaceholderText(tr("none: no valid entry to compare against"));
    m_baseline->setToolTip(tr("Speedup = T_baseline / T; parallel efficiency = speedup × A_baseline / A"));
    m_strongTable = createResultTableView(m_strongModel, QStringLiteral("strong-scaling"), this);
    m_strongTable->setObjectName(QStringLiteral("strongScalingTable"));
    m_weakTable = createResultTableView(m_weakModel, QStringLiteral("weak-scaling"), this);
    m_weakTable->setObjectName(QStringLiteral("weakScalingTable"));

    m_strongChart->setTitle(tr("Strong scaling: time to train"));
    m_strongChart->setAxisLabels(tr("Accelerators"), tr("Time to train (minutes)"));
    m_weakChart->setTitle(tr("Weak scaling: throughput"));
    m_weakChart->setAxisLabels(tr("Total accelerators"), tr("Models per minute"));
    // Runs on few accelerators that train fast (one's own, on a workstation) fill the corner
    // where strong-scaling curves leave room, so no corner is sure to be free.
    m_strongChart->placeLegendBelowAxes();
    m_weakChart->placeLegendBelowAxes();

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Benchmark:"), this));
    controls->addWidget(m_benchmark);
    controls->addSpacing(16);
    controls->addWidget(new QLabel(tr("Baseline for speedup and efficiency:"), this));
    controls->addWidget(m_baseline);
    controls->addStretch();

    auto* strong = new QSplitter(Qt::Horizontal, this);
    strong->addWidget(m_strongChart);
    strong->addWidget(m_strongTable);
    strong->setStretchFactor(0, 1);
    strong->setStretchFactor(1, 1);
    auto* weak = new QSplitter(Qt::Horizontal, this);
    weak->addWidget(m_weakChart);
    weak->addWidget(m_weakTable);
    weak->setStretchFactor(0, 1);
    weak->setStretchFactor(1, 1);
    m_weakBody = weak;
    m_noWeak = new QLabel(tr("No weak-scaling submissions in the results open."), this);
    m_noWeak->setObjectName(QStringLiteral("noWeakScaling"));
    m_noWeak->hide();
    m_weakSection = group(tr("Weak scaling (models per minute, all benchmarks)"), weak, this);
    m_weakSection->layout()->addWidget(m_noWeak);
    m_sections = new QSplitter(Qt::Vertical, this);
    m_sections->addWidget(group(tr("Strong scaling (time to train)"), strong, this));
    m_sections->addWidget(m_weakSection);
    m_sections->setStretchFactor(0, 3);
    m_sections->setStretchFactor(1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_sections, 1);

    connect(m_benchmark, &QComboBox::currentIndexChanged, this, &ScalingWorkspace::onBenchmarkChanged);
    connect(m_baseline, &QComboBox::currentIndexChanged, this, &ScalingWorkspace::updateStrong);
}

void ScalingWorkspace::setTree(std::shared_ptr<const mlperf::ResultsTree> tree) {
    m_data = std::move(tree);
    // Benchmarks with strong-scaling results, the one with the most systems first chosen.
    std::map<mlperf::Benchmark, int> counts;
    for (const auto& s : m_data->submissions)
        if (s.scaling == mlperf::Scaling::Strong && s.benchmark != mlperf::Benchmark::Unknown)
            ++counts[s.benchmark];
    QSignalBlocker blocker(m_benchmark);
    m_benchmark->clear();
    int busiest = 0, most = 0;
    for (const auto& [benchmark, count] : counts) {
        if (count > most) {
            most = count;
            busiest = m_benchmark->count();
        }
        m_benchmark->addItem(count == 1 ? tr("%1 (1 submission)").arg(benchmarkName(benchmark))
                                        : tr("%1 (%2 submissions)").arg(benchmarkName(benchmark)).arg(count),
                             static_cast<int>(benchmark));
    }
    m_benchmark->setCurrentIndex(busiest);
    onBenchmarkChanged();
    updateWeak();
}

std::vector<const mlperf::Submission*> ScalingWorkspace::submissionsOf(mlperf::Benchmark benchmark) const {
    std::vector<const mlperf::Submission*> result;
    if (m_data)
        for (const auto& s : m_data->submissions)
            if (s.benchmark == benchmark)
                result.push_back(&s);
    return result;
}

void ScalingWorkspace::onBenchmarkChanged() {
    const auto benchmark = static_cast<mlperf::Benchmark>(m_benchmark->currentData().toInt());
    // The baseline candidates are the valid rows, in the rows' order; the fewest accelerators (the
    // first) is the natural reference. A provisional entry is no reference for anything.
    const auto rows = strongScaling(submissionsOf(benchmark), nullptr);
    QSignalBlocker blocker(m_baseline);
    m_baseline->clear();
    for (const auto& row : rows) {
        if (row.provisional)
            continue;
        const mlperf::Submission& s = *row.submission;
        m_baseline->addItem(
            tr("%1 %2 %3 (%4 accelerators)")
                .arg(text(s.round), text(s.org), text(s.system))
                .arg(s.accelerators),
            QVariant::fromValue(static_cast<qulonglong>(row.submission - m_data->submissions.data())));
    }
    m_baseline->setCurrentIndex(0); // with a placeholder text, adding items chooses none
    updateStrong();
}

void ScalingWorkspace::updateStrong() {
    const auto benchmark = static_cast<mlperf::Benchmark>(m_benchmark->currentData().toInt());
    const QVariant baselineIndex = m_baseline->currentData();
    const mlperf::Submission* baseline =
        baselineIndex.isValid() ? &m_data->submissions[baselineIndex.toULongLong()] : nullptr;
    m_rows = strongScaling(submissionsOf(benchmark), baseline);
    fillStrongScalingTable(*m_strongModel, m_rows, baseline);
    m_strongTable->resizeColumnsToContents();

    // Every benchmark on the plot, its valid and its provisional entries a series each; the chosen
    // one is drawn with its ideal scaling from the baseline (T_base x A_base / A) and labelled by
    // organisation and round.
    m_strongChart->clearSeries();
    m_strongChart->plot()->clearItems();
    m_strongChart->setNoDataMessage(noStrongEntryMessage(benchmark));
    std::set<mlperf::Benchmark> benchmarks;
    if (m_data)
        for (const auto& s : m_data->submissions)
            if (s.scaling == mlperf::Scaling::Strong)
                benchmarks.insert(s.benchmark);
    int colorIndex = 0;
    for (mlperf::Benchmark each : benchmarks) {
        const auto rows = strongScaling(submissionsOf(each), nullptr);
        const QColor color = categoricalColor(colorIndex++);
        for (const bool provisional : {false, true}) {
            ChartSeries series;
            series.name = provisional ? tr("%1 provisional: fewer than %2 runs")
                                            .arg(benchmarkName(each))
                                            .arg(requiredRuns(each))
                                      : benchmarkName(each);
            series.style = ChartSeries::Style::Points;
            series.color = each == benchmark ? color : color.lighter(140);
            series.hollowMarkers = provisional;
            for (const auto& row : rows)
                if (row.provisional == provisional) {
                    series.x << static_cast<double>(row.accelerators);
                    series.y << row.minutes;
                    series.pointToolTips << pointDescription(row);
                }
            if (!series.x.isEmpty())
                m_strongChart->addSeries(series);
        }
        if (each != benchmark)
            continue;
        for (const auto& row : rows) {
            QCPItemText* label = m_strongLabels->add(static_cast<double>(row.accelerators), row.minutes,
                                                     pointLabel(row), kChartMarkerPixels + 1);
            label->setColor(color.darker(150));
            QFont small = m_strongChart->font();
            small.setPointSizeF(small.pointSizeF() * 0.85);
            small.setItalic(row.provisional);
            label->setFont(small);
        }
    }
    if (baseline != nullptr && !m_rows.empty()) {
        ChartSeries ideal;
        ideal.name = tr("ideal from baseline");
        ideal.color = mutedColor();
        ideal.lineWidth = 1.5;
        const double lowest =
            static_cast<double>(std::min(m_rows.front().accelerators, baseline->accelerators));
        const double highest =
            static_cast<double>(std::max(m_rows.back().accelerators, baseline->accelerators));
        const double work = baseline->score.scoreMinutes * static_cast<double>(baseline->accelerators);
        ideal.x = {lowest, highest};
        ideal.y = {work / lowest, work / highest};
        m_strongChart->addSeries(ideal);
        m_strongChart->plot()
            ->graph(m_strongChart->plot()->graphCount() - 1)
            ->setPen(QPen(mutedColor(), 1.5, Qt::DashLine));
    }
    m_strongChart->rescaleToData();
}

QString ScalingWorkspace::noStrongEntryMessage(mlperf::Benchmark benchmark) const {
    // The entry closest to a score: the one with the most runs.
    const mlperf::Submission* most = nullptr;
    if (m_benchmark->currentIndex() >= 0)
        for (const mlperf::Submission* s : submissionsOf(benchmark))
            if (s->scaling == mlperf::Scaling::Strong &&
                (most == nullptr || s->score.runs > most->score.runs))
                most = s;
    if (most == nullptr)
        return tr("No strong-scaling submissions in the results open.");
    const QString name = benchmarkName(benchmark);
    if (most->accelerators <= 0)
        return tr("No %1 entry to plot: %2 has no accelerator count (its system description is missing "
                  "or incomplete).")
            .arg(name, text(most->system));
    const int required = requiredRuns(benchmark);
    if (most->score.runs >= required)
        return tr("No valid %1 entry: %2.").arg(name, text(most->score.invalidReason));
    const QString converged = most->score.converged == 0
                                  ? tr("none converged")
                                  : tr("of which %1 converged").arg(most->score.converged);
    return tr("No valid %1 entry yet: a scored entry needs %2 runs of one configuration; the best has "
              "%3, %4.")
        .arg(name)
        .arg(required)
        .arg(most->score.runs)
        .arg(converged);
}

void ScalingWorkspace::updateWeak() {
    std::vector<const mlperf::Submission*> weak;
    std::set<mlperf::Benchmark> benchmarks;
    for (const auto& s : m_data->submissions)
        if (s.scaling == mlperf::Scaling::Weak) {
            weak.push_back(&s);
            benchmarks.insert(s.benchmark);
        }
    fillWeakScalingTable(*m_weakModel, weak);
    m_weakTable->resizeColumnsToContents();
    const bool wasCollapsed = m_weakBody->isHidden();
    m_weakBody->setVisible(!weak.empty());
    m_noWeak->setVisible(weak.empty());
    m_weakSection->layout()->invalidate();
    m_weakSection->setMaximumHeight(weak.empty() ? m_weakSection->minimumSizeHint().height()
                                                 : QWIDGETSIZE_MAX);
    if (wasCollapsed && !weak.empty()) {
        // The splitter keeps the one line's height unless given the sections' 3 : 2 again.
        const QList<int> sizes = m_sections->sizes();
        const int height = sizes[0] + sizes[1];
        m_sections->setSizes({height * 3 / 5, height * 2 / 5});
    }
    m_weakChart->clearSeries();
    m_weakChart->setNoDataMessage(tr("No weak-scaling submission has a converged instance to plot."));
    int colorIndex = 0;
    for (mlperf::Benchmark benchmark : benchmarks) {
        ChartSeries series;
        series.name = benchmarkName(benchmark);
        series.style = ChartSeries::Style::Points;
        series.color = categoricalColor(colorIndex++);
        for (const mlperf::Submission* s : weak)
            if (s->benchmark == benchmark) {
                series.x << static_cast<double>(s->accelerators);
                series.y << s->score.modelsPerMinute;
                series.pointToolTips << tr("%1 %2 %3\n%4 models in %5 min: %6 models/min")
                                            .arg(text(s->round), text(s->org), text(s->system))
                                            .arg(s->score.models)
                                            .arg(s->score.scoreMinutes, 0, 'f', 2)
                                            .arg(s->score.modelsPerMinute, 0, 'f', 3);
            }
        m_weakChart->addSeries(series);
    }
    m_weakChart->rescaleToData();
}

} // namespace sciperf
