// Seeded mutation test of LogParser: real logs, damaged in the ways files get damaged (and some
// hostile ones), fed in random chunks. Nothing may crash or hang, each summary must be
// self-consistent, and chunked feeding must agree with one feed. Deterministic (fixed seed),
// bounded by a time budget (SCIPERF_FUZZ_SECONDS, default 20) and an iteration count.
#include "sciperf/analysis/mlperf/results.h"
#include "summary_text.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <random>

using namespace sciperf::mlperf;
using sciperf::mlperf::testing::describe;

namespace {

constexpr int kMaxIterations = 20000;
constexpr qint64 kMaxMsPerInput = 5000;

// The development data where present; else the real submissions the application embeds, so that
// the fuzzer always runs, also in a checkout without ../shared/data.
QString dataRoot() {
    const QString shared = qEnvironmentVariable("SCIPERF_DATA_DIR") + QStringLiteral("/mlperf-hpc");
    if (QDir(shared).exists())
        return shared;
    return qEnvironmentVariable("SCIPERF_SOURCE_DIR") + QStringLiteral("/resources/mlperf-sample");
}

class Mutator {
public:
    explicit Mutator(std::uint64_t seed)
        : m_random(seed) {}

    std::size_t below(std::size_t n) {
        return n == 0 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(m_random);
    }

    std::string mutate(std::string text) {
        const int mutations = 1 + static_cast<int>(below(3));
        for (int i = 0; i < mutations; ++i)
            text = mutateOnce(std::move(text));
        return text;
    }

    // Sizes of consecutive chunks covering `size` bytes: tiny, medium or whole.
    std::vector<std::size_t> chunking(std::size_t size) {
        std::vector<std::size_t> sizes;
        const std::size_t scale = std::size_t{1} << below(17);
        for (std::size_t at = 0; at < size;) {
            const std::size_t n = std::min(size - at, 1 + below(scale));
            sizes.push_back(n);
            at += n;
        }
        return sizes;
    }

    bool hugeLineUsed = false;

private:
    std::size_t lineStart(const std::string& text, std::size_t at) {
        const std::size_t newline = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
        return newline == std::string::npos ? 0 : newline + 1;
    }

    std::string mutateOnce(std::string text) {
        const std::size_t at = below(text.size() + 1);
        switch (below(11)) {
        case 0: // truncate
            text.resize(at);
            break;
        case 1: // flip bytes
            for (std::size_t i = 0, n = 1 + below(16); i < n && !text.empty(); ++i)
                text[below(text.size())] ^= static_cast<char>(1 + below(255));
            break;
        case 2: { // binary garbage
            std::string garbage(1 + below(200), '\0');
            for (char& c : garbage)
                c = static_cast<char>(below(256));
            text.insert(at, garbage);
            break;
        }
        case 3: { // duplicate a line
            const std::size_t start = lineStart(text, at);
            const std::size_t end = text.find('\n', start);
            const std::string copy =
                text.substr(start, end == std::string::npos ? std::string::npos : end - start + 1);
            text.insert(start, copy);
            break;
        }
        case 4: { // delete a line
            const std::size_t start = lineStart(text, at);
            const std::size_t end = text.find('\n', start);
            text.erase(start, end == std::string::npos ? std::string::npos : end - start + 1);
            break;
        }
        case 5: { // a number becomes NaN, Infinity, out of range or absurdly long
            const std::size_t digit = text.find_first_of("0123456789", at);
            if (digit == std::string::npos)
                break;
            std::size_t end = digit;
            while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.'))
                ++end;
            static const char* const kReplacements[] = {"NaN", "Infinity", "-Infinity", "1e400", "-1e400"};
            const std::string replacement =
                below(6) == 5 ? std::string(1 + below(5000), '9') : std::string(kReplacements[below(5)]);
            text.replace(digit, end - digit, replacement);
            break;
        }
        case 6: // a 20 MB line, once per run (it costs time)
            if (!hugeLineUsed) {
                hugeLineUsed = true;
                text.insert(lineStart(text, at), ":::MLLOG {\"key\": \"x\", \"value\": \"" +
                                                     std::string(20u << 20, 'z') + "\"}\n");
            }
            break;
        case 7: // empty file
            text.clear();
            break;
        case 8: { // invalid UTF-8 (and latin-1) bytes
            static const char* const kBytes[] = {"\xC3\x28", "\xFF\xFE", "\xE9", "\xED\xA0\x80", "\x80"};
            text.insert(at, kBytes[below(5)]);
            break;
        }
        case 9: // hostile nesting inside an MLLOG line
            text.insert(lineStart(text, at), ":::MLLOG {\"key\": \"deep\", \"time_ms\": 1, \"value\": " +
                                                 std::string(100000, '[') + "\n");
            break;
        default: // a line split in two (a newline inside a value)
            text.insert(at, "\n");
            break;
        }
        return text;
    }

    std::mt19937_64 m_random;
};

std::size_t lineCount(const std::string& text) {
    const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    return newlines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

std::vector<std::string> sampleLogs() {
    std::vector<std::string> logs;
    QDirIterator it(dataRoot(), {QStringLiteral("result_*.txt")}, QDir::Files, QDirIterator::Subdirectories);
    QStringList paths;
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    // About twenty files spread over all rounds and benchmarks.
    const qsizetype stride = std::max<qsizetype>(1, paths.size() / 20);
    for (qsizetype i = 0; i < paths.size(); i += stride) {
        QFile file(paths[i]);
        if (file.open(QIODevice::ReadOnly))
            logs.push_back(file.readAll().toStdString());
    }
    return logs;
}

} // namespace

class TestMlperfFuzz : public QObject {
    Q_OBJECT

private slots:
    void mutatedLogsNeverBreakTheParser() {
        if (!QDir(dataRoot()).exists())
            QSKIP(qPrintable(
                QStringLiteral("MLPerf HPC development data not found at %1 (set SCIPERF_DATA_DIR)")
                    .arg(dataRoot())));
        const std::vector<std::string> logs = sampleLogs();
        QVERIFY(logs.size() >= 20);
        const qint64 budgetMs = qEnvironmentVariableIntValue("SCIPERF_FUZZ_SECONDS") > 0
                                    ? qEnvironmentVariableIntValue("SCIPERF_FUZZ_SECONDS") * 1000LL
                                    : 20'000;
        Mutator mutator(20240611);
        QElapsedTimer total;
        total.start();
        int tried = 0;
        std::size_t badLines = 0;
        for (; tried < kMaxIterations && total.elapsed() < budgetMs; ++tried) {
            const std::string input = mutator.mutate(logs[mutator.below(logs.size())]);
            const auto benchmark = static_cast<Benchmark>(mutator.below(5));
            QElapsedTimer one;
            one.start();
            LogParser chunked("fuzz.txt", benchmark);
            std::size_t at = 0;
            for (const std::size_t n : mutator.chunking(input.size())) {
                chunked.feed(std::string_view(input).substr(at, n));
                at += n;
            }
            chunked.finish();
            LogParser whole("fuzz.txt", benchmark);
            whole.feed(input);
            whole.finish();
            const qint64 ms = one.elapsed();
            QVERIFY2(ms < kMaxMsPerInput,
                     qPrintable(QStringLiteral("input %1 took %2 ms").arg(tried).arg(ms)));

            const RunSummary& s = chunked.summary();
            const std::size_t lines = lineCount(input);
            QCOMPARE(s.bytes, input.size());
            QVERIFY(s.badLines <= s.mllogLines);
            QCOMPARE(s.mllogLines + s.otherLines, lines);
            QVERIFY(s.diagnostics.size() <= 102);
            for (const Diagnostic& d : s.diagnostics) {
                QVERIFY(d.line <= lines);
                QCOMPARE(d.file, std::string("fuzz.txt"));
                QVERIFY(!d.message.empty());
            }
            QVERIFY(!s.converged || (s.hasRunStop && s.targetMet));
            for (const EvalPoint& e : s.evals)
                QVERIFY(std::isfinite(e.value) && e.line >= 1 && e.line <= lines);
            if (s.mllogLines == 0)
                QVERIFY(std::any_of(s.diagnostics.begin(), s.diagnostics.end(),
                                    [](const Diagnostic& d) { return d.message == "no MLLOG lines"; }));
            QCOMPARE(describe(s), describe(whole.summary()));
            badLines += s.badLines;
        }
        qInfo("fuzz: %d mutated inputs in %lld ms (%zu bad lines diagnosed, 20 MB line %s)", tried,
              static_cast<long long>(total.elapsed()), badLines,
              mutator.hugeLineUsed ? "included" : "not drawn");
        QVERIFY(tried >= 100);
    }

    void brokenTreesGiveDiagnosticsNotFailures() {
        if (!QDir(dataRoot()).exists())
            QSKIP("MLPerf HPC development data not found (set SCIPERF_DATA_DIR)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // In the development data and in the embedded sample alike; its files count from 1.
        const QString source =
            dataRoot() + "/v1.0/NVIDIA/results/dgxa100_n64_ngc21.09_pytorch/strong/deepcam";
        const QString folder = dir.path() + "/v3.0/ACME/results/box/strong/deepcam";
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(QFile::copy(source + "/result_1.txt", folder + "/result_0.txt"));
        QVERIFY(QFile::copy(source + "/result_2.txt", folder + "/result_1.txt"));
        QVERIFY(QFile::link(folder + "/gone.txt", folder + "/result_2.txt")); // dangling link
        QVERIFY(QDir().mkpath(folder + "/result_3.txt"));                     // a directory
        QVERIFY(QFile::copy(source + "/result_5.txt", folder + "/result_4.txt"));
        QFile unreadable(folder + "/result_4.txt");
        QVERIFY(unreadable.setPermissions(QFileDevice::Permissions()));
        const bool canStillRead = unreadable.open(QIODevice::ReadOnly); // root reads anything
        unreadable.close();
        QFile empty(folder + "/result_5.txt");
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        QVERIFY(QDir().mkpath(dir.path() + "/v3.0/ACME/stray"));
        QVERIFY(QFile::copy(source + "/result_1.txt", dir.path() + "/v3.0/ACME/stray/result_9.txt"));

        const ResultsTree tree = loadResultsTree(dir.path().toStdString());
        auto diagnosed = [&](const char* suffix) {
            return std::any_of(tree.diagnostics.begin(), tree.diagnostics.end(),
                               [&](const Diagnostic& d) { return d.file.ends_with(suffix); });
        };
        QVERIFY(diagnosed("result_2.txt"));
        QVERIFY(diagnosed("result_3.txt"));
        QVERIFY(diagnosed("stray/result_9.txt"));
        if (!canStillRead)
            QVERIFY(diagnosed("result_4.txt"));
        QCOMPARE(tree.submissions.size(), std::size_t{1});
        const Submission& s = tree.submissions[0];
        QCOMPARE(s.runs.size(), std::size_t(canStillRead ? 4 : 3)); // 0, 1, (4), and the empty 5
        QCOMPARE(s.runs.back().diagnostics.size(), std::size_t{1});
        QCOMPARE(s.runs.back().diagnostics[0].message, std::string("no MLLOG lines"));
        QVERIFY(s.runs[0].converged);
        QVERIFY(!s.score.valid); // 5 runs required, at most one may fail
        QVERIFY(unreadable.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        // A root that does not exist is a diagnostic too.
        const ResultsTree none = loadResultsTree((dir.path() + "/missing").toStdString());
        QCOMPARE(none.diagnostics.size(), std::size_t{1});
        QVERIFY(none.submissions.empty());
    }
};

QTEST_APPLESS_MAIN(TestMlperfFuzz)
#include "tst_mlperf_fuzz.moc"
