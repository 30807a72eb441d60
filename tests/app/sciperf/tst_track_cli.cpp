// `sciperf track score|convert` as a batch user runs them, on the real sub-sampled TrackML event
// event000000001 (SCIPERF_DATA_DIR/trackml): submissions made here from its truth, and the HDF5
// event file read back through the store.
#include "cli_test_support.h"
#include "event_test_support.h"
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/store/event_file.h"
#include "sciperf/store/session_store.h"

#include <QTemporaryDir>
#include <QTest>
#include <fstream>

using namespace sciperf;
using namespace sciperf::test;
using namespace sciperf::tracking;
namespace fs = std::filesystem;

namespace {

QString qs(const fs::path& path) {
    return QString::fromStdString(path.string());
}

// The event as `sciperf track` names it: DIR/PREFIX.
fs::path realEvent() {
    return fs::path(qEnvironmentVariable("SCIPERF_DATA_DIR").toStdString()) / "trackml" / "event000000001";
}

// The line of `text` that starts with `name`, e.g. "score    1.000000  (...)".
QString lineStarting(const QString& text, const QString& name) {
    for (const QString& line : text.split(QLatin1Char('\n')))
        if (line.startsWith(name))
            return line;
    return {};
}

} // namespace

class TestTrackCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        if (!fs::exists(realEvent().string() + "-truth.csv.gz"))
            QSKIP("TrackML data not found (set SCIPERF_DATA_DIR)");
        QVERIFY(m_folder.isValid());
        // The perfect submission: every hit in the track of its true particle, noise in track 0.
        const auto truth = readTruth(realEvent().string() + "-truth.csv.gz");
        QVERIFY2(truth.ok(), truth.ok() ? "" : truth.error().message.c_str());
        Submission perfect;
        perfect.hitId = truth->hitId;
        for (const ParticleId id : truth->particleId)
            perfect.trackId.push_back(static_cast<TrackId>(id));
        std::ofstream out(perfectSubmission());
        writeCsv(out, perfect);
    }

    void perfectSubmissionScoresOne() {
        const Output output = runSciperf(
            {"track", "score", qs(perfectSubmission()), "--truth", qs(realEvent()), "--unassigned", "0"});
        QVERIFY2(output.exitCode == 0, qPrintable(output.err));
        QVERIFY2(lineStarting(output.out, "score").contains("1.000000"), qPrintable(output.out));
        QVERIFY2(lineStarting(output.out, "efficiency").contains("1.000000"), qPrintable(output.out));
        QVERIFY2(lineStarting(output.out, "fake rate").contains("0.000000"), qPrintable(output.out));
        QVERIFY2(lineStarting(output.out, "duplicate rate").contains("0.000000"), qPrintable(output.out));
    }

    void malformedLineFailsNamingFileAndLine() {
        const fs::path broken = folder() / "broken.csv";
        std::ofstream(broken) << "hit_id,track_id\n1,7\n2,seven\n";
        const Output output = runSciperf({"track", "score", qs(broken), "--truth", qs(realEvent())});
        QCOMPARE(output.exitCode, 1);
        QVERIFY2(output.err.contains(qs(broken) + ":3:"), qPrintable(output.err));
        QVERIFY(output.out.isEmpty());
    }

    void convertRoundTripsAndScoresTheSame() {
        const fs::path converted = folder() / "event000000001.h5";
        const fs::path session = folder() / "session.sciperf";
        const Output output =
            runSciperf({"track", "convert", qs(realEvent()), qs(converted), "--session", qs(session)});
        QVERIFY2(output.exitCode == 0, qPrintable(output.err));
        QVERIFY2(output.out.contains("wrote " + qs(converted)), qPrintable(output.out));

        const auto csv = readEvent(realEvent().parent_path(), "event000000001");
        QVERIFY(csv.ok());
        const auto hdf5 = readEventHdf5(converted);
        QVERIFY2(hdf5.ok(), hdf5.ok() ? "" : hdf5.error().message.c_str());
        compareEvents(hdf5.value(), csv.value());

        auto store = SessionStore::open(session);
        QVERIFY(store.ok());
        const auto events = store->events();
        QVERIFY(events.ok() && events->size() == 1);
        QCOMPARE(QString::fromStdString(events->front().file), QString("event000000001.h5")); // beside it
        QCOMPARE(QString::fromStdString(events->front().prefix), QString("event000000001"));
        QCOMPARE(events->front().hits, static_cast<std::int64_t>(csv->hits.size()));

        // The HDF5 event file serves as the truth too.
        const Output scored =
            runSciperf({"track", "score", qs(perfectSubmission()), "--truth", qs(converted)});
        QVERIFY2(scored.exitCode == 0, qPrintable(scored.err));
        QVERIFY2(lineStarting(scored.out, "score").contains("1.000000"), qPrintable(scored.out));
    }

    void usageAndMissingEventAreClearErrors() {
        const Output usage = runSciperf({"track", "frobnicate"});
        QCOMPARE(usage.exitCode, 2);
        QVERIFY(usage.err.contains("usage: sciperf track score SUBMISSION.csv --truth EVENT"));
        const Output badLabel = runSciperf(
            {"track", "score", qs(perfectSubmission()), "--truth", qs(realEvent()), "--unassigned", "none"});
        QCOMPARE(badLabel.exitCode, 2);
        const fs::path missing = folder() / "event000000042";
        const Output none = runSciperf({"track", "convert", qs(missing), qs(folder() / "out.h5")});
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains(qs(missing) + "-hits.csv"), qPrintable(none.err));
    }

private:
    fs::path folder() const { return fs::path(m_folder.path().toStdString()); }
    fs::path perfectSubmission() const { return folder() / "perfect.csv"; }

    QTemporaryDir m_folder;
};

QTEST_GUILESS_MAIN(TestTrackCli)
#include "tst_track_cli.moc"
