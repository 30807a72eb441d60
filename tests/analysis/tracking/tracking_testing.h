#pragma once
// Shared by the tracking tests: where the real TrackML files are (SCIPERF_DATA_DIR/trackml, see its
// SOURCES.md), the skip when they are absent, and hand-made submissions.

#include "sciperf/analysis/tracking/event.h"

#include <QDir>
#include <QString>
#include <QTest>
#include <string>
#include <utility>
#include <vector>

inline std::string trackmlDir() {
    return (qEnvironmentVariable("SCIPERF_DATA_DIR") + QStringLiteral("/trackml")).toStdString();
}

// Skips the calling test function when the development data are not there.
#define REQUIRE_TRACKML_DATA()                                                                               \
    do {                                                                                                     \
        if (!QDir(QString::fromStdString(trackmlDir())).exists())                                            \
            QSKIP(                                                                                           \
                qPrintable(QStringLiteral("TrackML development data not found at %1 (set SCIPERF_DATA_DIR)") \
                               .arg(QString::fromStdString(trackmlDir()))));                                 \
    } while (false)

// A submission from (track, hits) groups.
inline sciperf::tracking::Submission submissionOf(
    const std::vector<std::pair<sciperf::tracking::TrackId, std::vector<sciperf::tracking::HitId>>>& groups) {
    sciperf::tracking::Submission submission;
    for (const auto& [track, hits] : groups)
        for (const auto hit : hits) {
            submission.hitId.push_back(hit);
            submission.trackId.push_back(track);
        }
    return submission;
}
