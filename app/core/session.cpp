#include "session.h"

#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/store/event_file.h"

#include <QFile>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QtConcurrent>
#include <filesystem>

namespace sciperf {
namespace {

QString bytesText(qint64 bytes) {
    return QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

std::vector<DeviceRecord> devicesOf(const QJsonObject& machine) {
    std::vector<DeviceRecord> devices;
    const QJsonObject cpu = machine[QStringLiteral("cpu")].toObject();
    QStringList cacheParts;
    for (const auto& value : cpu[QStringLiteral("caches")].toArray()) {
        const QJsonObject cache = value.toObject();
        if (cache[QStringLiteral("type")].toString() == QLatin1String("Instruction"))
            continue;
        cacheParts << QStringLiteral("L%1 %2")
                          .arg(cache[QStringLiteral("level")].toInt())
                          .arg(bytesText(cache[QStringLiteral("size_bytes")].toInteger()));
    }
    devices.push_back({"cpu", cpu[QStringLiteral("model")].toString().toStdString(),
                       QStringLiteral("%1 cores / %2 threads, %3, %4 memory")
                           .arg(cpu[QStringLiteral("physical_cores")].toInt())
                           .arg(cpu[QStringLiteral("logical_cpus")].toInt())
                           .arg(cacheParts.join(QStringLiteral(", ")))
                           .arg(bytesText(machine[QStringLiteral("memory_bytes")].toInteger()))
                           .toStdString()});
    for (const auto& value : machine[QStringLiteral("cuda")][QStringLiteral("devices")].toArray()) {
        const QJsonObject gpu = value.toObject();
        devices.push_back(
            {"cuda", gpu[QStringLiteral("name")].toString().toStdString(),
             QStringLiteral("sm_%1, %2 SMs, %3, L2 %4, %5 MHz")
                 .arg(gpu[QStringLiteral("compute_capability")].toString().remove(QLatin1Char('.')))
                 .arg(gpu[QStringLiteral("multiprocessors")].toInt())
                 .arg(bytesText(gpu[QStringLiteral("global_memory_bytes")].toInteger()))
                 .arg(bytesText(gpu[QStringLiteral("l2_cache_bytes")].toInteger()))
                 .arg(gpu[QStringLiteral("sm_clock_hz")].toDouble() / 1e6, 0, 'f', 0)
                 .toStdString()});
    }
    return devices;
}

} // namespace

Result<RunRecord> readRunDirectory(const QString& directory) {
    const QString path = directory + QStringLiteral("/run.json");
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(QStringLiteral("%1: cannot read (%2)").arg(path, file.errorString()).toStdString());
    const QByteArray text = file.readAll();
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = static_cast<int>(text.left(parseError.offset).count('\n')) + 1;
        return fail(QStringLiteral("%1:%2: not valid JSON (%3)")
                        .arg(path)
                        .arg(line)
                        .arg(parseError.errorString())
                        .toStdString());
    }
    const QJsonObject run = document.object();
    if (run[QStringLiteral("schema")].toString() != QLatin1String("sciperf.run/1"))
        return fail(QStringLiteral("%1: not a SciPerf run description (no \"schema\": \"sciperf.run/1\")")
                        .arg(path)
                        .toStdString());
    RunRecord record;
    record.workload = run[QStringLiteral("workload")].toString().toStdString();
    record.status = run[QStringLiteral("status")].toString().toStdString();
    record.startedUtc = run[QStringLiteral("started_utc")].toString().toStdString();
    record.runDirectory = directory.toStdString();
    const QJsonObject machine = run[QStringLiteral("machine")].toObject();
    record.hostname = machine[QStringLiteral("hostname")].toString().toStdString();
    record.devices = devicesOf(machine);
    record.runJson = text.toStdString();
    // Kernel records come into the session with the run (the Runs workspace shows them from there).
    QFile kernels(directory + QStringLiteral("/kernels.jsonl"));
    if (kernels.open(QIODevice::ReadOnly))
        record.kernelRecordsJsonl = kernels.readAll().toStdString();
    return record;
}

Session::Session(QObject* parent)
    : QObject(parent) {}

bool Session::open(const QString& file) {
    auto store = SessionStore::open(file.toStdString());
    if (!store) {
        emit failed(QString::fromStdString(store.error().message));
        return false;
    }
    m_store.emplace(std::move(store).value());
    emit opened(file);
    emit runsChanged();
    return true;
}

bool Session::saveAs(const QString& file) {
    if (!m_store)
        return false;
    if (auto saved = m_store->saveCopyTo(file.toStdString()); !saved) {
        emit failed(QString::fromStdString(saved.error().message));
        return false;
    }
    return open(file);
}

bool Session::addRun(const RunRecord& run) {
    if (!m_store)
        return false;
    if (auto added = m_store->addRun(run); !added) {
        emit failed(QString::fromStdString(added.error().message));
        return false;
    }
    emit runsChanged();
    return true;
}

bool Session::importRunDirectory(const QString& directory) {
    auto record = readRunDirectory(directory);
    if (!record) {
        emit failed(QString::fromStdString(record.error().message));
        return false;
    }
    return addRun(record.value());
}

namespace {

// Each event of the folder read from its CSV files and written as `<prefix>.h5` beside them;
// records for the session's events table, or the first error.
Result<std::vector<EventRecord>> convertEvents(const std::filesystem::path& folder) {
    std::vector<EventRecord> records;
    for (const std::string& prefix : tracking::listEvents(folder)) {
        Result<tracking::Event> event = tracking::readEvent(folder, prefix);
        if (!event)
            return event.error();
        const std::filesystem::path file = folder / (prefix + ".h5");
        if (auto written = writeEventHdf5(file, event.value()); !written)
            return written.error();
        EventRecord record;
        record.source = folder.string();
        record.prefix = prefix;
        record.file = file.string();
        record.hits = static_cast<std::int64_t>(event->hits.size());
        record.particles = event->particles ? static_cast<std::int64_t>(event->particles->size()) : 0;
        records.push_back(std::move(record));
    }
    return records;
}

} // namespace

void Session::storeRunEvents(const QString& runDirectory) {
    const std::filesystem::path folder(QFile::encodeName(runDirectory).toStdString());
    auto* watcher = new QFutureWatcher<Result<std::vector<EventRecord>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, runDirectory] {
        watcher->deleteLater();
        Result<std::vector<EventRecord>> converted = watcher->result();
        if (!converted) {
            emit failed(QString::fromStdString(converted.error().message));
            return;
        }
        if (!m_store)
            return;
        std::optional<std::int64_t> runId;
        if (const auto all = m_store->runs())
            for (const RunRecord& run : all.value())
                if (run.runDirectory == runDirectory.toStdString())
                    runId = run.id;
        for (EventRecord& record : converted.value()) {
            record.runId = runId;
            if (auto added = m_store->addEvent(record); !added) {
                emit failed(QString::fromStdString(added.error().message));
                return;
            }
        }
        emit eventsStored(runDirectory, static_cast<int>(converted->size()));
    });
    watcher->setFuture(QtConcurrent::run([folder] { return convertEvents(folder); }));
}

Result<std::vector<EventRecord>> Session::events() const {
    if (!m_store)
        return fail("no session is open");
    return m_store->events();
}

bool Session::setMlperfResultsFolder(const QString& folder) {
    if (!m_store)
        return false;
    if (auto recorded = m_store->setMlperfResultsFolder(QFile::encodeName(folder).toStdString()); !recorded) {
        emit failed(QString::fromStdString(recorded.error().message));
        return false;
    }
    return true;
}

Result<QString> Session::mlperfResultsFolder() const {
    if (!m_store)
        return QString();
    auto folder = m_store->mlperfResultsFolder();
    if (!folder)
        return folder.error();
    return folder->has_value() ? QFile::decodeName(folder->value().c_str()) : QString();
}

QString Session::filePath() const {
    return m_store ? QString::fromStdString(m_store->path().string()) : QString();
}

Result<std::vector<RunRecord>> Session::runs() const {
    if (!m_store)
        return std::vector<RunRecord>{};
    return m_store->runs();
}

} // namespace sciperf
