#include "sciperf/store/session_store.h"

#include "replace_file.h"
#include "sciperf/engine/atomic_file.h"

#include <array>
#include <cstring>
#include <optional>
#include <sqlite3.h>
#include <string_view>
#include <system_error>
#include <utility>

namespace sciperf {
namespace {

namespace fs = std::filesystem;

// Long enough to wait out a checkpoint or a sciperf-run appending, short enough to report a hang.
constexpr int kBusyTimeoutMilliseconds = 5000;

// The MLPerf results folder is kept in the meta table, there since the first schema: no migration.
constexpr std::string_view kMlperfResultsFolderKey = "mlperf_results_folder";

// Step i takes a file from schema version i to i + 1. Released steps never change: append new ones.
constexpr std::array<const char*, SessionStore::kSchemaVersion> kMigrations = {
    // AUTOINCREMENT: ids are never reused, so they order runs oldest first and stay valid
    // references after a run is removed.
    R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE runs(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    workload TEXT NOT NULL,
    status TEXT NOT NULL,
    run_directory TEXT NOT NULL,
    started_utc TEXT NOT NULL,
    hostname TEXT NOT NULL,
    run_json TEXT NOT NULL);
)sql",
    R"sql(
CREATE TABLE devices(
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    detail TEXT NOT NULL);
CREATE INDEX devices_by_run ON devices(run_id);
)sql",
    // The MLPerf results index: a parsed summary per log file, valid while size and modification
    // time match; the content hash finds the same log under several paths.
    R"sql(
CREATE TABLE indexed_files(
    path TEXT PRIMARY KEY,
    size_bytes INTEGER NOT NULL,
    modified_ns INTEGER NOT NULL,
    content_hash INTEGER NOT NULL,
    summary_json TEXT NOT NULL);
)sql",
    // Events as HDF5 files beside the session. SET NULL: removing a run must not orphan the files
    // of its events, so their records stay.
    R"sql(
CREATE TABLE events(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
    source TEXT NOT NULL,
    prefix TEXT NOT NULL,
    file TEXT NOT NULL,
    hits INTEGER NOT NULL,
    particles INTEGER NOT NULL);
CREATE INDEX events_by_run ON events(run_id);
)sql",
    // A profiled run's kernel records (kernels.jsonl), verbatim like its run.json.
    R"sql(
CREATE TABLE kernel_records(
    run_id INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
    records_jsonl TEXT NOT NULL);
)sql",
};

// The text outlives every step of the statement, so SQLite need not copy it (destructor nullptr is
// SQLITE_STATIC, spelled without the macro's C-style cast).
int bindValue(sqlite3_stmt* statement, int index, std::string_view text) {
    return sqlite3_bind_text64(statement, index, text.data(), text.size(), nullptr, SQLITE_UTF8);
}

int bindValue(sqlite3_stmt* statement, int index, std::int64_t value) {
    return sqlite3_bind_int64(statement, index, value);
}

// A missing value is SQL NULL.
int bindValue(sqlite3_stmt* statement, int index, const std::optional<std::int64_t>& value) {
    return value ? bindValue(statement, index, *value) : sqlite3_bind_null(statement, index);
}

class Connection;

class Statement {
public:
    Statement(const Connection& connection, sqlite3_stmt* statement, std::string what)
        : m_connection(&connection)
        , m_statement(statement)
        , m_what(std::move(what)) {}

    // Calls onRow(*this) for every result row.
    template <class OnRow> Result<void> forEachRow(OnRow onRow);

    std::int64_t integer(int column) const { return sqlite3_column_int64(m_statement.get(), column); }
    std::optional<std::int64_t> optionalInteger(int column) const {
        if (sqlite3_column_type(m_statement.get(), column) == SQLITE_NULL)
            return std::nullopt;
        return integer(column);
    }
    std::string text(int column) const {
        const unsigned char* bytes = sqlite3_column_text(m_statement.get(), column);
        const int sizeBytes = sqlite3_column_bytes(m_statement.get(), column);
        return bytes ? std::string(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(sizeBytes))
                     : std::string();
    }

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
    };

    const Connection* m_connection;
    std::unique_ptr<sqlite3_stmt, Finalizer> m_statement;
    std::string m_what;
};

// A connection and the file it stands for, so that every error names the file.
class Connection {
public:
    Connection(sqlite3* database, const fs::path& file)
        : m_database(database)
        , m_file(file) {}

    sqlite3* handle() const { return m_database; }

    // "<what> <file>: <SQLite's reason>", plus the system's reason or a hint where SQLite's words
    // alone would leave the user guessing.
    Error error(const std::string& what) const {
        std::string message = what + " " + m_file.string() + ": " + sqlite3_errmsg(m_database);
        const int systemErrno = sqlite3_system_errno(m_database);
        switch (sqlite3_errcode(m_database)) {
        case SQLITE_NOTADB:
            message += " (it is not a SciPerf session file)";
            break;
        case SQLITE_CORRUPT:
            message += " (the file is damaged, perhaps truncated; use a backup copy)";
            break;
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
            if (systemErrno != 0)
                message += std::string(" (") + std::strerror(systemErrno) + ")";
            break;
        default:
            break;
        }
        return fail(std::move(message));
    }

    template <class... Values>
    Result<Statement> prepare(const std::string& what, const char* sql, const Values&... values) const {
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(m_database, sql, -1, &raw, nullptr) != SQLITE_OK)
            return error(what);
        Statement statement(*this, raw, what);
        int index = 0;
        if (!((bindValue(raw, ++index, values) == SQLITE_OK) && ...))
            return error(what);
        return statement;
    }

    // Runs one statement that returns no rows.
    template <class... Values>
    Result<void> run(const std::string& what, const char* sql, const Values&... values) const {
        auto statement = prepare(what, sql, values...);
        if (!statement)
            return statement.error();
        return statement->forEachRow([](const Statement&) {});
    }

    // Runs SQL text without parameters, possibly several statements.
    Result<void> execute(const std::string& what, const char* sql) const {
        if (sqlite3_exec(m_database, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            return error(what);
        return {};
    }

    // The first column of the first row, for pragmas and counts.
    Result<std::int64_t> queryInteger(const std::string& what, const char* sql) const {
        return queryFirst<std::int64_t>(what, sql, [](const Statement& row) { return row.integer(0); });
    }
    Result<std::string> queryText(const std::string& what, const char* sql) const {
        return queryFirst<std::string>(what, sql, [](const Statement& row) { return row.text(0); });
    }

private:
    template <class T, class Read>
    Result<T> queryFirst(const std::string& what, const char* sql, Read read) const {
        auto statement = prepare(what, sql);
        if (!statement)
            return statement.error();
        std::optional<T> first;
        auto done = statement->forEachRow([&](const Statement& row) {
            if (!first)
                first = read(row);
        });
        if (!done)
            return done.error();
        if (!first)
            return fail(what + " " + m_file.string() + ": '" + sql + "' returned nothing");
        return *first;
    }

    sqlite3* m_database;
    const fs::path& m_file;
};

template <class OnRow> Result<void> Statement::forEachRow(OnRow onRow) {
    for (;;) {
        const int stepped = sqlite3_step(m_statement.get());
        if (stepped == SQLITE_DONE)
            return {};
        if (stepped != SQLITE_ROW)
            return m_connection->error(m_what);
        onRow(*this);
    }
}

// Rolls back unless committed, so that every early error return leaves the file as it was.
class Transaction {
public:
    // `begin` is "BEGIN" for a read snapshot, "BEGIN IMMEDIATE" to take the write lock up front
    // (a deferred transaction that later writes can fail with SQLITE_BUSY despite the timeout).
    Transaction(const Connection& connection, const std::string& what, const char* begin)
        : m_connection(connection)
        , m_what(what)
        , m_begun(connection.execute(what, begin)) {}
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (m_begun && !m_committed)
            sqlite3_exec(m_connection.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }

    const Result<void>& begun() const { return m_begun; }
    Result<void> commit() {
        auto committed = m_connection.execute(m_what, "COMMIT");
        m_committed = committed.ok();
        return committed;
    }

private:
    const Connection& m_connection;
    std::string m_what;
    Result<void> m_begun;
    bool m_committed = false;
};

// Refuses files that are not ours before anything is written to them.
Result<std::int64_t> checkSessionFile(const Connection& connection, const fs::path& file, bool existed) {
    const std::string what = "cannot read session file";
    // The first read of the header: a file that is not SQLite, or is truncated, fails here.
    auto applicationId = connection.queryInteger(what, "PRAGMA application_id");
    if (!applicationId)
        return applicationId.error();
    auto userVersion = connection.queryInteger(what, "PRAGMA user_version");
    if (!userVersion)
        return userVersion.error();
    auto tableCount = connection.queryInteger(what, "SELECT count(*) FROM sqlite_master");
    if (!tableCount)
        return tableCount.error();

    const bool fresh = applicationId.value() == 0 && tableCount.value() == 0 && userVersion.value() == 0;
    if (applicationId.value() != SessionStore::kApplicationId && !fresh)
        return fail(file.string() + " is not a SciPerf session file: it is an SQLite database of another "
                                    "application");
    if (userVersion.value() > SessionStore::kSchemaVersion)
        return fail(file.string() + " was written by a newer version of SciPerf (session schema " +
                    std::to_string(userVersion.value()) + ", this version reads up to " +
                    std::to_string(SessionStore::kSchemaVersion) + "); open it with a newer SciPerf");
    if (userVersion.value() < 0)
        return fail(file.string() + " has an invalid session schema version " +
                    std::to_string(userVersion.value()));
    if (existed) {
        // Cheap for sessions (runs, not bulk data) and catches damage that the header hides.
        auto check = connection.queryText(what, "PRAGMA quick_check(1)");
        if (!check)
            return check.error();
        if (check.value() != "ok")
            return fail(file.string() + " is damaged (SQLite's check reports: " + check.value() +
                        "); use a backup copy");
    }
    return userVersion;
}

// Brings the schema to kSchemaVersion in one transaction: a crash mid-way leaves the old version.
Result<void> migrate(const Connection& connection) {
    const std::string what = "cannot upgrade session file";
    Transaction transaction(connection, what, "BEGIN IMMEDIATE");
    if (!transaction.begun())
        return transaction.begun();
    // Read again under the write lock: another process may have migrated the file meanwhile.
    auto version = connection.queryInteger(what, "PRAGMA user_version");
    if (!version)
        return version.error();
    if (version.value() >= SessionStore::kSchemaVersion)
        return transaction.commit();
    for (auto step = static_cast<std::size_t>(version.value()); step < kMigrations.size(); ++step) {
        if (auto migrated = connection.execute(what, kMigrations[step]); !migrated)
            return migrated;
    }
    const std::string stamp = "PRAGMA application_id = " + std::to_string(SessionStore::kApplicationId) +
                              "; PRAGMA user_version = " + std::to_string(SessionStore::kSchemaVersion);
    if (auto stamped = connection.execute(what, stamp.c_str()); !stamped)
        return stamped;
    return transaction.commit();
}

Result<void> copyDatabase(sqlite3* source, const Connection& destination, const std::string& what) {
    sqlite3_backup* backup = sqlite3_backup_init(destination.handle(), "main", source, "main");
    if (!backup)
        return destination.error(what);
    // All pages in one step: the copy is one consistent snapshot of the session.
    sqlite3_backup_step(backup, -1);
    if (sqlite3_backup_finish(backup) != SQLITE_OK)
        return destination.error(what);
    return {};
}

} // namespace

void SessionStore::Closer::operator()(sqlite3* database) const {
    sqlite3_close_v2(database);
}

SessionStore::SessionStore(std::filesystem::path file, std::unique_ptr<sqlite3, Closer> database,
                           int schemaVersion)
    : m_path(std::move(file))
    , m_database(std::move(database))
    , m_schemaVersion(schemaVersion) {}

SessionStore::SessionStore(SessionStore&&) noexcept = default;
SessionStore& SessionStore::operator=(SessionStore&&) noexcept = default;
SessionStore::~SessionStore() = default;

Result<SessionStore> SessionStore::open(const std::filesystem::path& file) {
    std::error_code statusError;
    const auto status = fs::status(file, statusError);
    if (fs::is_directory(status))
        return fail(file.string() + " is a folder, not a session file");
    const bool existed = fs::exists(status);

    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | (existed ? 0 : SQLITE_OPEN_CREATE);
    const int opened = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, Closer> database(raw);
    if (!database)
        return fail("cannot open session file " + file.string() + ": out of memory");
    const Connection connection(raw, file);
    if (opened != SQLITE_OK)
        return connection.error(existed ? "cannot open session file" : "cannot create session file");
    sqlite3_busy_timeout(raw, kBusyTimeoutMilliseconds);

    auto version = checkSessionFile(connection, file, existed);
    if (!version)
        return version.error();
    // WAL lets the GUI read while a runner appends; foreign keys are off unless asked for, per
    // connection, and the schema relies on them for ON DELETE CASCADE.
    const std::string what = "cannot open session file";
    if (auto configured = connection.execute(what, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON");
        !configured)
        return configured.error();
    if (version.value() < kSchemaVersion) {
        if (auto migrated = migrate(connection); !migrated)
            return migrated.error();
        version = connection.queryInteger(what, "PRAGMA user_version");
        if (!version)
            return version.error();
    }
    return SessionStore(file, std::move(database), static_cast<int>(version.value()));
}

const std::filesystem::path& SessionStore::path() const {
    return m_path;
}

int SessionStore::schemaVersion() const {
    return m_schemaVersion;
}

Result<std::int64_t> SessionStore::addRun(const RunRecord& run) {
    const Connection connection(m_database.get(), m_path);
    const std::string what = "cannot add a run to session file";
    Transaction transaction(connection, what, "BEGIN IMMEDIATE");
    if (!transaction.begun())
        return transaction.begun().error();
    auto inserted =
        connection.run(what,
                       "INSERT INTO runs(workload, status, run_directory, started_utc, hostname, "
                       "run_json) VALUES (?, ?, ?, ?, ?, ?)",
                       run.workload, run.status, run.runDirectory, run.startedUtc, run.hostname, run.runJson);
    if (!inserted)
        return inserted.error();
    const std::int64_t id = sqlite3_last_insert_rowid(m_database.get());
    for (const auto& device : run.devices) {
        auto added =
            connection.run(what, "INSERT INTO devices(run_id, kind, name, detail) VALUES (?, ?, ?, ?)", id,
                           device.kind, device.name, device.detail);
        if (!added)
            return added.error();
    }
    if (!run.kernelRecordsJsonl.empty())
        if (auto added =
                connection.run(what, "INSERT INTO kernel_records(run_id, records_jsonl) VALUES (?, ?)", id,
                               run.kernelRecordsJsonl);
            !added)
            return added.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return id;
}

Result<std::vector<RunRecord>> SessionStore::runs() const {
    const Connection connection(m_database.get(), m_path);
    const std::string what = "cannot read the runs of session file";
    // One snapshot for both queries, so a concurrent writer cannot pair runs with stale devices.
    Transaction transaction(connection, what, "BEGIN");
    if (!transaction.begun())
        return transaction.begun().error();

    std::vector<RunRecord> runs;
    auto selectRuns = connection.prepare(what, "SELECT id, workload, status, run_directory, started_utc, "
                                               "hostname, run_json FROM runs ORDER BY id");
    if (!selectRuns)
        return selectRuns.error();
    auto readRuns = selectRuns->forEachRow([&](const Statement& row) {
        runs.push_back(RunRecord{row.integer(0),
                                 row.text(1),
                                 row.text(2),
                                 row.text(3),
                                 row.text(4),
                                 row.text(5),
                                 row.text(6),
                                 {},
                                 {}});
    });
    if (!readRuns)
        return readRuns.error();

    auto selectDevices =
        connection.prepare(what, "SELECT run_id, kind, name, detail FROM devices ORDER BY run_id, id");
    if (!selectDevices)
        return selectDevices.error();
    // Both queries are ordered by run id, so one pass attaches every device to its run.
    auto run = runs.begin();
    auto readDevices = selectDevices->forEachRow([&](const Statement& row) {
        const std::int64_t runId = row.integer(0);
        while (run != runs.end() && run->id < runId)
            ++run;
        if (run != runs.end() && run->id == runId)
            run->devices.push_back(DeviceRecord{row.text(1), row.text(2), row.text(3)});
    });
    if (!readDevices)
        return readDevices.error();

    auto selectKernels =
        connection.prepare(what, "SELECT run_id, records_jsonl FROM kernel_records ORDER BY run_id");
    if (!selectKernels)
        return selectKernels.error();
    run = runs.begin();
    auto readKernels = selectKernels->forEachRow([&](const Statement& row) {
        const std::int64_t runId = row.integer(0);
        while (run != runs.end() && run->id < runId)
            ++run;
        if (run != runs.end() && run->id == runId)
            run->kernelRecordsJsonl = row.text(1);
    });
    if (!readKernels)
        return readKernels.error();
    if (auto committed = transaction.commit(); !committed)
        return committed.error();
    return runs;
}

Result<void> SessionStore::removeRun(std::int64_t id) {
    const Connection connection(m_database.get(), m_path);
    const std::string what = "cannot remove run " + std::to_string(id) + " from session file";
    if (auto removed = connection.run(what, "DELETE FROM runs WHERE id = ?", id); !removed)
        return removed;
    if (sqlite3_changes(m_database.get()) == 0)
        return fail(what + " " + m_path.string() + ": there is no such run");
    return {};
}

Result<void> SessionStore::saveCopyTo(const std::filesystem::path& target) const {
    std::error_code notComparable;
    if (fs::equivalent(target, m_path, notComparable))
        return fail("cannot save session file " + m_path.string() + " as itself");
    const std::string what = "cannot save session file " + m_path.string() + " as";
    const auto temporary = temporarySiblingPath(target);

    sqlite3* raw = nullptr;
    const int opened =
        sqlite3_open_v2(temporary.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    std::unique_ptr<sqlite3, Closer> copy(raw);
    if (!copy)
        return fail(what + " " + target.string() + ": out of memory");
    // Errors name the target the user chose, not the hidden temporary file.
    const Connection destination(raw, target);
    auto copied =
        opened == SQLITE_OK ? copyDatabase(m_database.get(), destination, what) : destination.error(what);
    // SQLite synced the copy when the backup committed; closing removes its rollback journal.
    copy.reset();
    if (!copied) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        fs::remove(fs::path(temporary.string() + "-journal"), ignored);
        return copied;
    }
    return replaceWithFinishedFile(temporary, target);
}

Result<std::optional<IndexedFile>> SessionStore::findIndexedFile(const std::string& path) const {
    const Connection connection(m_database.get(), m_path);
    const std::string what = "cannot read the results index of session file";
    auto select = connection.prepare(
        what, "SELECT size_bytes, modified_ns, content_hash, summary_json FROM indexed_files WHERE path = ?",
        path);
    if (!select)
        return select.error();
    std::optional<IndexedFile> found;
    auto read = select->forEachRow([&](const Statement& row) {
        found = IndexedFile{path, static_cast<std::uint64_t>(row.integer(0)), row.integer(1),
                            static_cast<std::uint64_t>(row.integer(2)), row.text(3)};
    });
    if (!read)
        return read.error();
    return found;
}

Result<void> SessionStore::putIndexedFiles(const std::vector<IndexedFile>& files) {
    const Connection connection(m_database.get(), m_path);
    const std::string what = "cannot update the results index of session file";
    // One transaction for the whole batch: one sync instead of one per file.
    Transaction transaction(connection, what, "BEGIN IMMEDIATE");
    if (!transaction.begun())
        return transaction.begun();
    for (const auto& file : files) {
        // Hashes are unsigned 64-bit; SQLite integers are signed: stored bit for bit.
        auto stored = connection.run(what,
                                     "INSERT OR REPLACE INTO indexed_files(path, size_bytes, modified_ns, "
                                     "content_hash, summary_json) VALUES (?, ?, ?, ?, ?)",
                                     file.path, static_cast<std::int64_t>(file.sizeBytes), file.modifiedNs,
                                     static_cast<std::int64_t>(file.contentHash), file.summaryJson);
        if (!stored)
            return stored;
    }
    return transaction.commit();
}

Result<std::int64_t> SessionStore::addEvent(const EventRecord& event) {
    const Connection connection(m_database.get(), m_path);
    auto added =
        connection.run("cannot add an event to session file",
                       "INSERT INTO events(run_id, source, prefix, file, hits, particles) VALUES "
                       "(?, ?, ?, ?, ?, ?)",
                       event.runId, event.source, event.prefix, event.file, event.hits, event.particles);
    if (!added)
        return added.error();
    return sqlite3_last_insert_rowid(m_database.get());
}

Result<std::vector<EventRecord>> SessionStore::events() const {
    const Connection connection(m_database.get(), m_path);
    auto select = connection.prepare("cannot read the events of session file",
                                     "SELECT id, run_id, source, prefix, file, hits, particles FROM events "
                                     "ORDER BY id");
    if (!select)
        return select.error();
    std::vector<EventRecord> events;
    auto read = select->forEachRow([&](const Statement& row) {
        events.push_back(EventRecord{row.integer(0), row.optionalInteger(1), row.text(2), row.text(3),
                                     row.text(4), row.integer(5), row.integer(6)});
    });
    if (!read)
        return read.error();
    return events;
}

Result<void> SessionStore::setMlperfResultsFolder(const std::string& folder) {
    const Connection connection(m_database.get(), m_path);
    return connection.run("cannot record the MLPerf results folder in session file",
                          "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", kMlperfResultsFolderKey,
                          std::string_view(folder));
}

Result<std::optional<std::string>> SessionStore::mlperfResultsFolder() const {
    const Connection connection(m_database.get(), m_path);
    const std::string what = "cannot read the MLPerf results folder of session file";
    auto select = connection.prepare(what, "SELECT value FROM meta WHERE key = ?", kMlperfResultsFolderKey);
    if (!select)
        return select.error();
    std::optional<std::string> folder;
    if (auto read = select->forEachRow([&](const Statement& row) { folder = row.text(0); }); !read)
        return read.error();
    return folder;
}

Result<std::int64_t> SessionStore::indexedFileCount() const {
    const Connection connection(m_database.get(), m_path);
    return connection.queryInteger("cannot read the results index of session file",
                                   "SELECT count(*) FROM indexed_files");
}

std::string sqliteVersion() {
    return sqlite3_libversion();
}

} // namespace sciperf
