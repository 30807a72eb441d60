#include "submissions_workspace.h"

#include "result_table_view.h"
#include "sciperf/analysis/mlperf/compliance.h"
#include "sciperf/views/convergence_chart.h"
#include "sciperf/views/mlperf_tables.h"
#include "sciperf/views/time_breakdown_chart.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStandardItemModel>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <map>

namespace sciperf {

namespace {

constexpr int kSubmissionRole = Qt::UserRole + 10; // on leaves: index into the tree's submissions

QString describe(const mlperf::Submission& s) {
    return QStringLiteral("%1 %2 %3 — %4 (%5 scaling)")
        .arg(text(s.round), text(s.org), text(s.system), benchmarkName(s.benchmark),
             text(std::string(mlperf::scalingName(s.scaling))));
}

// Compliance findings first, then what the parser and the tree walk noticed, all as findings
// with file:line, so that one list says everything that is wrong with a submission.
std::vector<mlperf::Finding> findingsOf(const mlperf::Submission& submission) {
    std::vector<mlperf::Finding> findings = mlperf::checkSubmission(submission);
    auto add = [&findings](const std::vector<mlperf::Diagnostic>& diagnostics, const char* check) {
        for (const auto& d : diagnostics)
            findings.push_back({check, d.severity, d.file, d.line, d.message});
    };
    add(submission.diagnostics, "layout");
    for (const auto& run : submission.runs)
        add(run.diagnostics, "log");
    return findings;
}

QWidget* withHeading(QLabel* heading, QWidget* body, QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    heading->setWordWrap(true); // long system names wrap instead of widening the window
    layout->addWidget(heading);
    layout->addWidget(body, 1);
    return box;
}

} // namespace

SubmissionsWorkspace::SubmissionsWorkspace(QWidget* parent)
    : QWidget(parent)
    , m_tree(new QTreeWidget(this))
    , m_comparisonModel(new QStandardItemModel(this))
    , m_currentLabel(new QLabel(this))
    , m_details(new QTabWidget(this))
    , m_breakdown(new TimeBreakdownChart(this))
    , m_convergence(new ConvergenceChart(this))
    , m_runModel(new QStandardItemModel(this))
    , m_eventModel(new QStandardItemModel(this))
    , m_eventLabel(new QLabel(this))
    , m_findingModel(new QStandardItemModel(this)) {
    m_tree->setObjectName(QStringLiteral("submissionTree"));
    m_tree->setHeaderLabels({tr("Round / organisation / system / benchmark"), tr("Score (min)")});
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setUniformRowHeights(true);
    m_tree->setTextElideMode(Qt::ElideMiddle); // system names differ at their ends (n16 / n128)
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_tree->setToolTip(tr("Select submissions to compare (Ctrl/Shift for several); a round, organisation "
                          "or system selects everything under it."));
    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &SubmissionsWorkspace::onTreeSelectionChanged);

    m_comparison =
        createResultTableView(m_comparisonModel, QStringLiteral("submissions"), this, &m_comparisonProxy);
    m_comparison->setObjectName(QStringLiteral("comparisonTable"));
    m_comparison->setSelectionMode(QAbstractItemView::SingleSelection);
    connect(m_comparison->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                showCurrent(currentSubmission());
                (void)current;
            });

    m_runs = createResultTableView(m_runModel, QStringLiteral("runs"), this);
    m_runs->setObjectName(QStringLiteral("runTable"));
    m_runs->setToolTip(tr("Double-click a run to see its events"));
    connect(m_runs, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        showRunEvents(index.siblingAtColumn(0).data(kFileRole).toString());
    });
    m_events = createResultTableView(m_eventModel, QStringLiteral("events"), this);
    m_events->setObjectName(QStringLiteral("eventTable"));
    m_findings = createResultTableView(m_findingModel, QStringLiteral("findings"), this);
    m_findings->setObjectName(QStringLiteral("findingTable"));
    m_eventLabel->setText(tr("Double-click a run in <b>Runs</b> to list its events here."));

    auto* charts = new QSplitter(Qt::Horizontal, this);
    charts->addWidget(m_breakdown);
    charts->addWidget(m_convergence);
    m_charts = charts;
    m_details->setObjectName(QStringLiteral("submissionDetails"));
    m_details->addTab(charts, tr("Time breakdown and convergence"));
    m_details->addTab(m_runs, tr("Runs"));
    m_details->addTab(withHeading(m_eventLabel, m_events, this), tr("Run events"));
    m_details->addTab(m_findings, tr("Findings"));

    auto* comparisonHeading =
        new QLabel(tr("<b>Selected submissions</b> — click a row to show its runs below"), this);
    QFont headingFont = m_currentLabel->font();
    headingFont.setBold(true);
    m_currentLabel->setFont(headingFont);
    m_currentLabel->setObjectName(QStringLiteral("currentSubmission"));

    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(withHeading(comparisonHeading, m_comparison, this));
    right->addWidget(withHeading(m_currentLabel, m_details, this));
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 3);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_tree);
    split->addWidget(right);
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setSizes({400, 1200});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(split);
    showCurrent(nullptr);
}

void SubmissionsWorkspace::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    // Halves: neither picture is the lesser one. Set once laid out: the splitter is first built
    // hidden behind the empty state, where sizes and stretch factors do not take.
    if (!m_chartsBalanced)
        QTimer::singleShot(0, this, [this] {
            const int half = m_charts->width() / 2;
            if (half > 0) {
                m_charts->setSizes({half, half});
                m_chartsBalanced = true;
            }
        });
}

void SubmissionsWorkspace::setTree(std::shared_ptr<const mlperf::ResultsTree> tree) {
    m_data = std::move(tree);
    fillTree();
    // Open on something to compare rather than on empty charts: the strong-scaling submissions
    // of the benchmark with the most of them.
    if (!m_data)
        return;
    std::map<mlperf::Benchmark, std::vector<std::size_t>> strongByBenchmark;
    for (std::size_t index = 0; index < m_data->submissions.size(); ++index)
        if (m_data->submissions[index].scaling == mlperf::Scaling::Strong)
            strongByBenchmark[m_data->submissions[index].benchmark].push_back(index);
    const auto largest =
        std::max_element(strongByBenchmark.begin(), strongByBenchmark.end(),
                         [](const auto& a, const auto& b) { return a.second.size() < b.second.size(); });
    if (largest != strongByBenchmark.end())
        selectSubmissions(largest->second);
}

void SubmissionsWorkspace::fillTree() {
    m_tree->clear();
    if (!m_data)
        return;
    // Submissions arrive ordered by round, org, system: parents are made as paths first appear.
    std::map<QStringList, QTreeWidgetItem*> parents;
    auto parentFor = [&](const QStringList& path) {
        QTreeWidgetItem* parent = nullptr;
        for (qsizetype depth = 1; depth <= path.size(); ++depth) {
            const QStringList prefix = path.mid(0, depth);
            auto& item = parents[prefix];
            if (item == nullptr) {
                item = parent == nullptr ? new QTreeWidgetItem(m_tree, {prefix.last()})
                                         : new QTreeWidgetItem(parent, {prefix.last()});
            }
            parent = item;
        }
        return parent;
    };
    const auto& submissions = m_data->submissions;
    for (std::size_t i = 0; i < submissions.size(); ++i) {
        const mlperf::Submission& s = submissions[i];
        QTreeWidgetItem* parent =
            parentFor({s.round.empty() ? tr("(no round)") : text(s.round), text(s.org), text(s.system)});
        auto* leaf = new QTreeWidgetItem(
            parent, {QStringLiteral("%1 (%2)").arg(benchmarkName(s.benchmark),
                                                   text(std::string(mlperf::scalingName(s.scaling)))),
                     std::isfinite(s.score.scoreMinutes) ? QString::number(s.score.scoreMinutes, 'f', 2)
                                                         : QStringLiteral("—")});
        leaf->setData(0, kSubmissionRole, QVariant::fromValue(static_cast<qulonglong>(i)));
        leaf->setToolTip(0, describe(s));
        leaf->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        if (!s.score.valid) {
            leaf->setForeground(1, QColor(176, 32, 32));
            leaf->setToolTip(1, tr("invalid: %1").arg(text(s.score.invalidReason)));
        }
    }
    // Rounds and organisations open; systems closed until wanted (there can be dozens).
    for (int r = 0; r < m_tree->topLevelItemCount(); ++r) {
        QTreeWidgetItem* round = m_tree->topLevelItem(r);
        round->setExpanded(true);
        for (int o = 0; o < round->childCount(); ++o)
            round->child(o)->setExpanded(true);
    }
    onTreeSelectionChanged();
}

void SubmissionsWorkspace::selectSubmissions(const std::vector<std::size_t>& indices) {
    const QSet<qulonglong> wanted(indices.begin(), indices.end());
    m_tree->blockSignals(true);
    m_tree->clearSelection();
    QTreeWidgetItem* first = nullptr;
    for (QTreeWidgetItemIterator it(m_tree); *it != nullptr; ++it) {
        const QVariant index = (*it)->data(0, kSubmissionRole);
        if (index.isValid() && wanted.contains(index.toULongLong())) {
            (*it)->setSelected(true);
            for (QTreeWidgetItem* up = (*it)->parent(); up != nullptr; up = up->parent())
                up->setExpanded(true);
            if (first == nullptr)
                first = *it;
        }
    }
    m_tree->blockSignals(false);
    if (first != nullptr)
        m_tree->scrollToItem(first);
    onTreeSelectionChanged();
}

void SubmissionsWorkspace::onTreeSelectionChanged() {
    m_selected.clear();
    if (m_data) {
        // Every leaf at or under a selected item, once, in tree order.
        for (QTreeWidgetItemIterator it(m_tree); *it != nullptr; ++it) {
            const QVariant index = (*it)->data(0, kSubmissionRole);
            if (!index.isValid())
                continue;
            bool chosen = false;
            for (const QTreeWidgetItem* item = *it; item != nullptr && !chosen; item = item->parent())
                chosen = item->isSelected();
            if (chosen)
                m_selected.push_back(&m_data->submissions[index.toULongLong()]);
        }
    }
    fillSubmissionTable(*m_comparisonModel, m_selected);
    m_comparison->resizeColumnsToContents();
    if (!m_selected.empty())
        m_comparison->selectRow(0);
    else
        showCurrent(nullptr);
}

std::vector<const mlperf::Submission*> SubmissionsWorkspace::selectedSubmissions() const {
    return m_selected;
}

const mlperf::Submission* SubmissionsWorkspace::currentSubmission() const {
    const QModelIndex current = m_comparisonProxy->mapToSource(m_comparison->currentIndex());
    if (!current.isValid() || static_cast<std::size_t>(current.row()) >= m_selected.size())
        return nullptr;
    return m_selected[static_cast<std::size_t>(current.row())];
}

void SubmissionsWorkspace::showCurrent(const mlperf::Submission* submission) {
    m_eventModel->clear();
    if (submission == nullptr) {
        m_currentLabel->setText(tr("Select submissions in the tree on the left."));
        m_breakdown->clear();
        m_convergence->clear();
        m_runModel->clear();
        m_findingModel->clear();
        m_details->setTabText(3, tr("Findings"));
        return;
    }
    m_currentLabel->setText(describe(*submission));
    // The heading above names the submission; the titles stay short enough for half the width.
    m_breakdown->setRuns(submission->runs, tr("Where the time goes, per run"));
    m_convergence->setRuns(submission->runs, submission->benchmark, tr("Convergence of each run"));
    fillRunTable(*m_runModel, *submission);
    m_runs->resizeColumnsToContents();
    const auto findings = findingsOf(*submission);
    fillFindingTable(*m_findingModel, findings);
    m_findings->resizeColumnsToContents();
    m_details->setTabText(3, tr("Findings (%1)").arg(findings.size()));
    m_eventLabel->setText(tr("Double-click a run in <b>Runs</b> to list its events here."));
}

void SubmissionsWorkspace::showRunEvents(const QString& resultFile) {
    const mlperf::Submission* submission = currentSubmission();
    if (submission == nullptr || resultFile.isEmpty())
        return;
    // Summaries keep no events (a whole round would not fit); the one run asked for is read again.
    const auto parsed = mlperf::parseLogFile(resultFile.toStdString(), submission->benchmark, true);
    fillEventTable(*m_eventModel, parsed.events, parsed.summary.run.startMs);
    m_events->resizeColumnsToContents();
    m_eventLabel->setText(tr("<b>%1</b>: %2 events, %3 diagnostics — %4")
                              .arg(QFileInfo(resultFile).fileName())
                              .arg(parsed.events.size())
                              .arg(parsed.summary.diagnostics.size())
                              .arg(resultFile.toHtmlEscaped()));
    m_details->setCurrentIndex(2);
}

} // namespace sciperf
