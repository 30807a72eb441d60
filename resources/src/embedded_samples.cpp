#include "sciperf/resources/embedded_samples.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace sciperf {

QString extractMlperfSample(const QString& folder, QString* error) {
    const QString root = QStringLiteral(":/mlperf-sample");
    QDirIterator files(root, QDir::Files, QDirIterator::Subdirectories);
    int extracted = 0;
    while (files.hasNext()) {
        const QString source = files.next();
        const QString target = folder + source.mid(root.size());
        QFile embedded(source);
        if (!embedded.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the embedded sample %1").arg(source);
            return {};
        }
        const QByteArray bytes = embedded.readAll();
        ++extracted;
        QFile existing(target);
        if (existing.open(QIODevice::ReadOnly) && existing.readAll() == bytes)
            continue; // unchanged: keep its modification time, so the results index stays valid
        QDir().mkpath(QFileInfo(target).absolutePath());
        QSaveFile output(target); // atomic: a half-written log would be scored
        if (!output.open(QIODevice::WriteOnly) || output.write(bytes) != bytes.size() || !output.commit()) {
            *error = QStringLiteral("cannot write %1: %2").arg(target, output.errorString());
            return {};
        }
    }
    if (extracted == 0) {
        *error = QStringLiteral("this build carries no embedded MLPerf HPC sample");
        return {};
    }
    return folder;
}

} // namespace sciperf
