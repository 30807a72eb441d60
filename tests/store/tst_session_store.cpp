// Tests of SessionStore: the session file as the store writes it, looked at from outside through
// a raw SQLite connection, and the files it must refuse.

#include "sciperf/store/session_store.h"
#include "store_test_support.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <sqlite3.h>

using namespace sciperf;
using namespace sciperf::test;
namespace fs = std::filesystem;

namespace {

// A connection of the test's own, to inspect or hand-craft session files.
class RawDatabase {
public:
    explicit RawDatabase(const fs::path& file) { sqlite3_open(file.c_str(), &m_database); }
    ~RawDatabase() { sqlite3_close(m_database); }
    RawDatabase(const RawDatabase&) = delete;
    RawDatabase& operator=(const RawDatabase&) = delete;

    bool execute(const std::string& sql) {
        return sqlite3_exec(m_database, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    QString errorMessage() const { return QString::fromUtf8(sqlite3_errmsg(m_database)); }

    // The first column of the first row as text; a null QString when the query fails.
    QString text(const char* sql) {
        sqlite3_stmt* statement = nullptr;
        QString value;
        if (sqlite3_prepare_v2(m_database, sql, -1, &statement, nullptr) == SQLITE_OK &&
            sqlite3_step(statement) == SQLITE_ROW)
            value = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
        sqlite3_finalize(statement);
        return value;
    }
    qint64 integer(const char* sql) { return text(sql).toLongLong(); }

private:
    sqlite3* m_database = nullptr;
};

RunRecord sampleRun(const std::string& workload, std::vector<DeviceRecord> devices) {
    RunRecord run;
    run.workload = workload;
    run.status = "completed";
    run.runDirectory = "/scratch/runs/" + workload + "-0001";
    run.startedUtc = "2025-03-14T09:26:53Z";
    run.hostname = "nid001234";
    run.runJson = "{\"workload\": \"" + workload + "\", \"note\": \"it's \\\"quoted\\\"\"}";
    run.devices = std::move(devices);
    return run;
}

void compareRuns(const RunRecord& actual, const RunRecord& expected) {
    QCOMPARE(actual.id, expected.id);
    QCOMPARE(qs(actual.workload), qs(expected.workload));
    QCOMPARE(qs(actual.status), qs(expected.status));
    QCOMPARE(qs(actual.runDirectory), qs(expected.runDirectory));
    QCOMPARE(qs(actual.startedUtc), qs(expected.startedUtc));
    QCOMPARE(qs(actual.hostname), qs(expected.hostname));
    QCOMPARE(actual.runJson.size(), expected.runJson.size());
    QVERIFY(actual.runJson == expected.runJson);
    QCOMPARE(actual.devices.size(), expected.devices.size());
    for (std::size_t i = 0; i < expected.devices.size(); ++i) {
        QCOMPARE(qs(actual.devices[i].kind), qs(expected.devices[i].kind));
        QCOMPARE(qs(actual.devices[i].name), qs(expected.devices[i].name));
        QCOMPARE(qs(actual.devices[i].detail), qs(expected.devices[i].detail));
    }
}

void writeBytes(const fs::path& file, const std::string& bytes) {
    std::ofstream(file, std::ios::binary) << bytes;
}

std::string readBytes(const fs::path& file) {
    std::ifstream input(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(input), {});
}

// A closed session spanning many pages, for tests that damage it.
void fillSession(const fs::path& file) {
    auto store = SessionStore::open(file);
    QVERIFY(store.ok());
    auto run = sampleRun("track", {{"cpu", "EPYC", "64 cores"}});
    run.runJson = std::string(3000, 'x');
    for (int i = 0; i < 40; ++i)
        QVERIFY(store->addRun(run).ok());
}

} // namespace

// "SPFS", the application id a SciPerf session carries in its SQLite header.
static const std::string kSciPerfApplicationId =
    "PRAGMA application_id = " + std::to_string(0x53504653) + ";";

class TestSessionStore : public QObject {
    Q_OBJECT

private slots:
    // A fresh folder per test function, so no test sees another's files.
    void init() {
        m_folder = std::make_unique<QTemporaryDir>();
        QVERIFY(m_folder->isValid());
        m_file = fs::path(m_folder->path().toStdString()) / "session.sciperf";
    }

    void createsNewSessionFile() {
        {
            auto store = SessionStore::open(m_file);
            QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
            QCOMPARE(store->schemaVersion(), 5);
            QCOMPARE(qs(store->path().string()), qs(m_file.string()));
            QVERIFY(fs::is_regular_file(m_file));
        }
        RawDatabase raw(m_file);
        QCOMPARE(raw.text("PRAGMA journal_mode"), QString("wal"));
        QCOMPARE(raw.integer("PRAGMA user_version"), 5);
        QCOMPARE(raw.integer("PRAGMA application_id"), 0x53504653);
        QCOMPARE(raw.integer("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                             "name IN ('meta', 'runs', 'devices', 'indexed_files', 'events')"),
                 5);
    }

    void resultsIndexStoresReplacesAndFindsFiles() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        auto missing = store->findIndexedFile("/data/v1.0/result_1.txt");
        QVERIFY(missing.ok());
        QVERIFY(!missing->has_value());
        // A hash with the top bit set must survive SQLite's signed integers.
        const IndexedFile first{"/data/v1.0/result_1.txt", 123456, 1700000000123456789, 0xFEDCBA9876543210ULL,
                                "{\"ttt\":1.5}"};
        const IndexedFile second{"/data/v1.0/result_2.txt", 7, -1, 1, "{}"};
        QVERIFY(store->putIndexedFiles({first, second}).ok());
        QCOMPARE(store->indexedFileCount().value(), 2);
        auto found = store->findIndexedFile(first.path);
        QVERIFY(found.ok() && found->has_value());
        const IndexedFile& entry = found->value();
        QCOMPARE(entry.sizeBytes, first.sizeBytes);
        QCOMPARE(entry.modifiedNs, first.modifiedNs);
        QCOMPARE(entry.contentHash, first.contentHash);
        QCOMPARE(qs(entry.summaryJson), qs(first.summaryJson));
        IndexedFile changed = first;
        changed.sizeBytes = 999;
        changed.summaryJson = "{\"ttt\":2}";
        QVERIFY(store->putIndexedFiles({changed}).ok());
        QCOMPARE(store->indexedFileCount().value(), 2); // replaced, not added
        QCOMPARE(store->findIndexedFile(first.path)->value().sizeBytes, std::uint64_t{999});
    }

    void remembersTheMlperfResultsFolderAcrossReopening() {
        {
            auto store = SessionStore::open(m_file);
            QVERIFY(store.ok());
            auto none = store->mlperfResultsFolder();
            QVERIFY(none.ok());
            QVERIFY(!none->has_value());
            QVERIFY(store->setMlperfResultsFolder("/data/mlperf-hpc").ok());
            QVERIFY(store->setMlperfResultsFolder("/data/other round — ünïcødé").ok()); // replaces
        }
        auto reopened = SessionStore::open(m_file);
        QVERIFY(reopened.ok());
        const auto folder = reopened->mlperfResultsFolder();
        QVERIFY(folder.ok() && folder->has_value());
        QCOMPARE(qs(folder->value()), QStringLiteral("/data/other round — ünïcødé"));
    }

    void initialisesAnEmptyExistingFile() {
        writeBytes(m_file, ""); // what "touch" or a file dialog leaves behind
        auto store = SessionStore::open(m_file);
        QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
        QCOMPARE(store->schemaVersion(), 5);
    }

    void reportsTheLinkedSqliteVersion() {
        const QString version = qs(sqliteVersion());
        QVERIFY2(QRegularExpression("^3\\.\\d+\\.\\d+").match(version).hasMatch(), qPrintable(version));
    }

    void roundTripsRunsWithDevices() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        auto gpuRun = sampleRun("track", {{"cpu", "AMD EPYC 7763", "64 cores, L2 512 KiB"},
                                          {"cuda", "NVIDIA H100 80GB HBM3", "132 SMs, 80 GiB"}});
        gpuRun.runJson =
            "{\"detector\": \"TrackML \\u00e9t\u00e9 — ünïcødé ✓ 粒子\",\n \"quote\": \"'\\\"\"}";
        const auto cpuRun = sampleRun("sysinfo", {});

        auto firstId = store->addRun(gpuRun);
        auto secondId = store->addRun(cpuRun);
        QVERIFY(firstId.ok() && secondId.ok());
        QVERIFY(secondId.value() > firstId.value());
        gpuRun.id = firstId.value();
        auto expectedCpuRun = cpuRun;
        expectedCpuRun.id = secondId.value();

        auto runs = store->runs();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), std::size_t(2));
        compareRuns(runs.value()[0], gpuRun);
        compareRuns(runs.value()[1], expectedCpuRun);
    }

    void persistsAcrossReopening() {
        const auto run = sampleRun("ert", {{"cpu", "Intel Xeon", "2 cores"}});
        std::int64_t id = 0;
        {
            auto store = SessionStore::open(m_file);
            QVERIFY(store.ok());
            auto added = store->addRun(run);
            QVERIFY(added.ok());
            id = added.value();
        }
        auto reopened = SessionStore::open(m_file);
        QVERIFY(reopened.ok());
        auto runs = reopened->runs();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), std::size_t(1));
        auto expected = run;
        expected.id = id;
        compareRuns(runs->front(), expected);
    }

    void removeRunDeletesItsDevices() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        auto kept = store->addRun(sampleRun("simulate", {{"cpu", "A", "a"}}));
        auto removed = store->addRun(sampleRun("train", {{"cpu", "B", "b"}, {"cuda", "C", "c"}}));
        QVERIFY(kept.ok() && removed.ok());
        RawDatabase raw(m_file);
        QCOMPARE(raw.integer("SELECT count(*) FROM devices"), 3);

        QVERIFY(store->removeRun(removed.value()).ok());
        // Only the cascade of the store's own connection can have removed these rows.
        QCOMPARE(raw.integer("SELECT count(*) FROM devices"), 1);
        auto runs = store->runs();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), std::size_t(1));
        QCOMPARE(runs->front().id, kept.value());
        QCOMPARE(qs(runs->front().devices.at(0).name), QString("A"));

        auto again = store->removeRun(removed.value());
        verifyRefused(again, m_file, "no such run");
        // Ids are not reused, so a stale id can never point at a newer run.
        auto next = store->addRun(sampleRun("sysinfo", {}));
        QVERIFY(next.ok());
        QVERIFY(next.value() > removed.value());
    }

    void schemaRejectsDevicesOfUnknownRuns() {
        QVERIFY(SessionStore::open(m_file).ok());
        RawDatabase raw(m_file);
        QVERIFY(raw.execute("PRAGMA foreign_keys = ON"));
        QVERIFY(!raw.execute("INSERT INTO devices(run_id, kind, name, detail) VALUES (42, 'cpu', 'x', '')"));
        QVERIFY2(raw.errorMessage().contains("FOREIGN KEY"), qPrintable(raw.errorMessage()));
    }

    void migratesVersion1File() {
        {
            RawDatabase raw(m_file);
            QVERIFY(raw.execute(
                kSciPerfApplicationId +
                "PRAGMA user_version = 1;"
                "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                "CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT, workload TEXT NOT NULL,"
                " status TEXT NOT NULL, run_directory TEXT NOT NULL, started_utc TEXT NOT NULL,"
                " hostname TEXT NOT NULL, run_json TEXT NOT NULL);"
                "INSERT INTO runs(workload, status, run_directory, started_utc, hostname, run_json)"
                " VALUES ('sysinfo', 'crashed', '/runs/old', '2024-01-02T03:04:05Z', 'login1', '{}');"));
        }
        auto store = SessionStore::open(m_file);
        QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
        QCOMPARE(store->schemaVersion(), 5);
        auto runs = store->runs();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), std::size_t(1));
        QCOMPARE(qs(runs->front().status), QString("crashed"));
        QCOMPARE(qs(runs->front().runDirectory), QString("/runs/old"));
        QVERIFY(runs->front().devices.empty());
        // The new devices table works with the old run.
        QVERIFY(store->addRun(sampleRun("ert", {{"cuda", "GPU", ""}})).ok());
        RawDatabase raw(m_file);
        QCOMPARE(raw.integer("PRAGMA user_version"), 5);
        QCOMPARE(raw.integer("SELECT count(*) FROM devices"), 1);
    }

    void keepsKernelRecordsWithTheirRun() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        RunRecord profiled = sampleRun("cpu-kernels", {});
        profiled.kernelRecordsJsonl = "{\"schema\":\"sciperf.kernel-records/1\"}\n{\"name\":\"k\"}\n";
        const auto profiledId = store->addRun(profiled);
        QVERIFY(profiledId.ok());
        QVERIFY(store->addRun(sampleRun("sysinfo", {})).ok());
        auto runs = store->runs();
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), std::size_t(2));
        QCOMPARE(runs->at(0).kernelRecordsJsonl, profiled.kernelRecordsJsonl);
        QVERIFY(runs->at(1).kernelRecordsJsonl.empty());
        QVERIFY(store->removeRun(profiledId.value()).ok());
        RawDatabase raw(m_file);
        QCOMPARE(raw.integer("SELECT count(*) FROM kernel_records"), 0); // removed with the run
    }

    void migratesVersion4File() {
        {
            auto store = SessionStore::open(m_file);
            QVERIFY(store.ok());
            QVERIFY(store->addRun(sampleRun("ert", {})).ok());
            RawDatabase raw(m_file);
            QVERIFY(raw.execute("DROP TABLE kernel_records; PRAGMA user_version = 4;"));
        }
        auto store = SessionStore::open(m_file);
        QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
        QCOMPARE(store->schemaVersion(), 5);
        RunRecord profiled = sampleRun("cpu-kernels", {});
        profiled.kernelRecordsJsonl = "{}\n";
        QVERIFY(store->addRun(profiled).ok());
        QCOMPARE(store->runs()->back().kernelRecordsJsonl, std::string("{}\n"));
        QVERIFY(store->runs()->front().kernelRecordsJsonl.empty());
    }

    void migratesVersion3File() {
        std::int64_t runId = 0;
        {
            // A version 3 file is a version 4 file without step 4's table.
            auto store = SessionStore::open(m_file);
            QVERIFY(store.ok());
            runId = store->addRun(sampleRun("simulate", {{"cpu", "EPYC", ""}})).value();
            QVERIFY(store->putIndexedFiles({{"/logs/result_0.txt", 10, 20, 30, "{}"}}).ok());
            RawDatabase raw(m_file);
            QVERIFY(raw.execute("DROP TABLE kernel_records; DROP TABLE events; PRAGMA user_version = 3;"));
        }
        auto store = SessionStore::open(m_file);
        QVERIFY2(store.ok(), store.ok() ? "" : store.error().message.c_str());
        QCOMPARE(store->schemaVersion(), 5);
        QCOMPARE(store->runs()->size(), std::size_t(1));
        QCOMPARE(store->indexedFileCount().value(), 1);
        // The new table works with the old run.
        QVERIFY(
            store
                ->addEvent({0, runId, "/runs/simulate-1", "event000000001", "event000000001.h5", 93000, 9000})
                .ok());
        RawDatabase raw(m_file);
        QCOMPARE(raw.integer("PRAGMA user_version"), 5);
        QCOMPARE(raw.integer("SELECT count(*) FROM events WHERE run_id IS NOT NULL"), 1);
    }

    void eventsRoundTripAndOutliveTheirRun() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        const auto runId = store->addRun(sampleRun("simulate", {})).value();
        EventRecord simulated{0,     runId, "/runs/simulate-1", "event000000001", "events/simulated.h5",
                              95123, 8800};
        EventRecord imported{
            0, std::nullopt, "/data/trackml", "event000001001", "/data/event000001001.h5", 93680, 0};
        simulated.id = store->addEvent(simulated).value();
        imported.id = store->addEvent(imported).value();
        QVERIFY(imported.id > simulated.id);

        QVERIFY(store->removeRun(runId).ok());
        simulated.runId.reset();
        auto events = store->events();
        QVERIFY(events.ok());
        QCOMPARE(events->size(), std::size_t(2));
        for (std::size_t i = 0; i < 2; ++i) {
            const EventRecord& actual = events.value()[i];
            const EventRecord& expected = i == 0 ? simulated : imported;
            QCOMPARE(actual.id, expected.id);
            QVERIFY(actual.runId == expected.runId);
            QCOMPARE(qs(actual.source), qs(expected.source));
            QCOMPARE(qs(actual.prefix), qs(expected.prefix));
            QCOMPARE(qs(actual.file), qs(expected.file));
            QCOMPARE(actual.hits, expected.hits);
            QCOMPARE(actual.particles, expected.particles);
        }
    }

    void refusesEventOfUnknownRun() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        verifyRefused(store->addEvent({0, 42, "", "event000000001", "e.h5", 1, 0}), m_file, "FOREIGN KEY");
        QVERIFY(store->events()->empty());
    }

    void failedMigrationLeavesFileAtOldVersion() {
        {
            RawDatabase raw(m_file);
            // A version 1 file that somehow already has a "devices" table: step 2 must fail.
            QVERIFY(raw.execute(kSciPerfApplicationId +
                                "PRAGMA user_version = 1;"
                                "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                                "CREATE TABLE runs(id INTEGER PRIMARY KEY AUTOINCREMENT);"
                                "CREATE TABLE devices(x);"));
        }
        verifyRefused(SessionStore::open(m_file), m_file, "cannot upgrade");
        RawDatabase raw(m_file);
        QCOMPARE(raw.integer("PRAGMA user_version"), 1);
        QCOMPARE(raw.integer("SELECT count(*) FROM sqlite_master WHERE name = 'devices_by_run'"), 0);
    }

    void refusesGarbage() {
        std::string garbage;
        for (int i = 0; i < 8192; ++i)
            garbage.push_back(static_cast<char>((i * 7919) % 251));
        writeBytes(m_file, garbage);
        verifyRefused(SessionStore::open(m_file), m_file, "not a SciPerf session");
        QVERIFY(readBytes(m_file) == garbage);
    }

    void refusesTruncatedSession_data() {
        QTest::addColumn<bool>("toHalf");
        QTest::newRow("half") << true;
        QTest::newRow("100 bytes") << false;
    }
    void refusesTruncatedSession() {
        QFETCH(bool, toHalf);
        fillSession(m_file);
        // Closing the last connection folds the WAL into the file.
        QVERIFY(!fs::exists(m_file.string() + "-wal"));
        const auto sizeBytes = fs::file_size(m_file);
        QVERIFY2(sizeBytes > 100000, "the session should span many pages");
        fs::resize_file(m_file, toHalf ? sizeBytes / 2 : 100);
        verifyRefused(SessionStore::open(m_file), m_file, "damaged");
    }

    void refusesSessionWithDamagedPage() {
        fillSession(m_file);
        // The header stays intact; only a page in the middle is overwritten.
        const auto sizeBytes = fs::file_size(m_file);
        {
            std::fstream file(m_file, std::ios::binary | std::ios::in | std::ios::out);
            file.seekp(static_cast<std::streamoff>(sizeBytes / 2 / 4096 * 4096));
            file << std::string(4096, '\xA5');
        }
        verifyRefused(SessionStore::open(m_file), m_file, "damaged");
    }

    void refusesDatabaseOfAnotherApplication() {
        {
            RawDatabase raw(m_file);
            QVERIFY(raw.execute("CREATE TABLE bookmarks(url TEXT); INSERT INTO bookmarks VALUES ('x')"));
        }
        const auto before = readBytes(m_file);
        verifyRefused(SessionStore::open(m_file), m_file, "another application");
        // Refusing must not touch the other application's file (no WAL switch, no stamp).
        QVERIFY(readBytes(m_file) == before);
        RawDatabase raw(m_file);
        QCOMPARE(raw.text("PRAGMA journal_mode"), QString("delete"));
    }

    void refusesNewerSchema() {
        {
            RawDatabase raw(m_file);
            QVERIFY(raw.execute(kSciPerfApplicationId + "PRAGMA user_version = 99;"
                                                        "CREATE TABLE future(x)"));
        }
        verifyRefused(SessionStore::open(m_file), m_file, "newer version");
        RawDatabase raw(m_file);
        QCOMPARE(raw.integer("PRAGMA user_version"), 99);
    }

    void refusesFolder() {
        fs::create_directory(m_file);
        verifyRefused(SessionStore::open(m_file), m_file, "is a folder");
    }

    void refusesUnwritableLocation() {
        // A regular file where the folder should be: no user, root included, can create there.
        const auto notAFolder = m_file.parent_path() / "plain-file";
        writeBytes(notAFolder, "x");
        const auto file = notAFolder / "session.sciperf";
        verifyRefused(SessionStore::open(file), file, "cannot create");
        verifyRefused(SessionStore::open(file), file, "not a directory");
    }

    void savesConsistentCopy() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        QVERIFY(store->addRun(sampleRun("track", {{"cuda", "H100", "132 SMs"}})).ok());
        QVERIFY(store->addRun(sampleRun("sysinfo", {})).ok());
        const auto copies = m_file.parent_path() / "copies";
        fs::create_directory(copies);
        const auto copy = copies / "copy.sciperf";
        writeBytes(copy, "an older file the user chose to overwrite");

        const auto saved = store->saveCopyTo(copy);
        QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().message.c_str());
        QCOMPARE(folderEntries(copies), QStringList{"copy.sciperf"});

        auto original = store->runs();
        auto reopened = SessionStore::open(copy);
        QVERIFY2(reopened.ok(), reopened.ok() ? "" : reopened.error().message.c_str());
        auto copied = reopened->runs();
        QVERIFY(original.ok() && copied.ok());
        QCOMPARE(copied->size(), std::size_t(2));
        for (std::size_t i = 0; i < copied->size(); ++i)
            compareRuns(copied.value()[i], original.value()[i]);
        // The copy is independent of the original.
        QVERIFY(reopened->removeRun(copied->front().id).ok());
        QCOMPARE(store->runs()->size(), std::size_t(2));
    }

    void saveCopyIntoMissingFolderFails() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        const auto target = m_file.parent_path() / "missing" / "copy.sciperf";
        verifyRefused(store->saveCopyTo(target), target, "no such file or directory");
        QVERIFY(!fs::exists(target.parent_path()));
    }

    void saveCopyOntoItselfFails() {
        auto store = SessionStore::open(m_file);
        QVERIFY(store.ok());
        QVERIFY(store->addRun(sampleRun("ert", {})).ok());
        verifyRefused(store->saveCopyTo(m_file), m_file, "as itself");
        QCOMPARE(store->runs()->size(), std::size_t(1));
    }

private:
    std::unique_ptr<QTemporaryDir> m_folder;
    fs::path m_file;
};

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_session_store.moc"
