#pragma once
// MLPerf logging format (":::MLLOG {json}" lines) as value types, and a streaming parser that
// survives the quirks of real HPC result logs (../shared/docs/reference/mlperf-hpc.md §5):
// prefixes and noise lines, per-rank duplicates (first occurrence wins), unreliable event types
// (intervals are paired by key name), missing run_stop or status, events after run_stop, seeds
// beyond 2^53 (kept as text), latin-1 bytes. It never throws and never stops on a bad line: it
// records a Diagnostic with file and line instead.

#include "sciperf/analysis/mlperf/rules.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf::mlperf {

inline constexpr double kNoTime = std::numeric_limits<double>::quiet_NaN();

enum class Severity { Warning, Error };

struct Diagnostic {
    std::string file;
    std::size_t line = 0; // 1-based; 0 when it concerns the whole file
    Severity severity = Severity::Warning;
    std::string message;
};

enum class EventType { IntervalStart, IntervalEnd, PointInTime, Unknown };

// One MLLOG event as logged. Values and metadata stay as their JSON text (compact), so nothing is
// lost: big integers, lists, objects.
struct Event {
    std::size_t line = 0;
    double timeMs = kNoTime;
    EventType type = EventType::Unknown;
    std::string key;
    std::string valueJson;
    std::string metadataJson;
};

// First start .. first stop of a key pair (init_*, staging_*, run_*), paired by name.
struct Interval {
    double startMs = kNoTime;
    double stopMs = kNoTime;
    bool complete() const { return startMs == startMs && stopMs == stopMs; } // neither is NaN
    double seconds() const { return complete() ? (stopMs - startMs) / 1e3 : kNoTime; }
};

// One evaluation before run_stop, of the benchmark's quality metric (rules.h).
struct EvalPoint {
    std::size_t line = 0;
    double timeMs = kNoTime;
    double epoch = kNoTime; // metadata epoch_num (OpenFold: samples); NaN when absent
    double value = kNoTime;
};

struct KeyStats {
    std::size_t count = 0;
    std::size_t firstLine = 0;
    std::size_t secondLine = 0; // 0 unless logged again: compliance names the repeat
};

struct RunSummary {
    std::string file;
    Benchmark benchmark = Benchmark::Unknown; // the hint given to the parser, else submission_benchmark

    Interval init;
    Interval staging;
    Interval run; // run.startMs: first run_start; run.stopMs: first run_stop
    bool hasRunStop = false;
    std::string runStopStatus; // metadata.status of the first run_stop: "success", "aborted", "" if absent
    bool stagingInsideRun = false;
    double timeToTrainMinutes = kNoTime; // (run_stop - run_start) / 60000 ms, NaN without both

    std::vector<EvalPoint> evals; // the metric's evaluations before run_stop, in log order
    double lastEval = kNoTime;
    double epochsToConverge = kNoTime; // epoch of the last eval before run_stop
    bool targetMet = false;            // lastEval meets the benchmark's target
    // run_stop present, status "success" or absent, and the last eval meets the target.
    bool converged = false;

    // Derived time breakdown (MLPerf HPC paper method): sums over epoch_* and eval_* intervals
    // before run_stop, paired by key and epoch.
    double epochSeconds = kNoTime;
    double evalSeconds = kNoTime;
    double trainSeconds = kNoTime; // epochSeconds - evalSeconds

    std::string seed; // as logged; may exceed 2^53
    std::optional<std::int64_t> nodes;
    std::optional<std::int64_t> acceleratorsPerNode;
    std::optional<std::int64_t> globalBatchSize;
    std::optional<std::int64_t> trainSamples;
    std::optional<std::int64_t> evalSamples;
    std::string logOrg, logDivision, logPlatform, logStatus, logBenchmark; // submission_* as logged

    std::size_t mllogLines = 0; // lines carrying the :::MLLOG token
    std::size_t badLines = 0;   // MLLOG lines whose JSON could not be used
    std::size_t otherLines = 0; // lines without the token (framework output)
    std::size_t bytes = 0;

    std::map<std::string, KeyStats, std::less<>> keys; // every key seen: count and first line
    std::vector<Diagnostic> diagnostics;
};

// Feeds bytes in chunks of any size (a whole file, or what a growing log gained since the last
// look); summary() is valid after every feed, so live views can redraw as lines arrive.
class LogParser {
public:
    LogParser(std::string file, Benchmark benchmark, bool keepEvents = false);
    ~LogParser();
    LogParser(LogParser&&) noexcept;
    LogParser& operator=(LogParser&&) noexcept;

    void feed(std::string_view bytes);
    // The end of the input: a last line without newline is parsed (and reported as truncated if
    // it is not valid).
    void finish();

    const RunSummary& summary() const;
    // Every event in log order, when constructed with keepEvents (the GUI's drill-down).
    const std::vector<Event>& events() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

struct ParsedLog {
    RunSummary summary;
    std::vector<Event> events; // empty unless keepEvents
};

// Reads and parses a whole file. A file that cannot be read gives a summary with an Error
// diagnostic naming it (and no run), never an exception.
ParsedLog parseLogFile(const std::string& path, Benchmark benchmark, bool keepEvents = false);

} // namespace sciperf::mlperf
