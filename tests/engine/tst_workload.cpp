// executeWorkload: the run directory contract every workload shares.
#include "sciperf/engine/workload.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <vector>

using namespace sciperf;

namespace {

class RecordingProgress final : public ProgressReporter {
public:
    void progress(double fraction, std::string_view) override { fractions.push_back(fraction); }
    bool cancelRequested() const override { return cancel; }
    std::vector<double> fractions;
    bool cancel = false;
};

QJsonObject readRunJson(const QString& directory) {
    QFile file(directory + QStringLiteral("/run.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestWorkload : public QObject {
    Q_OBJECT
private slots:
    void sysinfoIsRegistered() {
        const Workload* sysinfo = findWorkload("sysinfo");
        QVERIFY(sysinfo);
        QVERIFY(!sysinfo->summary.empty());
        QCOMPARE(findWorkload("no-such-workload"), nullptr);
    }

    void sysinfoWritesACompleteRunJson() {
        QTemporaryDir temporary;
        const QString directory = temporary.filePath(QStringLiteral("run-1"));
        RecordingProgress progress;
        const auto outcome = executeWorkload(*findWorkload("sysinfo"), directory.toStdString(), progress,
                                             {"sciperf-run", "sysinfo"});
        QVERIFY2(outcome.ok(), outcome.ok() ? "" : outcome.error().message.c_str());
        QCOMPARE(outcome->status, std::string("completed"));

        const QJsonObject run = readRunJson(directory);
        QCOMPARE(run["schema"].toString(), QStringLiteral("sciperf.run/1"));
        QCOMPARE(run["workload"].toString(), QStringLiteral("sysinfo"));
        QCOMPARE(run["status"].toString(), QStringLiteral("completed"));
        QCOMPARE(run["command_line"].toArray().size(), 2);
        QVERIFY(run["wall_seconds"].toDouble() >= 0);
        QVERIFY(QDateTime::fromString(run["started_utc"].toString(), Qt::ISODate).isValid());
        const QJsonObject machine = run["machine"].toObject();
        QVERIFY(machine["cpu"]["logical_cpus"].toInt() >= 1);
        QVERIFY(machine["memory_bytes"].toInteger() > 0);
        QVERIFY(!machine["cpu"]["caches"].toArray().isEmpty());
        QVERIFY(machine["cuda"]["status"].toString().size() > 2);
        QVERIFY(run["results"].isObject());

        // Progress is monotone, starts at 0 and is reported before run.json is written.
        QVERIFY(progress.fractions.size() >= 3);
        QCOMPARE(progress.fractions.front(), 0.0);
        QVERIFY(std::is_sorted(progress.fractions.begin(), progress.fractions.end()));
        // Nothing but run.json is left in the run directory (no temporary files).
        QCOMPARE(QDir(directory).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("run.json")});
    }

    void refusesANonEmptyDirectoryAndKeepsItsFiles() {
        QTemporaryDir temporary;
        QFile existing(temporary.filePath(QStringLiteral("precious.txt")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("keep me");
        existing.close();
        RecordingProgress progress;
        const auto outcome =
            executeWorkload(*findWorkload("sysinfo"), temporary.path().toStdString(), progress, {});
        QVERIFY(!outcome.ok());
        QVERIFY(outcome.error().message.find("not empty") != std::string::npos);
        QVERIFY(outcome.error().message.find(temporary.path().toStdString()) != std::string::npos);
        QVERIFY(!QFile::exists(temporary.filePath(QStringLiteral("run.json"))));
        QVERIFY(existing.open(QIODevice::ReadOnly));
        QCOMPARE(existing.readAll(), QByteArray("keep me"));
    }

    void refusesAFileInPlaceOfTheDirectory() {
        QTemporaryDir temporary;
        const QString path = temporary.filePath(QStringLiteral("a-file"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        RecordingProgress progress;
        const auto outcome = executeWorkload(*findWorkload("sysinfo"), path.toStdString(), progress, {});
        QVERIFY(!outcome.ok());
        QVERIFY(outcome.error().message.find("not a folder") != std::string::npos);
    }

    void cancelledRunStillLeavesARunJsonSayingSo() {
        QTemporaryDir temporary;
        const QString directory = temporary.filePath(QStringLiteral("run-cancelled"));
        RecordingProgress progress;
        progress.cancel = true;
        const auto outcome = executeWorkload(*findWorkload("sysinfo"), directory.toStdString(), progress, {});
        QVERIFY(outcome.ok());
        QCOMPARE(outcome->status, std::string("cancelled"));
        QCOMPARE(readRunJson(directory)["status"].toString(), QStringLiteral("cancelled"));
    }
};

QTEST_GUILESS_MAIN(TestWorkload)
#include "tst_workload.moc"
