#pragma once
// Session: the open session file (SQLite, through SessionStore) as the GUI sees it. Turns run
// directories into RunRecords (reading run.json) and tells views when the runs change.

#include "sciperf/store/session_store.h"

#include <QObject>
#include <QString>
#include <optional>

namespace sciperf {

// Reads DIR/run.json into a record; a missing or malformed run.json is an error naming the file
// and, where the JSON parser says, the byte offset.
Result<RunRecord> readRunDirectory(const QString& directory);

class Session : public QObject {
    Q_OBJECT
public:
    explicit Session(QObject* parent = nullptr);

    // Each returns false and emits failed() with a message naming the file on error; the session
    // open before stays open then.
    bool open(const QString& file);
    bool saveAs(const QString& file); // then continues in the new file
    bool addRun(const RunRecord& run);
    bool importRunDirectory(const QString& directory);
    // Keeps the events of a simulate run as HDF5 event files beside their CSV files
    // (`<prefix>.h5`, which load several times faster) and records them in the session's events
    // table. Converts on a worker thread; eventsStored() or failed() when done.
    void storeRunEvents(const QString& runDirectory);
    Result<std::vector<EventRecord>> events() const;
    // The MLPerf HPC results folder to show again when the session is reopened; empty for none.
    bool setMlperfResultsFolder(const QString& folder);
    Result<QString> mlperfResultsFolder() const;

    bool isOpen() const { return m_store.has_value(); }
    QString filePath() const;
    Result<std::vector<RunRecord>> runs() const;

signals:
    void opened(const QString& file);
    void runsChanged();
    void eventsStored(const QString& runDirectory, int count);
    void failed(const QString& message);

private:
    std::optional<SessionStore> m_store;
};

} // namespace sciperf
