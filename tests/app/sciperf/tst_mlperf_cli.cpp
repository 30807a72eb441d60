// `sciperf mlperf score|check` as a batch user runs it: against the real MLPerf HPC logs and
// EXPECTED_scores.csv (reference re-implementation of the official summarizer rules).
#include "cli_test_support.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

namespace {

using sciperf::test::Output;
using sciperf::test::runSciperf;

// Splits one CSV line; fields may be quoted with "" escapes.
QStringList csvFields(const QString& line) {
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype index = 0; index < line.size(); ++index) {
        const QChar c = line[index];
        if (quoted && c == QLatin1Char('"') && index + 1 < line.size() &&
            line[index + 1] == QLatin1Char('"')) {
            field += c;
            ++index;
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c == QLatin1Char(',') && !quoted) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return fields;
}

// Rows keyed by round/org/system/scaling/benchmark, as maps from column name to text.
QMap<QString, QMap<QString, QString>> readCsv(const QString& text) {
    QMap<QString, QMap<QString, QString>> rows;
    QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return rows;
    const QStringList header = csvFields(lines.takeFirst().trimmed());
    for (const QString& line : lines) {
        const QStringList fields = csvFields(line.trimmed());
        QMap<QString, QString> row;
        for (qsizetype column = 0; column < header.size() && column < fields.size(); ++column)
            row[header[column]] = fields[column];
        const QString key = QStringList{row[QStringLiteral("round")], row[QStringLiteral("org")],
                                        row[QStringLiteral("system")], row[QStringLiteral("scaling")],
                                        row[QStringLiteral("benchmark")]}
                                .join(QLatin1Char('/'));
        rows[key] = row;
    }
    return rows;
}

QString mlperfData() {
    return qEnvironmentVariable("SCIPERF_DATA_DIR") + QStringLiteral("/mlperf-hpc");
}

bool closeRelative(const QString& actual, const QString& expected, double tolerance) {
    if (expected.isEmpty())
        return actual.isEmpty();
    const double a = actual.toDouble();
    const double e = expected.toDouble();
    return std::abs(a - e) <= tolerance * std::max(1.0, std::abs(e));
}

} // namespace

class TestMlperfCli : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        if (!QFile::exists(mlperfData() + QStringLiteral("/EXPECTED_scores.csv")))
            QSKIP("MLPerf HPC development data not found (set SCIPERF_DATA_DIR)");
    }

    void csvScoresEqualTheExpectedScores() {
        const Output output = runSciperf(
            {QStringLiteral("mlperf"), QStringLiteral("score"), mlperfData(), QStringLiteral("--csv")});
        QVERIFY2(output.exitCode == 0 || output.exitCode == 1, qPrintable(output.err));
        const auto actual = readCsv(output.out);
        QFile expectedFile(mlperfData() + QStringLiteral("/EXPECTED_scores.csv"));
        QVERIFY(expectedFile.open(QIODevice::ReadOnly));
        const auto expected = readCsv(QString::fromUtf8(expectedFile.readAll()));
        QVERIFY(expected.size() >= 20);
        QCOMPARE(actual.keys(), expected.keys()); // every submission, and no other
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const auto& want = it.value();
            const auto& got = actual[it.key()];
            const QString where = it.key();
            QVERIFY2(got[QStringLiteral("runs")] == want[QStringLiteral("n_files")], qPrintable(where));
            QVERIFY2(got[QStringLiteral("converged")] == want[QStringLiteral("n_converged")],
                     qPrintable(where));
            QVERIFY2(closeRelative(got[QStringLiteral("score_min")], want[QStringLiteral("score_min")], 1e-9),
                     qPrintable(where + QStringLiteral(": ") + got[QStringLiteral("score_min")] +
                                QStringLiteral(" != ") + want[QStringLiteral("score_min")]));
            QVERIFY2(closeRelative(got[QStringLiteral("models_per_min")],
                                   want[QStringLiteral("models_per_min")], 1e-9),
                     qPrintable(where));
            QVERIFY2(closeRelative(got[QStringLiteral("scaling_factor")],
                                   want[QStringLiteral("scaling_factor")], 1e-12),
                     qPrintable(where));
            QVERIFY2(got[QStringLiteral("accelerators")] == want[QStringLiteral("accelerators")],
                     qPrintable(where));
        }
    }

    void tableNamesTheOfficialNvidiaScores() {
        const Output output = runSciperf(
            {QStringLiteral("mlperf"), QStringLiteral("score"), mlperfData() + QStringLiteral("/v1.0")});
        QVERIFY2(output.exitCode == 0 || output.exitCode == 1, qPrintable(output.err));
        // v1.0/NVIDIA/result_summarizer.csv, the official summarizer's output, rounded as printed.
        for (const char* score : {"7.1151", "25.7810", "2.6454", "1.6677", "43.893"})
            QVERIFY2(output.out.contains(QLatin1String(score)), score);
        QVERIFY(output.out.contains(QStringLiteral("score_min")));
        QVERIFY(!output.out.contains(QStringLiteral("v0.7")));
    }

    void checkReportsTheRunWithoutRunStop() {
        const Output output = runSciperf(
            {QStringLiteral("mlperf"), QStringLiteral("check"), mlperfData() + QStringLiteral("/v0.7/CSCS")});
        QVERIFY(output.exitCode == 0 || output.exitCode == 1);
        QVERIFY2(output.out.contains(QStringLiteral("result_4.txt")), qPrintable(output.out));
        QVERIFY(output.out.contains(QStringLiteral("run_stop")));
        QVERIFY(output.out.contains(QStringLiteral("submissions checked")));
    }

    void usageAndMissingFolderAreClearErrors() {
        const Output usage = runSciperf({QStringLiteral("mlperf"), QStringLiteral("frobnicate")});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains(QStringLiteral("usage: sciperf mlperf score DIR [--csv]")));
        QTemporaryDir empty;
        const Output none = runSciperf({QStringLiteral("mlperf"), QStringLiteral("score"), empty.path()});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains(QStringLiteral("no MLPerf HPC submissions found under ") + empty.path()),
                 qPrintable(none.err));
    }
};

QTEST_GUILESS_MAIN(TestMlperfCli)
#include "tst_mlperf_cli.moc"
