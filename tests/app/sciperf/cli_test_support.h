#pragma once
// Shared by the tests of the `sciperf` command line: the program run as a process, as a batch
// user runs it.

#include <QProcess>
#include <QString>
#include <QStringList>

namespace sciperf::test {

struct Output {
    int exitCode = -1; // -1 when it crashed or did not finish in time
    QString out;
    QString err;
};

inline Output runSciperf(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(SCIPERF_PATH), arguments);
    Output output;
    if (process.waitForFinished(120000) && process.exitStatus() == QProcess::NormalExit)
        output.exitCode = process.exitCode();
    output.out = QString::fromUtf8(process.readAllStandardOutput());
    output.err = QString::fromUtf8(process.readAllStandardError());
    return output;
}

} // namespace sciperf::test
