#include "event_simulation_workload.h"

#include "sciperf/analysis/tracking/detector.h"
#include "sciperf/engine/event_simulation.h"

namespace sciperf {
namespace {

constexpr std::int64_t kDefaultEvents = 10;
constexpr std::int64_t kDefaultSeed = 1;

} // namespace

Result<void> runSimulateWorkload(const RunContext& context, JsonWriter& results) {
    const std::string detectorFile = context.text("detector", "");
    context.progress.progress(0, "Reading the detector description");
    Result<tracking::Detector> detector = detectorOrBuiltIn(detectorFile);
    if (!detector)
        return detector.error();
    const EventSimulator simulator(std::move(detector).value());

    SimulationRunOptions options;
    options.events = static_cast<std::uint64_t>(context.integer("events", kDefaultEvents));
    options.threads = static_cast<unsigned>(context.integer("threads", 0));
    options.seed = static_cast<std::uint64_t>(context.integer("seed", kDefaultSeed));
    options.outputDirectory = context.directory;
    const Result<SimulationRunSummary> run = simulateEvents(simulator, options, context.progress);
    if (!run)
        return run.error();
    results.field("detector", detectorFile.empty() ? std::string("built-in") : detectorFile)
        .field("seed", options.seed)
        .field("threads", static_cast<std::uint64_t>(run->threads))
        .field("events", run->events)
        .field("first_event", eventFilePrefix(1))
        .field("hits", run->hits)
        .field("noise_hits", run->noiseHits)
        .field("particles", run->particles)
        .field("seconds", run->seconds)
        .field("events_per_second", run->seconds > 0 ? static_cast<double>(run->events) / run->seconds : 0.0);
    return {};
}

} // namespace sciperf
