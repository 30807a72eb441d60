// TrackML CSV and detector reading on the real files (counts from SOURCES.md and reference §2),
// writing and gzip round trips, and the errors on the malformed fixtures of tests/data/tracking.
#include "sciperf/analysis/gzip.h"
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/detector.h"
#include "tracking_testing.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace sciperf::tracking;

namespace {

std::string fixture(const char* name) {
    return std::string(SCIPERF_TEST_DATA "/tracking/") + name;
}

std::string textOf(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

template <class Part> std::string csvOf(const Part& part) {
    std::ostringstream out;
    writeCsv(out, part);
    return out.str();
}

std::map<int, int> hitsPerVolume(const Hits& hits) {
    std::map<int, int> counts;
    for (const int volume : hits.volumeId)
        ++counts[volume];
    return counts;
}

} // namespace

class TestTrackingCsv : public QObject {
    Q_OBJECT
private slots:
    void subsampledEventHasTheDocumentedContent() {
        REQUIRE_TRACKML_DATA();
        const auto event = readEvent(trackmlDir(), "event000000001");
        QVERIFY2(event.ok(), event ? "" : event.error().message.c_str());
        const Hits& hits = event->hits;
        QCOMPARE(hits.size(), std::size_t(5527));
        QVERIFY(std::is_sorted(hits.hitId.begin(), hits.hitId.end()));
        QCOMPARE(hits.hitId.front(), HitId(6));
        QCOMPARE(hits.hitId.back(), HitId(111635));
        // First row, as printed in the file: 6,-76.566,-11.3673,-1502.5,7,2,1
        QCOMPARE(hits.x[0], -76.566f);
        QCOMPARE(hits.y[0], -11.3673f);
        QCOMPARE(hits.z[0], -1502.5f);
        QCOMPARE(hits.moduleId[0], 1);
        std::set<int> volumes(hits.volumeId.begin(), hits.volumeId.end());
        QCOMPARE(volumes, (std::set<int>{7, 8, 9, 12, 13, 14, 16, 17, 18}));

        QVERIFY(event->truth && event->particles && event->cells);
        const Truth& truth = *event->truth;
        QCOMPARE(truth.size(), std::size_t(5527));
        QCOMPARE(std::count(truth.particleId.begin(), truth.particleId.end(), kNoiseParticle), 829);
        double weightSum = 0;
        for (const float w : truth.weight)
            weightSum += w;
        QVERIFY(std::fabs(weightSum - 0.05126) < 0.00001);

        const Particles& particles = *event->particles;
        QCOMPARE(particles.size(), std::size_t(548));
        QVERIFY(particles.hasParticleType());
        QCOMPARE(particles.particleType[0], -211);
        QCOMPARE(particles.particleId[0], ParticleId(4505867370102784));
        QCOMPARE(std::count_if(particles.nhits.begin(), particles.nhits.end(), [](int n) { return n > 0; }),
                 468);
        // Every kept particle is complete: its nhits equals its rows in the truth.
        std::map<ParticleId, int> rows;
        for (const ParticleId id : truth.particleId)
            ++rows[id];
        for (std::size_t i = 0; i < particles.size(); ++i)
            QCOMPARE(rows[particles.particleId[i]], particles.nhits[i]);

        QCOMPARE(event->cells->size(), std::size_t(18564));
    }

    void fullEventHasTheDocumentedContent() {
        REQUIRE_TRACKML_DATA();
        const auto event = readEvent(trackmlDir(), "event000001001");
        QVERIFY2(event.ok(), event ? "" : event.error().message.c_str());
        QCOMPARE(event->hits.size(), std::size_t(93680));
        for (std::size_t i = 0; i < event->hits.size(); ++i)
            QCOMPARE(event->hits.hitId[i], HitId(i + 1)); // contiguous 1..N
        const std::map<int, int> expected{{7, 13899}, {8, 21941}, {9, 12166}, {12, 6525}, {13, 19895},
                                          {14, 6019}, {16, 2396}, {17, 8688}, {18, 2151}};
        QCOMPARE(hitsPerVolume(event->hits), expected);

        QVERIFY(!event->truth && !event->cells);
        const Particles& particles = *event->particles;
        QCOMPARE(particles.size(), std::size_t(8915));
        QVERIFY(!particles.hasParticleType());
        long long nhits = 0;
        for (const int n : particles.nhits)
            nhits += n;
        QCOMPARE(nhits, 76210LL);
        for (const int q : particles.q)
            QVERIFY(q == 1 || q == -1);
    }

    void writingReproducesTheChallengeText() {
        REQUIRE_TRACKML_DATA();
        // The full event's files were written with at most 6 significant digits, which float32
        // keeps: the shortest text of each value is the original text.
        for (const char* name : {"event000001001-hits.csv", "event000001001-particles.csv"}) {
            const std::string path = trackmlDir() + "/" + name;
            const std::string original = textOf(path);
            const std::string written = std::string(name).ends_with("hits.csv")
                                            ? csvOf(parseHits(original, path).value())
                                            : csvOf(parseParticles(original, path).value());
            QCOMPARE(written.size(), original.size());
            QVERIFY(written == original);
        }
    }

    void roundTripsThroughGzip() {
        REQUIRE_TRACKML_DATA();
        const auto event = readEvent(trackmlDir(), "event000000001");
        QVERIFY(event.ok());
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("event000000001-truth.csv.gz")).toStdString();
        const std::string text = csvOf(*event->truth);
        const auto compressed = sciperf::gzipCompress(text);
        QVERIFY(compressed.ok());
        std::ofstream(path, std::ios::binary) << compressed.value();
        const auto back = readTruth(path);
        QVERIFY(back.ok());
        QVERIFY(back->weight == event->truth->weight && back->particleId == event->truth->particleId &&
                back->tpz == event->truth->tpz);
        QCOMPARE(csvOf(back.value()), text);
        // Particles keep particle_type, second as in the file.
        QVERIFY(
            csvOf(*event->particles).starts_with("particle_id,particle_type,vx,vy,vz,px,py,pz,q,nhits\n"));
    }

    void columnsAreFoundByName() {
        // Another order, an unnamed leading index column, an unknown column, CRLF and a blank line.
        const std::string text = ",weight,tx,ty,tz,tpx,tpy,tpz,extra,particle_id,hit_id\r\n"
                                 "0,0.25,1,2,3,0.1,0.2,0.3,x,42,7\r\n"
                                 "\r\n"
                                 "1,0.75,4,5,6,0.4,0.5,0.6,y,0,9\r\n";
        const auto truth = parseTruth(text, "inline.csv");
        QVERIFY2(truth.ok(), truth ? "" : truth.error().message.c_str());
        QCOMPARE(truth->hitId, (std::vector<HitId>{7, 9}));
        QCOMPARE(truth->particleId, (std::vector<ParticleId>{42, 0}));
        QCOMPARE(truth->weight, (std::vector<float>{0.25f, 0.75f}));
        QCOMPARE(truth->tz, (std::vector<float>{3, 6}));

        const auto submission = parseSubmission("hit_id,track_id\n1,5\n2,5\n3,-1\n", "sub.csv");
        QVERIFY(submission.ok());
        QCOMPARE(submission->trackId, (std::vector<TrackId>{5, 5, -1}));
        QCOMPARE(csvOf(submission.value()), std::string("hit_id,track_id\n1,5\n2,5\n3,-1\n"));
    }

    void malformedFilesFailWithFileAndLine_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing column") << "missing-column-hits.csv"
                                        << ":1: no column 'z'";
        QTest::newRow("non-numeric") << "non-numeric-hits.csv"
                                     << ":4: column 'y': 'abc' is not a valid number";
        QTest::newRow("wrong field count") << "wrong-field-count-hits.csv"
                                           << ":3: 6 fields, the header has 7";
        QTest::newRow("fractional id") << "fractional-id-hits.csv"
                                       << ":5: column 'volume_id': '7.5' is not a valid integer";
        QTest::newRow("empty") << "empty-hits.csv"
                               << ":1: empty file, no header";
        // gzip's own tool stops after 1,453 complete lines of this file.
        QTest::newRow("truncated gzip") << "truncated-hits.csv.gz"
                                        << ":1454: gzip data ends early (truncated file)";
    }
    void malformedFilesFailWithFileAndLine() {
        QFETCH(QString, name);
        QFETCH(QString, message);
        const std::string path = fixture(qPrintable(name));
        const auto hits = readHits(path);
        QVERIFY(!hits.ok());
        QCOMPARE(QString::fromStdString(hits.error().message), QString::fromStdString(path) + message);
    }

    // Events are found by their hits file, plain or gzip, each prefix once, sorted; other parts
    // and other files do not make an event.
    void eventsInAFolderAreListedByTheirHitsFiles() {
        QTemporaryDir folder;
        for (const char* name :
             {"event000000002-hits.csv", "event000000001-hits.csv.gz", "event000000002-hits.csv.gz",
              "event000000003-truth.csv", "notes-hits.txt", "-hits.csv.bak"})
            std::ofstream(folder.filePath(QString::fromLatin1(name)).toStdString()) << "hit_id\n";
        QVERIFY(QDir(folder.path()).mkdir(QStringLiteral("event000000004-hits.csv"))); // a folder
        QCOMPARE(listEvents(folder.path().toStdString()),
                 (std::vector<std::string>{"event000000001", "event000000002"}));
        QVERIFY(listEvents(folder.filePath(QStringLiteral("absent")).toStdString()).empty());
    }

    void missingFilesAreReported() {
        QVERIFY(!readHits(fixture("no-such-hits.csv")).ok());
        const auto event = readEvent(SCIPERF_TEST_DATA "/tracking", "event000000007");
        QVERIFY(!event.ok());
        QVERIFY(QString::fromStdString(event.error().message)
                    .contains(QStringLiteral("event000000007-hits.csv")));
    }

    void detectorFromBothFiles() {
        REQUIRE_TRACKML_DATA();
        const auto plain = readDetector(trackmlDir() + "/detectors.csv");
        const auto pandas = readDetector(trackmlDir() + "/detectors.csv.gz"); // with the leading index
        QVERIFY2(plain.ok(), plain ? "" : plain.error().message.c_str());
        QVERIFY2(pandas.ok(), pandas ? "" : pandas.error().message.c_str());
        QCOMPARE(plain->modules().size(), std::size_t(18728));
        QCOMPARE(pandas->modules().size(), std::size_t(18728));
        for (std::size_t i = 0; i < plain->modules().size(); ++i) {
            const Module& a = plain->modules()[i];
            const Module& b = pandas->modules()[i];
            QVERIFY(a.key == b.key && a.centerMm == b.centerMm && a.rotation == b.rotation &&
                    a.pitchVMm == b.pitchVMm && a.halfLengthVMm == b.halfLengthVMm);
        }

        // First row: 7,2,1,-65.7965,-5.1783,-1502.5,0.0784591,-0.996917,0,-0.996917,-0.0784591,0,0,0,-1,
        //            0.15,8.4,8.4,36,0.05,0.05625
        const Module* first = plain->find({7, 2, 1});
        QVERIFY(first);
        QCOMPARE(first->centerMm[2], -1502.5);
        QCOMPARE(first->rotation[0][1], -0.996917);
        QCOMPARE(first->normal()[2], -1.0);
        QCOMPARE(first->thicknessMm, 0.15);
        QCOMPARE(first->halfLengthVMm, 36.0);
        QCOMPARE(first->pitchVMm, 0.05625);
        QVERIFY(!plain->find({7, 3, 1}));
        // A point 2 mm along u, 5 mm along v, 0.01 mm off the plane goes out and back (to the
        // precision of the file's 6-digit rotations, which are orthonormal to ~1e-6).
        const Vector3 local{2, 5, 0.01};
        const Vector3 back = first->toLocal(first->toGlobal(local));
        for (std::size_t c = 0; c < 3; ++c)
            QVERIFY(std::fabs(back[c] - local[c]) < 1e-4);
    }

    void detectorSummariesMatchTheReferenceTable() {
        REQUIRE_TRACKML_DATA();
        const auto detector = readDetector(trackmlDir() + "/detectors.csv");
        QVERIFY(detector.ok());
        const std::vector<VolumeSummary> volumes = detector->volumes();
        QCOMPARE(volumes.size(), std::size_t(9));
        std::map<int, const VolumeSummary*> byId;
        for (const VolumeSummary& v : volumes)
            byId[v.volumeId] = &v;
        // reference §2: kinds, layers and modules per layer.
        for (const int endcap : {7, 9, 12, 14, 16, 18})
            QVERIFY(byId.at(endcap)->kind == VolumeKind::Endcap);
        for (const int barrel : {8, 13, 17})
            QVERIFY(byId.at(barrel)->kind == VolumeKind::Barrel);
        QCOMPARE(byId.at(7)->layerIds, (std::vector<std::int32_t>{2, 4, 6, 8, 10, 12, 14}));
        QCOMPARE(byId.at(7)->moduleCount, std::size_t(7 * 108));
        QCOMPARE(byId.at(8)->moduleCount, std::size_t(224 + 448 + 728 + 1092));
        QCOMPARE(byId.at(12)->moduleCount, std::size_t(6 * 170));
        QCOMPARE(byId.at(17)->moduleCount, std::size_t(2520 + 3192));
        // Pixel endcap -z: disks from z = -1500 to -600 (two sub-planes a few mm apart).
        QVERIFY(byId.at(7)->extent.zMinMm > -1510 && byId.at(7)->extent.zMinMm < -1495);
        QVERIFY(byId.at(7)->extent.zMaxMm > -605 && byId.at(7)->extent.zMaxMm < -590);

        const std::vector<double> pixelBarrelRadii{32, 72, 116, 172}; // mm
        std::size_t checked = 0;
        for (const LayerSummary& layer : detector->layers())
            if (layer.volumeId == 8) {
                QVERIFY2(std::fabs(layer.meanRadiusMm - pixelBarrelRadii[checked]) < 3,
                         qPrintable(QString::number(layer.meanRadiusMm)));
                QVERIFY(std::fabs(layer.meanZMm) < 5);
                ++checked;
            }
        QCOMPARE(checked, std::size_t(4));
    }

    void realHitsLieOnTheirModules() {
        REQUIRE_TRACKML_DATA();
        const auto detector = readDetector(trackmlDir() + "/detectors.csv");
        const auto hits = readHits(trackmlDir() + "/event000001001-hits.csv");
        QVERIFY(detector.ok() && hits.ok());
        // In the module frame every measured hit is in the sensor plane and inside the trapezoid.
        const double tolerance = 0.1; // mm: the file's 6 significant digits
        std::size_t outside = 0;
        QString first;
        for (std::size_t i = 0; i < hits->size(); ++i) {
            const Module* m = detector->find({hits->volumeId[i], hits->layerId[i], hits->moduleId[i]});
            QVERIFY(m);
            const Vector3 local = m->toLocal({hits->x[i], hits->y[i], hits->z[i]});
            if (std::fabs(local[2]) < tolerance && std::fabs(local[1]) < m->halfLengthVMm + tolerance &&
                std::fabs(local[0]) < std::max(m->minHalfLengthUMm, m->maxHalfLengthUMm) + tolerance)
                continue;
            if (!outside++)
                first = QStringLiteral("hit %1 at local %2 %3 %4")
                            .arg(hits->hitId[i])
                            .arg(local[0])
                            .arg(local[1])
                            .arg(local[2]);
        }
        QVERIFY2(outside == 0,
                 qPrintable(QStringLiteral("%1 hits off their module, first %2").arg(outside).arg(first)));
    }
};

QTEST_GUILESS_MAIN(TestTrackingCsv)
#include "tst_tracking_csv.moc"
