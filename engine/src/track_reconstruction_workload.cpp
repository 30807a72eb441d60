#include "track_reconstruction_workload.h"

#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/metrics.h"
#include "sciperf/analysis/tracking/score.h"
#include "sciperf/engine/atomic_file.h"
#include "sciperf/engine/event_simulation.h"
#include "sciperf/engine/track_reconstruction.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

namespace sciperf {
namespace {

// The events with a hits file in `dir` (tracking::listEvents), or why there are none.
Result<std::vector<std::string>> eventPrefixes(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec))
        return fail("input " + dir.string() + " is not a folder");
    std::vector<std::string> prefixes = tracking::listEvents(dir);
    if (prefixes.empty())
        return fail("no PREFIX-hits.csv(.gz) files in " + dir.string());
    return prefixes;
}

void writeRate(JsonWriter& results, std::string_view name, const tracking::Rate& rate) {
    results.field(name, rate.total ? rate.value() : 0.0);
}

} // namespace

Result<void> runTrackWorkload(const RunContext& context, JsonWriter& results) {
    const std::string input = context.text("input", "");
    if (input.empty())
        return fail("track needs --input DIR (a folder of TrackML event files)");
    const std::string detectorFile = context.text("detector", "");
    const std::string tuningFile = context.text("tuning", "");
    context.progress.progress(0, "Reading the detector and the tuning");
    Result<tracking::Detector> detector = detectorOrBuiltIn(detectorFile);
    if (!detector)
        return detector.error();
    Result<TrackingTuning> tuning = tuningFile.empty() ? builtInTuning() : readTuning(tuningFile);
    if (!tuning)
        return tuning.error();
    if (const std::int64_t z0 = context.integer("z0-max", 0); z0 > 0)
        tuning.value().seedMaxAbsZ0Mm = static_cast<double>(z0);
    const Result<std::vector<std::string>> prefixes = eventPrefixes(input);
    if (!prefixes)
        return prefixes.error();
    ReconstructionOptions options;
    options.threads = static_cast<unsigned>(context.integer("threads", 0));

    results.field("input", input)
        .field("tuning", tuningFile.empty() ? std::string("built-in") : tuningFile)
        .field("detector", detectorFile.empty() ? std::string("built-in") : detectorFile)
        .field("threads", static_cast<std::int64_t>(options.threads))
        .field("seed_max_abs_z0_mm", tuning->seedMaxAbsZ0Mm);
    results.key("events").beginArray();
    double seconds = 0, scoreSum = 0, scoredSeconds = 0;
    std::size_t done = 0, scored = 0;
    StageSeconds stages;
    for (const std::string& prefix : prefixes.value()) {
        if (context.progress.cancelRequested())
            break;
        Result<tracking::Event> event = tracking::readEvent(input, prefix);
        if (!event)
            return event.error();
        Result<Reconstruction> reco =
            reconstructTracks(event->hits, detector.value(), tuning.value(), options);
        if (!reco)
            return fail(prefix + ": " + reco.error().message);
        std::ostringstream csv;
        tracking::writeCsv(csv, reco->submission, std::stoll(prefix.substr(5)));
        if (Result<void> written =
                writeFileAtomically(context.directory / (prefix + "-submission.csv"), csv.str());
            !written)
            return written.error();
        seconds += reco->seconds.total;
        stages.prepare += reco->seconds.prepare;
        stages.seeding += reco->seconds.seeding;
        stages.following += reco->seconds.following;
        stages.assignment += reco->seconds.assignment;
        results.beginObject()
            .field("event", prefix)
            .field("hits", static_cast<std::uint64_t>(event->hits.size()))
            .field("seeds", static_cast<std::uint64_t>(reco->seeds))
            .field("candidates", static_cast<std::uint64_t>(reco->candidates))
            .field("tracks", static_cast<std::uint64_t>(reco->tracks))
            .field("seconds", reco->seconds.total)
            .field("prepare_seconds", reco->seconds.prepare)
            .field("seeding_seconds", reco->seconds.seeding)
            .field("following_seconds", reco->seconds.following)
            .field("assignment_seconds", reco->seconds.assignment);
        if (event->truth) {
            const Result<double> score = tracking::scoreEvent(*event->truth, reco->submission);
            if (!score)
                return fail(prefix + ": " + score.error().message);
            results.field("score", score.value());
            scoreSum += score.value();
            scoredSeconds += reco->seconds.total;
            ++scored;
            if (event->particles) {
                tracking::MetricsConfig config;
                config.unassignedTrackId = kUnassignedTrack;
                const Result<tracking::TrackingMetrics> metrics =
                    tracking::computeMetrics(*event->truth, *event->particles, reco->submission, config);
                if (metrics) {
                    writeRate(results, "efficiency", metrics->efficiency.overall);
                    writeRate(results, "fake_rate", metrics->fakeRate.overall);
                    writeRate(results, "duplicate_rate", metrics->duplicateRate.overall);
                }
            }
        }
        results.endObject();
        ++done;
        context.progress.progress(static_cast<double>(done) / static_cast<double>(prefixes->size()),
                                  "Reconstructed " + prefix + " (" + std::to_string(reco->tracks) +
                                      " tracks)");
    }
    results.endArray();
    const double n = done ? static_cast<double>(done) : 1.0;
    results.field("events_done", static_cast<std::uint64_t>(done))
        .field("mean_seconds_per_event", seconds / n)
        .field("mean_prepare_seconds", stages.prepare / n)
        .field("mean_seeding_seconds", stages.seeding / n)
        .field("mean_following_seconds", stages.following / n)
        .field("mean_assignment_seconds", stages.assignment / n);
    if (scored) {
        const double accuracy = scoreSum / static_cast<double>(scored);
        // Both over the scored events (those with truth).
        const double scoredTime = scoredSeconds / static_cast<double>(scored);
        results.field("mean_score", accuracy)
            .field("mean_seconds_per_scored_event", scoredTime)
            .field("throughput_score", tracking::throughputScore(accuracy, scoredTime));
    }
    return {};
}

Result<void> runTrackTrainWorkload(const RunContext& context, JsonWriter& results) {
    context.progress.progress(0, "Reading the detector description");
    Result<tracking::Detector> detector = builtInDetector();
    if (!detector)
        return detector.error();
    const EventSimulator simulator(std::move(detector).value());
    TrainingOptions options;
    options.events = static_cast<std::uint64_t>(context.integer("events", 10));
    options.seed = static_cast<std::uint64_t>(context.integer("seed", 1));
    options.threads = static_cast<unsigned>(context.integer("threads", 0));
    const auto start = std::chrono::steady_clock::now();
    const Result<TrackingTuning> tuning = trainTuning(simulator, options, context.progress);
    if (!tuning) {
        if (context.progress.cancelRequested())
            return {};
        return tuning.error();
    }
    const std::filesystem::path file = context.directory / "tracking-tuning.txt";
    if (Result<void> written = writeFileAtomically(file, formatTuning(tuning.value())); !written)
        return written.error();
    results.field("tuning_file", file.filename().string())
        .field("events", options.events)
        .field("seed", options.seed)
        .field("layers", static_cast<std::uint64_t>(tuning->layers.size()))
        .field("links", static_cast<std::uint64_t>(tuning->links.size()))
        .field("seed_triplets", static_cast<std::uint64_t>(tuning->seeds.size()))
        .field("seconds", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return {};
}

} // namespace sciperf
