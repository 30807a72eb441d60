// Tests of the HDF5 tables: round trips, the storage layout seen through the raw HDF5 API, and the
// files and tables that must be refused.

#include "sciperf/store/hdf5_table.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>
#include <hdf5.h>
#include <limits>

using namespace sciperf;
using namespace sciperf::test;
namespace fs = std::filesystem;

namespace {

// Closes a raw HDF5 id at the end of a test scope.
class RawId {
public:
    RawId(hid_t id, herr_t (*closer)(hid_t))
        : m_id(id)
        , m_close(closer) {}
    ~RawId() {
        if (m_id >= 0)
            m_close(m_id);
    }
    RawId(const RawId&) = delete;
    RawId& operator=(const RawId&) = delete;
    hid_t id() const { return m_id; }

private:
    hid_t m_id;
    herr_t (*m_close)(hid_t);
};

Table hitsTable(std::size_t rows) {
    Table table{"hits",
                {{"x", "mm", std::vector<double>()},
                 {"energy", "GeV", std::vector<float>()},
                 {"particle_id", "", std::vector<std::int64_t>()},
                 {"volume_id", "", std::vector<std::int32_t>()}}};
    auto& x = std::get<std::vector<double>>(table.columns[0].values);
    auto& energy = std::get<std::vector<float>>(table.columns[1].values);
    auto& particle = std::get<std::vector<std::int64_t>>(table.columns[2].values);
    auto& volume = std::get<std::vector<std::int32_t>>(table.columns[3].values);
    for (std::size_t i = 0; i < rows; ++i) {
        x.push_back(-1000.0 + 0.125 * static_cast<double>(i));
        energy.push_back(0.5f * static_cast<float>(i % 7));
        particle.push_back(static_cast<std::int64_t>(i) * 4294967311LL + 1); // beyond 32 bits
        volume.push_back(static_cast<std::int32_t>(i % 18) - 9);
    }
    return table;
}

QStringList toQStringList(const std::vector<std::string>& names) {
    QStringList list;
    for (const auto& name : names)
        list << qs(name);
    return list;
}

// Writes one raw dataset into group "table" of a new file, as another tool might.
void writeRawColumn(hid_t file, const char* name, hid_t type, int rank, const hsize_t* dims,
                    const void* data) {
    const htri_t hasGroup = H5Lexists(file, "table", H5P_DEFAULT);
    RawId group(hasGroup > 0 ? H5Gopen2(file, "table", H5P_DEFAULT)
                             : H5Gcreate2(file, "table", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                H5Gclose);
    RawId space(H5Screate_simple(rank, dims, nullptr), H5Sclose);
    RawId dataset(H5Dcreate2(group.id(), name, type, space.id(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                  H5Dclose);
    QVERIFY(dataset.id() >= 0);
    QVERIFY(H5Dwrite(dataset.id(), type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) >= 0);
}

} // namespace

class TestHdf5Table : public QObject {
    Q_OBJECT

private slots:
    void init() {
        m_folder = std::make_unique<QTemporaryDir>();
        QVERIFY(m_folder->isValid());
        m_file = fs::path(m_folder->path().toStdString()) / "event.h5";
    }

    void reportsTheLinkedHdf5Version() {
        // Against the headers compiled in: HDF5 itself refuses to run with a mismatched library.
        QCOMPARE(qs(hdf5Version()),
                 QString("%1.%2.%3").arg(H5_VERS_MAJOR).arg(H5_VERS_MINOR).arg(H5_VERS_RELEASE));
    }

    void roundTripsAllColumnTypes() {
        Table hits = hitsTable(5);
        std::get<std::vector<double>>(hits.columns[0].values)[1] = -std::numeric_limits<double>::infinity();
        std::get<std::vector<float>>(hits.columns[1].values)[2] = std::numeric_limits<float>::denorm_min();
        std::get<std::vector<std::int64_t>>(hits.columns[2].values)[3] =
            std::numeric_limits<std::int64_t>::min();
        std::get<std::vector<std::int32_t>>(hits.columns[3].values)[4] =
            std::numeric_limits<std::int32_t>::max();
        hits.columns[1].unit = "GeV/c²"; // UTF-8
        const Table empty{"empty",
                          {{"t", "s", std::vector<double>()},
                           {"q", "", std::vector<float>()},
                           {"id", "", std::vector<std::int64_t>()},
                           {"layer", "", std::vector<std::int32_t>()}}};
        const Table noColumns{"no_columns", {}};
        auto written = writeHdf5Tables(m_file, {hits, empty, noColumns});
        QVERIFY2(written.ok(), written.ok() ? "" : written.error().message.c_str());

        auto names = listHdf5Tables(m_file);
        QVERIFY(names.ok());
        // Written order, not alphabetical.
        QCOMPARE(toQStringList(names.value()), (QStringList{"hits", "empty", "no_columns"}));

        for (const Table& expected : {hits, empty, noColumns}) {
            auto read = readHdf5Table(m_file, expected.name);
            QVERIFY2(read.ok(), read.ok() ? "" : read.error().message.c_str());
            QCOMPARE(qs(read->name), qs(expected.name));
            QCOMPARE(read->rows(), expected.rows());
            QCOMPARE(read->columns.size(), expected.columns.size());
            for (std::size_t i = 0; i < expected.columns.size(); ++i) {
                const Column& column = read->columns[i];
                QCOMPARE(qs(column.name), qs(expected.columns[i].name));
                QCOMPARE(qs(column.unit), qs(expected.columns[i].unit));
                QCOMPARE(column.values.index(), expected.columns[i].values.index());
                QVERIFY2(column.values == expected.columns[i].values, qPrintable(qs(column.name)));
            }
        }
        QCOMPARE(empty.rows(), std::size_t(0));
        QCOMPARE(hits.rows(), std::size_t(5));
    }

    void datasetsAreChunkedAndCompressed() {
        Table empty = hitsTable(0);
        empty.name = "empty";
        QVERIFY(writeHdf5Tables(m_file, {hitsTable(100000), empty}).ok());

        RawId file(H5Fopen(m_file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        QVERIFY(file.id() >= 0);
        for (const auto& [path, expectedChunkRows] :
             {std::pair{"/hits/x", hsize_t(65536)}, std::pair{"/hits/volume_id", hsize_t(65536)},
              std::pair{"/empty/energy", hsize_t(1)}}) {
            RawId dataset(H5Dopen2(file.id(), path, H5P_DEFAULT), H5Dclose);
            QVERIFY2(dataset.id() >= 0, path);
            RawId properties(H5Dget_create_plist(dataset.id()), H5Pclose);
            QCOMPARE(H5Pget_layout(properties.id()), H5D_CHUNKED);
            hsize_t chunkRows = 0;
            QCOMPARE(H5Pget_chunk(properties.id(), 1, &chunkRows), 1);
            QCOMPARE(chunkRows, expectedChunkRows);
            QCOMPARE(H5Pget_nfilters(properties.id()), 2);
            unsigned flags = 0;
            unsigned filterConfig = 0;
            std::size_t levelCount = 1;
            unsigned level = 0;
            QCOMPARE(
                H5Pget_filter2(properties.id(), 0, &flags, &levelCount, &level, 0, nullptr, &filterConfig),
                H5Z_FILTER_SHUFFLE);
            levelCount = 1;
            QCOMPARE(
                H5Pget_filter2(properties.id(), 1, &flags, &levelCount, &level, 0, nullptr, &filterConfig),
                H5Z_FILTER_DEFLATE);
            QCOMPARE(level, 1u);
            QVERIFY(H5Aexists(dataset.id(), "unit") > 0);
        }
    }

    void compressionShrinksRepetitiveColumn() {
        constexpr std::size_t kRows = 1000000;
        std::vector<double> values(kRows);
        for (std::size_t i = 0; i < kRows; ++i)
            values[i] = 0.25 * static_cast<double>(i % 16);
        QVERIFY(writeHdf5Tables(m_file, {Table{"pattern", {{"v", "", values}}}}).ok());
        const auto sizeBytes = fs::file_size(m_file);
        // Uncompressed the column is 8 MB.
        QVERIFY2(sizeBytes < 400000, qPrintable(QString::number(sizeBytes)));
        auto read = readHdf5Table(m_file, "pattern");
        QVERIFY(read.ok());
        QVERIFY(std::get<std::vector<double>>(read->columns.at(0).values) == values);
    }

    void refusesMismatchedColumnLengths() {
        Table table = hitsTable(10);
        std::get<std::vector<float>>(table.columns[1].values).pop_back();
        verifyRefused(writeHdf5Tables(m_file, {table}), m_file, "'energy' has 9 rows but column 'x' has 10");
        QVERIFY(folderEntries(m_file.parent_path()).isEmpty());
    }

    void refusesBadNames_data() {
        QTest::addColumn<QString>("tableName");
        QTest::addColumn<QString>("firstColumn");
        QTest::addColumn<QString>("secondColumn");
        QTest::addColumn<QString>("hint");
        QTest::newRow("duplicate table") << "hits"
                                         << "a"
                                         << "b"
                                         << "appears twice";
        QTest::newRow("empty table name") << ""
                                          << "a"
                                          << "b"
                                          << "not empty";
        QTest::newRow("slash in table name") << "a/b"
                                             << "a"
                                             << "b"
                                             << "holds no '/'";
        QTest::newRow("duplicate column") << "other"
                                          << "a"
                                          << "a"
                                          << "two columns named 'a'";
        QTest::newRow("empty column name") << "other"
                                           << "a"
                                           << ""
                                           << "name is empty";
        QTest::newRow("dot column name") << "other"
                                         << "."
                                         << "b"
                                         << "name is empty or holds";
    }
    void refusesBadNames() {
        QFETCH(QString, tableName);
        QFETCH(QString, firstColumn);
        QFETCH(QString, secondColumn);
        QFETCH(QString, hint);
        const Table second{tableName.toStdString(),
                           {{firstColumn.toStdString(), "", std::vector<double>{1.0}},
                            {secondColumn.toStdString(), "", std::vector<double>{2.0}}}};
        verifyRefused(writeHdf5Tables(m_file, {hitsTable(1), second}), m_file, hint.toUtf8().constData());
        QVERIFY(folderEntries(m_file.parent_path()).isEmpty());
    }

    void missingTableIsNamed() {
        QVERIFY(writeHdf5Tables(m_file, {hitsTable(3)}).ok());
        auto read = readHdf5Table(m_file, "tracks");
        verifyRefused(read, m_file, "no such table");
        verifyRefused(read, m_file, "'tracks'");
        verifyRefused(readHdf5Table(m_file, "hits/x"), m_file, "no such table");
    }

    void refusesTruncatedFile() {
        QVERIFY(writeHdf5Tables(m_file, {hitsTable(200000)}).ok());
        fs::resize_file(m_file, fs::file_size(m_file) / 2);
        verifyRefused(readHdf5Table(m_file, "hits"), m_file, "damaged or truncated");
        verifyRefused(listHdf5Tables(m_file), m_file, "damaged or truncated");
    }

    void refusesFilesThatAreNotHdf5() {
        std::ofstream(m_file) << "x,y,z\n1,2,3\n";
        verifyRefused(listHdf5Tables(m_file), m_file, "not an HDF5 file");
        verifyRefused(readHdf5Table(m_file, "hits"), m_file, "not an HDF5 file");
        const auto missing = m_file.parent_path() / "missing.h5";
        verifyRefused(listHdf5Tables(missing), missing, "no such file");
        verifyRefused(listHdf5Tables(m_file.parent_path()), m_file.parent_path(), "no such file");
    }

    void refusesUnsupportedStoredData_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("hint");
        QTest::newRow("unsigned 16-bit") << 0 << "'counts' holds a type SciPerf does not read";
        QTest::newRow("two-dimensional") << 1 << "'counts' is not one-dimensional";
        QTest::newRow("lengths differ") << 2 << "'time' has 4 rows but column 'counts' has 3";
    }
    void refusesUnsupportedStoredData() {
        QFETCH(int, kind);
        QFETCH(QString, hint);
        {
            RawId file(H5Fcreate(m_file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
            const double time[4] = {0.0, 1.0, 2.0, 3.0};
            const hsize_t four = 4;
            writeRawColumn(file.id(), "time", H5T_NATIVE_DOUBLE, 1, &four, time);
            const std::uint16_t counts16[4] = {1, 2, 3, 4};
            const std::int32_t counts32[4] = {1, 2, 3, 4};
            const hsize_t square[2] = {2, 2};
            const hsize_t three = 3;
            if (kind == 0)
                writeRawColumn(file.id(), "counts", H5T_NATIVE_UINT16, 1, &four, counts16);
            else if (kind == 1)
                writeRawColumn(file.id(), "counts", H5T_NATIVE_INT32, 2, square, counts32);
            else
                writeRawColumn(file.id(), "counts", H5T_NATIVE_INT32, 1, &three, counts32);
        }
        auto read = readHdf5Table(m_file, "table");
        verifyRefused(read, m_file, hint.toUtf8().constData());
    }

    void replacesExistingFileAtomically() {
        Table before{"before", {{"v", "", std::vector<std::int32_t>{7, 8, 9}}}};
        QVERIFY(writeHdf5Tables(m_file, {before}).ok());
        // A reader that has the old file open keeps reading the old contents: the new file is a
        // different inode renamed over the path, not the old one rewritten in place.
        RawId old(H5Fopen(m_file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        QVERIFY(old.id() >= 0);

        const Table after{"after", {{"w", "", std::vector<double>{1.5}}}};
        QVERIFY(writeHdf5Tables(m_file, {after}).ok());

        RawId oldColumn(H5Dopen2(old.id(), "/before/v", H5P_DEFAULT), H5Dclose);
        QVERIFY(oldColumn.id() >= 0);
        std::int32_t oldValues[3] = {};
        QVERIFY(H5Dread(oldColumn.id(), H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, oldValues) >= 0);
        QCOMPARE(oldValues[2], 9);

        auto names = listHdf5Tables(m_file);
        QVERIFY(names.ok());
        QCOMPARE(toQStringList(names.value()), QStringList{"after"});
        QCOMPARE(folderEntries(m_file.parent_path()), QStringList{"event.h5"});
    }

    void failedWriteKeepsOldFile() {
        QVERIFY(writeHdf5Tables(m_file, {hitsTable(4)}).ok());
        Table broken = hitsTable(4);
        broken.columns[2].values = std::vector<std::int64_t>{1};
        QVERIFY(!writeHdf5Tables(m_file, {broken}).ok());
        auto read = readHdf5Table(m_file, "hits");
        QVERIFY(read.ok());
        QCOMPARE(read->rows(), std::size_t(4));
        QCOMPARE(folderEntries(m_file.parent_path()), QStringList{"event.h5"});
    }

private:
    std::unique_ptr<QTemporaryDir> m_folder;
    fs::path m_file;
};

QTEST_GUILESS_MAIN(TestHdf5Table)
#include "tst_hdf5_table.moc"
