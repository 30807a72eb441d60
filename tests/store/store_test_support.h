#pragma once
// Shared by the store tests.

#include "sciperf/analysis/result.h"

#include <QString>
#include <QStringList>
#include <QtTest>
#include <filesystem>

namespace sciperf::test {

inline QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

// Every refusal must name the file and say what is wrong: fails the current test unless `result`
// is an error whose message holds the file's path and `hint`.
template <class T>
void verifyRefused(const Result<T>& result, const std::filesystem::path& file, const char* hint) {
    QVERIFY2(!result.ok(), "expected an error");
    const QString message = qs(result.error().message);
    QVERIFY2(message.contains(qs(file.string())), qPrintable("no file name in: " + message));
    QVERIFY2(message.contains(QString::fromUtf8(hint), Qt::CaseInsensitive),
             qPrintable(QString("no '%1' in: %2").arg(hint, message)));
}

// The names in `folder`, sorted: tests check that atomic writes leave no temporary files behind.
inline QStringList folderEntries(const std::filesystem::path& folder) {
    QStringList names;
    for (const auto& entry : std::filesystem::directory_iterator(folder))
        names << qs(entry.path().filename().string());
    names.sort();
    return names;
}

} // namespace sciperf::test
