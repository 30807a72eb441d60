// The whole development data set, loaded and scored, against the reference numbers in
// EXPECTED_scores.csv / EXPECTED_runs.csv (reference re-implementation of the summarizer) and
// v1.0/NVIDIA/result_summarizer.csv (the official summarizer's output).
#include "sciperf/analysis/mlperf/results.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <set>

using namespace sciperf::mlperf;

namespace {

using Row = QMap<QString, QString>;

QString dataRoot() {
    return qEnvironmentVariable("SCIPERF_DATA_DIR") + QStringLiteral("/mlperf-hpc");
}

// Rows of a CSV without quoted fields (true of these files), as header -> value maps. A second
// header line (result_summarizer.csv's weak block) starts a new block.
QList<QList<Row>> readCsv(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open %s", qPrintable(path));
    QList<QList<Row>> blocks;
    QStringList header;
    while (!file.atEnd()) {
        const QString text = QString::fromUtf8(file.readLine()).trimmed();
        if (text.isEmpty())
            continue;
        const QStringList cells = text.split(QLatin1Char(','));
        if (cells.value(0) == QLatin1String("round") || cells.value(0) == QLatin1String("division")) {
            header = cells;
            blocks.append(QList<Row>());
            continue;
        }
        Row row;
        for (int i = 0; i < header.size(); ++i)
            row[header[i]] = cells.value(i);
        blocks.last().append(row);
    }
    return blocks;
}

bool closeRelative(double actual, double expected, double tolerance) {
    return std::fabs(actual - expected) <= tolerance * std::max(1.0, std::fabs(expected));
}

// `actual` printed with `decimals` decimals (as the CSV did) equals `printed`.
bool matchesPrinted(double actual, const QString& printed) {
    const int dot = printed.indexOf(QLatin1Char('.'));
    const int decimals = dot < 0 ? 0 : int(printed.size() - dot - 1);
    const double half = 0.5 * std::pow(10.0, -decimals);
    return std::fabs(actual - printed.toDouble()) <= half + 1e-9;
}

Scaling scalingOf(const QString& name) {
    return name == QLatin1String("weak") ? Scaling::Weak : Scaling::Strong;
}

} // namespace

class TestMlperfScores : public QObject {
    Q_OBJECT

    ResultsTree m_tree;
    std::map<std::string, const RunSummary*> m_runsByFile; // path relative to the data root

    const Submission* find(const QString& round, const QString& org, const QString& system, Scaling scaling,
                           const QString& benchmark) const {
        for (const Submission& s : m_tree.submissions)
            if (s.round == round.toStdString() && s.org == org.toStdString() &&
                s.system == system.toStdString() && s.scaling == scaling &&
                s.benchmark == benchmarkFromName(benchmark.toStdString()))
                return &s;
        return nullptr;
    }

private slots:
    void initTestCase() {
        if (!QDir(dataRoot()).exists())
            QSKIP(qPrintable(
                QStringLiteral("MLPerf HPC development data not found at %1 (set SCIPERF_DATA_DIR)")
                    .arg(dataRoot())));
        m_tree = loadResultsTree(dataRoot().toStdString());
        const std::string prefix = dataRoot().toStdString() + "/";
        for (const Submission& s : m_tree.submissions)
            for (const auto* runs : {&s.runs, &s.pruned})
                for (const RunSummary& run : *runs)
                    m_runsByFile[run.file.substr(prefix.size())] = &run;
    }

    void loadsEverythingCleanly() {
        QCOMPARE(m_tree.submissions.size(), std::size_t{24});
        QCOMPARE(m_tree.files, std::size_t{203});
        QCOMPARE(m_runsByFile.size(), std::size_t{203});
        QCOMPARE(m_tree.filesParsed, std::size_t{203});
        QVERIFY(m_tree.bytes > 15'000'000);
        for (const Diagnostic& d : m_tree.diagnostics)
            qWarning("%s:%zu %s", d.file.c_str(), d.line, d.message.c_str());
        QVERIFY(m_tree.diagnostics.empty());
        for (const Submission& s : m_tree.submissions) {
            QVERIFY2(s.diagnostics.empty(), s.folder.c_str());
            QVERIFY(!s.systemDescription.name.empty());
        }
        QVERIFY(m_tree.duplicates.empty()); // no file of the development set is a copy of another
        // Ordered by round, org, system, scaling, benchmark.
        for (std::size_t i = 1; i < m_tree.submissions.size(); ++i) {
            const Submission& a = m_tree.submissions[i - 1];
            const Submission& b = m_tree.submissions[i];
            QVERIFY(std::tie(a.round, a.org, a.system, a.scaling) <=
                    std::tie(b.round, b.org, b.system, b.scaling));
        }
    }

    void everySubmissionIsExpectedAndViceVersa() {
        const auto rows = readCsv(dataRoot() + "/EXPECTED_scores.csv").value(0);
        std::set<std::string> expected, loaded;
        for (const auto& row : rows)
            expected.insert((row["round"] + "|" + row["org"] + "|" + row["system"] + "|" + row["scaling"] +
                             "|" + row["benchmark"])
                                .toStdString());
        for (const Submission& s : m_tree.submissions)
            loaded.insert(s.round + "|" + s.org + "|" + s.system + "|" + std::string(scalingName(s.scaling)) +
                          "|" + std::string(rulesFor(s.benchmark).name));
        QCOMPARE(rows.size(), 24);
        QVERIFY(expected == loaded);
    }

    void scoresMatchExpected_data() {
        QTest::addColumn<Row>("row");
        for (const auto& row : readCsv(dataRoot() + "/EXPECTED_scores.csv").value(0))
            QTest::newRow(qPrintable(row["round"] + " " + row["system"] + " " + row["scaling"] + " " +
                                     row["benchmark"]))
                << row;
    }

    void scoresMatchExpected() {
        QFETCH(Row, row);
        const bool weak = row["scaling"] == QLatin1String("weak");
        const Submission* s =
            find(row["round"], row["org"], row["system"], scalingOf(row["scaling"]), row["benchmark"]);
        QVERIFY(s);
        QCOMPARE(QString::fromStdString(s->systemDescription.division), row["division"]);
        QCOMPARE(s->score.runs, row["n_files"].toInt());
        QCOMPARE(s->score.converged, row["n_converged"].toInt());
        QCOMPARE(s->score.runs - s->score.converged, row["n_failed"].toInt());
        QVERIFY2(closeRelative(s->score.scoreMinutes, row["score_min"].toDouble(), 1e-9),
                 qPrintable(QString::number(s->score.scoreMinutes, 'g', 17)));
        QVERIFY(s->score.valid);
        if (!row["scaling_factor"].isEmpty())
            QVERIFY(closeRelative(s->score.scalingFactor, row["scaling_factor"].toDouble(), 1e-12));
        else
            QCOMPARE(s->score.scalingFactor, 1.0);
        if (weak) {
            QCOMPARE(s->score.models, row["models"].toInt());
            QCOMPARE(s->score.instanceScale, row["instance_scale"].toLongLong());
            QVERIFY(closeRelative(s->score.modelsPerMinute, row["models_per_min"].toDouble(), 1e-9));
        } else {
            QVERIFY(row["models"].isEmpty());
            QVERIFY(std::isnan(s->score.modelsPerMinute));
        }
        QCOMPARE(s->accelerators, row["accelerators"].toLongLong());
        QCOMPARE(QString::fromStdString(s->systemDescription.acceleratorModel), row["accelerator"]);
        // The reference leaves staging and epochs blank for weak scaling; strong rows print them.
        if (!weak) {
            if (row["mean_staging_s"].isEmpty())
                QVERIFY(std::isnan(s->meanStagingSeconds));
            else
                QVERIFY2(matchesPrinted(s->meanStagingSeconds, row["mean_staging_s"]),
                         qPrintable(QString::number(s->meanStagingSeconds, 'g', 17)));
            // The reference lists epochs in file-name order (result_1, result_10, result_2, ...).
            std::vector<const RunSummary*> byName;
            for (const RunSummary& run : s->runs)
                byName.push_back(&run);
            std::sort(byName.begin(), byName.end(), [](auto a, auto b) { return a->file < b->file; });
            QStringList epochs;
            for (const RunSummary* run : byName)
                epochs << QString::number(run->epochsToConverge, 'g', 17);
            QCOMPARE(epochs.join(QLatin1Char(';')), row["epochs"]);
        }
    }

    void runsMatchExpected_data() {
        QTest::addColumn<Row>("row");
        for (const auto& row : readCsv(dataRoot() + "/EXPECTED_runs.csv").value(0))
            QTest::newRow(qPrintable(row["file"])) << row;
    }

    void runsMatchExpected() {
        QFETCH(Row, row);
        const auto found = m_runsByFile.find(row["file"].toStdString());
        QVERIFY(found != m_runsByFile.end());
        const RunSummary& run = *found->second;
        auto optionalMatches = [](const std::optional<std::int64_t>& value, const QString& text) {
            return text.isEmpty() ? !value.has_value() : value == text.toLongLong();
        };
        QCOMPARE(run.converged, row["converged"] == QLatin1String("True"));
        QCOMPARE(QString::fromStdString(run.runStopStatus), row["status"]);
        if (row["ttt_min"].isEmpty())
            QVERIFY(std::isnan(run.timeToTrainMinutes));
        else
            QVERIFY(closeRelative(run.timeToTrainMinutes, row["ttt_min"].toDouble(), 1e-9));
        QCOMPARE(QString::number(run.epochsToConverge, 'g', 17), row["epochs_to_converge"]);
        QVERIFY(closeRelative(run.lastEval, row["last_eval"].toDouble(), 1e-12));
        QCOMPARE(run.evals.size(), std::size_t(row["n_evals"].toULongLong()));
        if (row["staging_s"].isEmpty())
            QVERIFY(!run.staging.complete());
        else
            QVERIFY2(matchesPrinted(run.staging.seconds(), row["staging_s"]),
                     qPrintable(QString::number(run.staging.seconds(), 'g', 17)));
        QCOMPARE(run.stagingInsideRun, row["staging_inside_run"] == QLatin1String("True"));
        QVERIFY(matchesPrinted(run.init.seconds(), row["init_s"]));
        QVERIFY(optionalMatches(run.globalBatchSize, row["gbs"]));
        QVERIFY(optionalMatches(run.nodes, row["nodes"]));
        QVERIFY(optionalMatches(run.acceleratorsPerNode, row["acc_per_node"]));
        QCOMPARE(QString::fromStdString(run.logOrg), row["log_org"]);
        QCOMPARE(QString::fromStdString(run.logDivision), row["log_division"]);
        QCOMPARE(run.mllogLines, std::size_t(row["mllog_lines"].toULongLong()));
        QCOMPARE(run.badLines, std::size_t(row["bad_lines"].toULongLong()));
    }

    void officialSummarizerOutputMatches() {
        const auto blocks = readCsv(dataRoot() + "/v1.0/NVIDIA/result_summarizer.csv");
        QCOMPARE(blocks.size(), 2);
        int strong = 0, weak = 0;
        for (const auto& row : blocks[0]) {
            for (const char* bench : {"cosmoflow", "deepcam", "oc20"}) {
                const QString value = row[QLatin1String(bench)];
                if (value.isEmpty())
                    continue;
                const Submission* s = find(QStringLiteral("v1.0"), row["submitter"], row["system"],
                                           Scaling::Strong, QLatin1String(bench));
                QVERIFY2(s, qPrintable(row["system"]));
                QVERIFY(closeRelative(s->score.scoreMinutes, value.toDouble(), 1e-12));
                QCOMPARE(s->accelerators, row["accelerators_count"].toLongLong());
                QCOMPARE(QString::fromStdString(s->systemDescription.acceleratorModel),
                         row["accelerator_model_name"]);
                ++strong;
            }
        }
        for (const auto& row : blocks[1]) {
            for (const char* bench : {"cosmoflow", "deepcam", "oc20"}) {
                const QString models = row[QLatin1String(bench) + QLatin1String(":number_of_models")];
                if (models.isEmpty())
                    continue;
                const Submission* s = find(QStringLiteral("v1.0"), row["submitter"], row["system"],
                                           Scaling::Weak, QLatin1String(bench));
                if (row["system"] == QLatin1String("dgxa100_n512_ngc21.09_pytorch")) {
                    QVERIFY(!s); // its logs are not in the development data (reference §7)
                    continue;
                }
                QVERIFY2(s, qPrintable(row["system"]));
                QCOMPARE(double(s->score.models), models.toDouble());
                QCOMPARE(double(s->score.instanceScale),
                         row[QLatin1String(bench) + QLatin1String(":instance_scale")].toDouble());
                QVERIFY(closeRelative(
                    s->score.scoreMinutes,
                    row[QLatin1String(bench) + QLatin1String(":time_to_train_all")].toDouble(), 1e-12));
                QCOMPARE(s->accelerators, row["accelerators_count"].toLongLong());
                ++weak;
            }
        }
        QCOMPARE(strong, 4);
        QCOMPARE(weak, 1);
    }

    void knownQuirksScoreAsTheReferenceSays() {
        // CSCS result_4 has no run_stop and is dropped as the slowest run (reference §7).
        const RunSummary* cscs =
            m_runsByFile.at("v0.7/CSCS/results/daint_gpu_n256_tf2.2.0/cosmoflow/result_4.txt");
        QVERIFY(!cscs->hasRunStop);
        QVERIFY(!cscs->converged);
        // Fujitsu result_9: status success, target missed (quirk 5).
        const RunSummary* abci =
            m_runsByFile.at("v0.7/Fujitsu/results/abci_512xV100_tensorflow_closed/cosmoflow/result_9.txt");
        QCOMPARE(abci->runStopStatus, std::string("success"));
        QVERIFY(!abci->targetMet);
        // NVIDIA's OpenFold seeds are strings beyond 2^53, kept exactly.
        QCOMPARE(
            m_runsByFile.at("v3.0/NVIDIA/results/eos_n260_ngc23.09_pytorch/strong/openfold/result_1.txt")
                ->seed,
            std::string("1695866960111485445"));
    }

    void loadsOneRoundOrOneOrgAlike() {
        const ResultsTree round = loadResultsTree((dataRoot() + "/v3.0").toStdString(), {});
        QCOMPARE(round.submissions.size(), std::size_t{8});
        const ResultsTree org = loadResultsTree((dataRoot() + "/v1.0/NVIDIA").toStdString(), {});
        QCOMPARE(org.submissions.size(), std::size_t{5});
        for (const Submission& s : org.submissions) {
            QCOMPARE(s.round, std::string("v1.0"));
            QCOMPARE(s.org, std::string("NVIDIA"));
            const Submission* whole =
                find(QStringLiteral("v1.0"), QStringLiteral("NVIDIA"), QString::fromStdString(s.system),
                     s.scaling, QString::fromStdString(std::string(rulesFor(s.benchmark).name)));
            QVERIFY(whole);
            QCOMPARE(s.score.scoreMinutes, whole->score.scoreMinutes);
        }
    }

    void twoRoundsLoadedApartMergeIntoTheWholeTreesOrder() {
        ResultsTree v30 = loadResultsTree((dataRoot() + "/v3.0").toStdString(), {});
        ResultsTree v07 = loadResultsTree((dataRoot() + "/v0.7").toStdString(), {});
        const std::size_t files = v30.files + v07.files;
        // Merged in the "wrong" order: v3.0 first.
        const ResultsTree merged = mergeResultsTrees(std::move(v30), std::move(v07));
        QCOMPARE(merged.files, files);
        std::vector<const Submission*> expected;
        for (const Submission& s : m_tree.submissions)
            if (s.round == "v0.7" || s.round == "v3.0")
                expected.push_back(&s);
        QCOMPARE(merged.submissions.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            QCOMPARE(merged.submissions[i].round, expected[i]->round);
            QCOMPARE(merged.submissions[i].system, expected[i]->system);
            QCOMPARE(merged.submissions[i].score.scoreMinutes, expected[i]->score.scoreMinutes);
        }
    }

    void threadsGiveTheSameOrderAndProgressCounts() {
        std::atomic<std::size_t> calls{0}, lastTotal{0};
        LoadOptions options;
        options.threads = 1;
        const ResultsTree single = loadResultsTree((dataRoot() + "/v0.7").toStdString(), options);
        options.threads = 4;
        options.progress = [&](std::size_t, std::size_t total) {
            ++calls;
            lastTotal = total;
        };
        const ResultsTree multi = loadResultsTree((dataRoot() + "/v0.7").toStdString(), options);
        QCOMPARE(calls.load(), std::size_t{40});
        QCOMPARE(lastTotal.load(), std::size_t{40});
        QCOMPARE(multi.submissions.size(), single.submissions.size());
        for (std::size_t i = 0; i < multi.submissions.size(); ++i) {
            QCOMPARE(multi.submissions[i].runs.size(), single.submissions[i].runs.size());
            for (std::size_t r = 0; r < multi.submissions[i].runs.size(); ++r)
                QCOMPARE(multi.submissions[i].runs[r].file, single.submissions[i].runs[r].file);
        }
        // Runs are ordered by number: result_1, result_2, ..., result_10.
        QVERIFY(single.submissions[0].runs.front().file.ends_with("result_1.txt"));
        QVERIFY(single.submissions[0].runs.back().file.ends_with("result_10.txt"));

        options.cancelled = [] {
            return true;
        };
        const ResultsTree cancelled = loadResultsTree((dataRoot() + "/v0.7").toStdString(), options);
        QCOMPARE(cancelled.filesParsed, std::size_t{0});
    }

    void theCacheSparesUnchangedFiles() {
        struct MemoryCache : SummaryCache {
            std::map<std::string, std::pair<FileStamp, CachedSummary>> entries;
            int finds = 0, hits = 0;
            std::optional<CachedSummary> find(const std::string& path, const FileStamp& stamp) override {
                ++finds;
                const auto it = entries.find(path);
                if (it == entries.end() || !(it->second.first == stamp))
                    return std::nullopt;
                ++hits;
                return it->second.second;
            }
            void remember(const std::string& path, const FileStamp& stamp,
                          const CachedSummary& parsed) override {
                entries[path] = {stamp, parsed};
            }
        } cache;
        LoadOptions options;
        options.cache = &cache;
        const std::string root = (dataRoot() + "/v3.0/HPE+LBNL").toStdString();
        const ResultsTree first = loadResultsTree(root, options);
        QCOMPARE(first.filesParsed, std::size_t{25});
        QCOMPARE(cache.entries.size(), std::size_t{25});
        const ResultsTree second = loadResultsTree(root, options);
        QCOMPARE(second.filesParsed, std::size_t{0});
        QCOMPARE(cache.hits, 25);
        QCOMPARE(second.files, std::size_t{25});
        QCOMPARE(second.submissions.size(), first.submissions.size());
        for (std::size_t i = 0; i < first.submissions.size(); ++i)
            QCOMPARE(second.submissions[i].score.scoreMinutes, first.submissions[i].score.scoreMinutes);
    }

    void identicalLogsAreReportedAsDuplicates() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString source =
            dataRoot() + "/v3.0/NVIDIA/results/eos_n256_ngc23.09_pytorch/strong/deepcam/result_1.txt";
        const QString folder = dir.path() + "/v9.9/ACME/results/sys/strong/deepcam";
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(source, folder + "/result_0.txt"));
        QVERIFY(QFile::copy(source, folder + "/result_1.txt"));
        QVERIFY(QFile::copy(dataRoot() +
                                "/v3.0/NVIDIA/results/eos_n256_ngc23.09_pytorch/strong/deepcam/result_2.txt",
                            folder + "/result_2.txt"));
        const ResultsTree tree = loadResultsTree(dir.path().toStdString());
        QCOMPARE(tree.submissions.size(), std::size_t{1});
        QCOMPARE(tree.submissions[0].round, std::string("v9.9"));
        QCOMPARE(tree.duplicates.size(), std::size_t{1});
        const auto& [hash, paths] = *tree.duplicates.begin();
        QCOMPARE(paths.size(), std::size_t{2});
        QVERIFY(paths[0].ends_with("result_0.txt"));
        QVERIFY(paths[1].ends_with("result_1.txt"));
        QFile file(source);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QCOMPARE(hash, contentHash(std::string_view(bytes.constData(), std::size_t(bytes.size()))));
        // No systems/sys.json: a diagnostic on the submission, and no accelerators.
        QCOMPARE(tree.submissions[0].diagnostics.size(), std::size_t{1});
        QCOMPARE(tree.submissions[0].accelerators, std::int64_t{0});
    }

    void contentHashIsFnv1a() {
        QCOMPARE(contentHash(""), std::uint64_t{14695981039346656037ull});
        QCOMPARE(contentHash("a"), std::uint64_t{0xaf63dc4c8601ec8cull}); // published FNV-1a 64 test vector
        QCOMPARE(contentHash("foobar"), std::uint64_t{0x85944171f73967e8ull});
        QCOMPARE(contentHash("bar", contentHash("foo")), contentHash("foobar"));
    }
};

QTEST_APPLESS_MAIN(TestMlperfScores)
#include "tst_mlperf_scores.moc"
