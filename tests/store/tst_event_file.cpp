// Tests of HDF5 event files: round trips of the real sub-sampled TrackML event and of edge cases,
// the tables and units in the file, and the files that must be refused.

#include "event_test_support.h"
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/store/event_file.h"
#include "sciperf/store/hdf5_table.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <fstream>
#include <hdf5.h>
#include <tuple>

using namespace sciperf;
using namespace sciperf::test;
using namespace sciperf::tracking;
namespace fs = std::filesystem;

namespace {

fs::path trackmlData() {
    return fs::path(qEnvironmentVariable("SCIPERF_DATA_DIR").toStdString()) / "trackml";
}

// Three hits of two particles, one of them with every bit of the vertex field set (the sign bit of
// the int64 it is stored as), and a noise hit.
Event smallEvent() {
    Event event;
    event.hits = {
        {1, 2, 3}, {-31.5f, 0.25f, 1020.f}, {2.f, -3.f, 4.f}, {0.5f, 0.f, -2999.f}, {7, 8, 9}, {2, 4, 6},
        {1, 2, 3}};
    const ParticleId farVertex = encodeParticleId({4095, 7, 0, 0, 0});
    Particles particles;
    particles.particleId = {farVertex, 4503668346847232ULL};
    particles.vx = {0.01f, -0.02f};
    particles.vy = {0.f, 0.f};
    particles.vz = {-5.5f, 3.f};
    particles.px = {0.3f, -1.f};
    particles.py = {0.4f, 2.f};
    particles.pz = {10.f, -0.5f};
    particles.q = {1, -1};
    particles.nhits = {2, 1};
    event.particles = particles;
    Truth truth;
    truth.hitId = {1, 2, 3};
    truth.particleId = {farVertex, farVertex, kNoiseParticle};
    truth.tx = event.hits.x;
    truth.ty = event.hits.y;
    truth.tz = event.hits.z;
    truth.tpx = {0.3f, 0.3f, 0.f};
    truth.tpy = {0.4f, 0.4f, 0.f};
    truth.tpz = {10.f, 10.f, 0.f};
    truth.weight = {0.5f, 0.5f, 0.f};
    event.truth = truth;
    return event;
}

std::vector<std::string> tableNames(const fs::path& file) {
    auto names = listHdf5Tables(file);
    return names ? names.value() : std::vector<std::string>{"(unreadable)"};
}

// The hits of smallEvent as a table, for writing files that lack or change one column.
Table hitsTable() {
    const Hits hits = smallEvent().hits;
    return Table{"hits",
                 {{"hit_id", "", hits.hitId},
                  {"x", "mm", hits.x},
                  {"y", "mm", hits.y},
                  {"z", "mm", hits.z},
                  {"volume_id", "", hits.volumeId},
                  {"layer_id", "", hits.layerId},
                  {"module_id", "", hits.moduleId}}};
}

Column& columnNamed(Table& table, const std::string& name) {
    return *std::find_if(table.columns.begin(), table.columns.end(),
                         [&](const Column& column) { return column.name == name; });
}

} // namespace

class TestEventFile : public QObject {
    Q_OBJECT

private slots:
    void init() {
        m_folder = std::make_unique<QTemporaryDir>();
        QVERIFY(m_folder->isValid());
        m_file = fs::path(m_folder->path().toStdString()) / "event.h5";
    }

    void roundTripsTheRealSubsampledEvent() {
        if (!fs::exists(trackmlData() / "event000000001-hits.csv.gz"))
            QSKIP("TrackML data not found (set SCIPERF_DATA_DIR)");
        const auto csv = readEvent(trackmlData(), "event000000001");
        QVERIFY2(csv.ok(), csv.ok() ? "" : csv.error().message.c_str());
        QVERIFY(csv->cells && csv->particles && csv->truth);
        QVERIFY2(writeEventHdf5(m_file, csv.value()).ok(), "write");
        QCOMPARE(folderEntries(m_file.parent_path()), QStringList{"event.h5"}); // no temporary left

        const auto hdf5 = readEventHdf5(m_file);
        QVERIFY2(hdf5.ok(), hdf5.ok() ? "" : hdf5.error().message.c_str());
        compareEvents(hdf5.value(), csv.value());
        QCOMPARE(tableNames(m_file), (std::vector<std::string>{"hits", "cells", "particles", "truth"}));
    }

    void roundTripsParticleIdsBitForBit() {
        const Event event = smallEvent();
        QVERIFY(writeEventHdf5(m_file, event).ok());
        const auto read = readEventHdf5(m_file);
        QVERIFY2(read.ok(), read.ok() ? "" : read.error().message.c_str());
        compareEvents(read.value(), event);
        QCOMPARE(read->truth->particleId.front(), event.truth->particleId.front());
        QVERIFY(!read->particles->hasParticleType());
        QVERIFY(!read->cells);
    }

    void keepsParticleTypeWhenPresent() {
        Event event = smallEvent();
        event.particles->particleType = {211, -13};
        QVERIFY(writeEventHdf5(m_file, event).ok());
        const auto read = readEventHdf5(m_file);
        QVERIFY(read.ok());
        QCOMPARE(read->particles->particleType, event.particles->particleType);
    }

    void hitsAloneMakeAnEvent() {
        Event event;
        event.hits = smallEvent().hits;
        QVERIFY(writeEventHdf5(m_file, event).ok());
        QCOMPARE(tableNames(m_file), std::vector<std::string>{"hits"});
        const auto read = readEventHdf5(m_file);
        QVERIFY(read.ok());
        compareEvents(read.value(), event);
    }

    void storesUnitsAsAttributes() {
        QVERIFY(writeEventHdf5(m_file, smallEvent()).ok());
        auto hits = readHdf5Table(m_file, "hits");
        QVERIFY(hits.ok());
        QCOMPARE(qs(columnNamed(hits.value(), "x").unit), QString("mm"));
        auto particles = readHdf5Table(m_file, "particles");
        QVERIFY(particles.ok());
        QCOMPARE(qs(columnNamed(particles.value(), "pz").unit), QString("GeV"));
        QCOMPARE(qs(columnNamed(particles.value(), "q").unit), QString("e"));
        QCOMPARE(qs(columnNamed(particles.value(), "nhits").unit), QString());
    }

    // Ids, counts and channels are deflated; the float32 measurements are stored as they are (they
    // load twice as fast so: bench_event_load).
    void measurementsAreStoredUncompressedIdsCompressed() {
        QVERIFY(writeEventHdf5(m_file, smallEvent()).ok());
        const hid_t file = H5Fopen(m_file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
        QVERIFY(file >= 0);
        for (const auto& [path, filters] : {std::pair{"/hits/hit_id", 2}, std::pair{"/hits/volume_id", 2},
                                            std::pair{"/truth/particle_id", 2}, std::pair{"/hits/x", 0},
                                            std::pair{"/truth/tpz", 0}, std::pair{"/particles/vz", 0}}) {
            const hid_t dataset = H5Dopen2(file, path, H5P_DEFAULT);
            QVERIFY2(dataset >= 0, path);
            const hid_t properties = H5Dget_create_plist(dataset);
            QCOMPARE(H5Pget_layout(properties), H5D_CHUNKED);
            QVERIFY2(H5Pget_nfilters(properties) == filters, path);
            H5Pclose(properties);
            H5Dclose(dataset);
        }
        H5Fclose(file);
    }

    void refusesWriteOfUnequalColumns() {
        Event event = smallEvent();
        event.hits.z.pop_back();
        verifyRefused(writeEventHdf5(m_file, event), m_file, "column 'z' has 2 rows");
        QVERIFY(!fs::exists(m_file));
    }

    void refusesFileWithoutHits() {
        Table truth{"truth", {{"hit_id", "", std::vector<std::int64_t>{1}}}};
        QVERIFY(writeHdf5Tables(m_file, {truth}).ok());
        verifyRefused(readEventHdf5(m_file), m_file, "no 'hits' table");
    }

    void refusesMissingColumn() {
        Table hits = hitsTable();
        hits.columns.erase(hits.columns.begin() + 3);
        QVERIFY(writeHdf5Tables(m_file, {hits}).ok());
        verifyRefused(readEventHdf5(m_file), m_file, "column 'z' of table 'hits' is missing");
    }

    void refusesColumnOfAnotherType() {
        Table hits = hitsTable();
        columnNamed(hits, "x").values = std::vector<double>{1, 2, 3};
        QVERIFY(writeHdf5Tables(m_file, {hits}).ok());
        verifyRefused(readEventHdf5(m_file), m_file,
                      "column 'x' of table 'hits' holds float64 values, "
                      "expected float32");
    }

    void refusesColumnInAnotherUnit() {
        Table hits = hitsTable();
        columnNamed(hits, "y").unit = "m";
        QVERIFY(writeHdf5Tables(m_file, {hits}).ok());
        verifyRefused(readEventHdf5(m_file), m_file, "in 'm', expected 'mm'");
    }

    void refusesColumnsOfUnequalLength() {
        // writeHdf5Tables refuses such tables, so the file is made with the raw API, as another
        // tool might.
        {
            const hid_t file = H5Fcreate(m_file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
            const hid_t group = H5Gcreate2(file, "hits", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
            const std::int64_t ids[3] = {1, 2, 3};
            const float x[2] = {1, 2};
            for (const auto& [name, type, rows, data] :
                 {std::tuple<const char*, hid_t, hsize_t, const void*>{"hit_id", H5T_NATIVE_INT64, 3, ids},
                  {"x", H5T_NATIVE_FLOAT, 2, x}}) {
                const hid_t space = H5Screate_simple(1, &rows, nullptr);
                const hid_t dataset =
                    H5Dcreate2(group, name, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
                QVERIFY(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0);
                H5Dclose(dataset);
                H5Sclose(space);
            }
            H5Gclose(group);
            H5Fclose(file);
        }
        verifyRefused(readEventHdf5(m_file), m_file, "has 2 rows");
    }

    void refusesMissingAndForeignFiles() {
        verifyRefused(readEventHdf5(m_file), m_file, "no such file");
        std::ofstream(m_file) << "hit_id,x,y,z\n";
        verifyRefused(readEventHdf5(m_file), m_file, "not an HDF5 file");
    }

private:
    std::unique_ptr<QTemporaryDir> m_folder;
    fs::path m_file;
};

QTEST_GUILESS_MAIN(TestEventFile)
#include "tst_event_file.moc"
