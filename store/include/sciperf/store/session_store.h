#pragma once
// The session store: one SQLite file per session holding the runs the user looked at and the
// devices each run saw. Bulk data (events, tracks, traces) lives next to it in HDF5 (hdf5_table.h).

#include "sciperf/analysis/result.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace sciperf {

struct DeviceRecord {
    std::string kind;   // "cpu" or "cuda"
    std::string name;   // "AMD EPYC", "NVIDIA H100 80GB HBM3"
    std::string detail; // free text, e.g. "2 cores, L2 1 MiB" or "132 SMs, 80 GiB"
};

struct RunRecord {
    std::int64_t id = 0;  // assigned by addRun
    std::string workload; // "sysinfo", ...
    std::string status;   // "completed", "failed", "cancelled", "crashed"
    std::string runDirectory;
    std::string startedUtc; // ISO-8601
    std::string hostname;
    std::string runJson; // the whole run.json text, kept verbatim
    std::vector<DeviceRecord> devices;
    // The run's kernel records (kernels.jsonl of sciperf-run --profile), kept verbatim; empty when
    // the run recorded none.
    std::string kernelRecordsJsonl;
};

// A parsed result log in the session's results index (see mlperf_index.h).
struct IndexedFile {
    std::string path;
    std::uint64_t sizeBytes = 0;
    std::int64_t modifiedNs = 0;
    std::uint64_t contentHash = 0;
    std::string summaryJson;
};

// A TrackML event the session keeps as an HDF5 event file (event_file.h).
struct EventRecord {
    std::int64_t id = 0;               // assigned by addEvent
    std::optional<std::int64_t> runId; // the run that made it; none for an imported event
    std::string source;                // where it came from: a CSV folder, a run directory
    std::string prefix;                // the challenge's file prefix, e.g. "event000000001"
    std::string file;                  // the .h5 file; a relative path is relative to the session's folder
    std::int64_t hits = 0;
    std::int64_t particles = 0; // 0 when the event has no particles
};

// One open session file. Use it from one thread at a time; other processes may open the same
// file concurrently (WAL journal, busy timeout).
class SessionStore {
public:
    static constexpr int kSchemaVersion = 5;
    // Written into the SQLite header ("SPFS") so that a session file is recognisable as ours.
    static constexpr std::int32_t kApplicationId = 0x53504653;

    // Opens a session file, creating a new one when `file` does not exist; migrates an older
    // schema in one transaction; refuses (clear Error naming the file) a file that is not SQLite,
    // truncated/corrupt, a SQLite DB of another application, or one from a newer SciPerf version.
    static Result<SessionStore> open(const std::filesystem::path& file);

    SessionStore(SessionStore&&) noexcept;
    SessionStore& operator=(SessionStore&&) noexcept;
    ~SessionStore();

    const std::filesystem::path& path() const;
    int schemaVersion() const; // as read from the file after migrations

    Result<std::int64_t> addRun(const RunRecord& run); // one transaction, run + its devices
    Result<std::vector<RunRecord>> runs() const;       // oldest first, with devices
    Result<void> removeRun(std::int64_t id);           // devices go with it (ON DELETE CASCADE)

    // The results index: the entry for `path`, if any (whether it is still valid is the caller's
    // judgement, by size and modification time); entries are inserted or replaced in one transaction.
    Result<std::optional<IndexedFile>> findIndexedFile(const std::string& path) const;
    Result<void> putIndexedFiles(const std::vector<IndexedFile>& files);
    Result<std::int64_t> indexedFileCount() const;

    // The MLPerf HPC results folder the session last opened, so that reopening the session shows
    // it again; none before one was opened.
    Result<void> setMlperfResultsFolder(const std::string& folder);
    Result<std::optional<std::string>> mlperfResultsFolder() const;

    // The events: a removed run leaves its events in the session, without a run.
    Result<std::int64_t> addEvent(const EventRecord& event);
    Result<std::vector<EventRecord>> events() const; // oldest first

    // Writes a consistent copy of the whole session to `target` atomically (sqlite3 backup API
    // into a temporary sibling, fsync, rename): "Save session as".
    Result<void> saveCopyTo(const std::filesystem::path& target) const;

private:
    struct Closer {
        void operator()(sqlite3* database) const;
    };

    SessionStore(std::filesystem::path file, std::unique_ptr<sqlite3, Closer> database, int schemaVersion);

    std::filesystem::path m_path;
    std::unique_ptr<sqlite3, Closer> m_database;
    int m_schemaVersion = 0;
};

std::string sqliteVersion(); // sqlite3_libversion() of the library linked at run time

} // namespace sciperf
