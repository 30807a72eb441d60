#include "track_command.h"

#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/metrics.h"
#include "sciperf/analysis/tracking/score.h"
#include "sciperf/store/event_file.h"
#include "sciperf/store/session_store.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace sciperf {
namespace {

namespace fs = std::filesystem;
using namespace tracking;

constexpr const char* kUsage =
    "usage: sciperf track score SUBMISSION.csv --truth EVENT [--unassigned LABEL]\n"
    "       sciperf track convert EVENT OUT.h5 [--session FILE]\n\n"
    "EVENT    DIR/PREFIX for an event's TrackML CSV files, plain or gzip (e.g.\n"
    "         data/event000000001 reads data/event000000001-hits.csv, -truth.csv, ...),\n"
    "         or an HDF5 event file (.h5) written by convert\n"
    "score    the official TrackML score of SUBMISSION (columns hit_id,track_id) against the\n"
    "         truth of EVENT, and the efficiency (particles with >= 4 hits), fake and duplicate\n"
    "         rates (tracks with >= 4 hits); --unassigned LABEL: hits labelled LABEL are in no track\n"
    "convert  writes EVENT as an HDF5 event file (chunked, compressed, fast to load);\n"
    "         --session FILE also records it in that session file\n";

Result<Event> loadEvent(const fs::path& event) {
    if (event.extension() == ".h5")
        return readEventHdf5(event);
    const fs::path dir = event.parent_path().empty() ? fs::path(".") : event.parent_path();
    return readEvent(dir, event.filename().string());
}

std::string fixed(double value) {
    if (std::isnan(value))
        return "n/a";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6f", value);
    return buffer;
}

void printRate(const char* name, const Rate& rate, const char* ofWhat) {
    std::cout << name << fixed(rate.value()) << "  (" << rate.passed << " of " << rate.total << " " << ofWhat
              << ")\n";
}

int reportFailure(const std::string& command, const std::string& message) {
    std::cerr << "sciperf track " << command << ": " << message << "\n";
    return 1;
}

int score(const fs::path& submissionFile, const fs::path& eventPath, std::optional<TrackId> unassigned) {
    const auto submission = readSubmission(submissionFile);
    if (!submission)
        return reportFailure("score", submission.error().message);
    const auto event = loadEvent(eventPath);
    if (!event)
        return reportFailure("score", event.error().message);
    if (!event->truth)
        return reportFailure("score",
                             eventPath.string() + " has no truth (its -truth.csv file or truth table)");
    const auto scored = scoreEvent(*event->truth, submission.value());
    if (!scored)
        return reportFailure("score", scored.error().message);
    std::cout << "score           " << fixed(scored.value()) << "  (official TrackML score)\n";
    if (!event->particles) {
        std::cout << "efficiency, fake and duplicate rates need the event's particles\n";
        return 0;
    }
    MetricsConfig config;
    config.unassignedTrackId = unassigned;
    const auto metrics = computeMetrics(*event->truth, *event->particles, submission.value(), config);
    if (!metrics)
        return reportFailure("score", metrics.error().message);
    printRate("efficiency      ", metrics->efficiency.overall, "particles with >= 4 hits");
    printRate("fake rate       ", metrics->fakeRate.overall, "tracks with >= 4 hits");
    printRate("duplicate rate  ", metrics->duplicateRate.overall, "matched tracks");
    return 0;
}

// Records the event file in the session, by a path relative to the session's folder where the
// file lies beside it, so that the pair can move together.
Result<void> recordInSession(const fs::path& sessionFile, const fs::path& eventPath, const fs::path& output,
                             const Event& event) {
    auto session = SessionStore::open(sessionFile);
    if (!session)
        return session.error();
    const fs::path sessionFolder = fs::absolute(sessionFile).parent_path();
    const fs::path relative = fs::absolute(output).lexically_relative(sessionFolder);
    const bool beside = !relative.empty() && *relative.begin() != "..";
    EventRecord record;
    record.source = fs::absolute(eventPath).parent_path().string();
    record.prefix = eventPath.stem().string();
    record.file = (beside ? relative : fs::absolute(output)).string();
    record.hits = static_cast<std::int64_t>(event.hits.size());
    record.particles = event.particles ? static_cast<std::int64_t>(event.particles->size()) : 0;
    auto added = session->addEvent(record);
    if (!added)
        return added.error();
    return {};
}

int convert(const fs::path& eventPath, const fs::path& output, const std::optional<fs::path>& sessionFile) {
    const auto event = loadEvent(eventPath);
    if (!event)
        return reportFailure("convert", event.error().message);
    if (auto written = writeEventHdf5(output, event.value()); !written)
        return reportFailure("convert", written.error().message);
    if (sessionFile)
        if (auto recorded = recordInSession(*sessionFile, eventPath, output, event.value()); !recorded)
            return reportFailure("convert", recorded.error().message);
    std::cout << "wrote " << output.string() << ": " << event->hits.size() << " hits"
              << (event->cells ? ", " + std::to_string(event->cells->size()) + " cells" : "")
              << (event->particles ? ", " + std::to_string(event->particles->size()) + " particles" : "")
              << (event->truth ? ", truth" : "") << "\n";
    return 0;
}

std::optional<TrackId> parseLabel(const std::string& text) {
    TrackId label = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), label);
    if (error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return label;
}

} // namespace

int runTrackCommand(int argc, char** argv) {
    const std::vector<std::string> arguments(argv, argv + argc);
    if (arguments.size() >= 4 && arguments[0] == "score" && arguments[2] == "--truth") {
        if (arguments.size() == 4)
            return score(arguments[1], arguments[3], std::nullopt);
        if (arguments.size() == 6 && arguments[4] == "--unassigned")
            if (const auto label = parseLabel(arguments[5]))
                return score(arguments[1], arguments[3], label);
    }
    if (arguments.size() == 3 && arguments[0] == "convert")
        return convert(arguments[1], arguments[2], std::nullopt);
    if (arguments.size() == 5 && arguments[0] == "convert" && arguments[3] == "--session")
        return convert(arguments[1], arguments[2], fs::path(arguments[4]));
    std::cerr << kUsage;
    return 2;
}

} // namespace sciperf
