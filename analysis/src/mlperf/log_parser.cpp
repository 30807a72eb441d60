#include "log_file.h"
#include "sciperf/analysis/json_reader.h"
#include "sciperf/analysis/mlperf/log.h"
#include "sciperf/analysis/mlperf/results.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace sciperf::mlperf {
namespace {

constexpr std::string_view kToken = ":::MLLOG ";
// Real MLLOG lines are a few KB; anything longer is kept only as a count, so a 100 MB line costs
// one pass and no memory.
constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;
// A broken file can have millions of bad lines; the first ones say what is wrong.
constexpr std::size_t kMaxDiagnostics = 100;
// Unmatched epoch/eval starts kept for pairing; a hostile log must not grow them without bound.
constexpr std::size_t kMaxOpenIntervals = 1024;
constexpr std::size_t kReadChunkBytes = std::size_t{1} << 20;

bool isNaN(double value) {
    return value != value;
}

// The text of a string span without a copy when it has no escapes (nearly always).
std::string_view stringOf(const JsonSpan& span, std::string& scratch) {
    if (span.type != JsonType::String)
        return {};
    const std::string_view inner = span.text.substr(1, span.text.size() - 2);
    if (inner.find('\\') == std::string_view::npos)
        return inner;
    auto decoded = decodeJsonString(span);
    scratch = decoded ? std::move(decoded.value()) : std::string();
    return scratch;
}

// Integers come as numbers (sometimes written 512.0) or strings.
std::optional<std::int64_t> integerOf(const JsonSpan& span) {
    if (span.type == JsonType::Number) {
        if (auto exact = jsonInt64(span))
            return exact;
        const double value = jsonNumber(span);
        if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9.0e18)
            return static_cast<std::int64_t>(value);
        return std::nullopt;
    }
    if (span.type == JsonType::String) {
        std::string scratch;
        return parseInt64(stringOf(span, scratch));
    }
    return std::nullopt;
}

EventType eventTypeOf(std::string_view name) {
    if (name == "INTERVAL_START")
        return EventType::IntervalStart;
    if (name == "INTERVAL_END")
        return EventType::IntervalEnd;
    if (name == "POINT_IN_TIME")
        return EventType::PointInTime;
    return EventType::Unknown;
}

// The metadata members the summary uses.
struct Metadata {
    double epoch = kNoTime;
    std::string status;
    bool hasStatus = false;
};

Metadata metadataOf(const JsonSpan& span) {
    Metadata metadata;
    if (span.type != JsonType::Object)
        return metadata;
    std::string scratch;
    // Already validated as part of the line, so this cannot fail.
    (void)scanJsonObject(span.text, [&](std::string_view key, const JsonSpan& value) {
        if (key == "epoch_num" && value.type == JsonType::Number) {
            metadata.epoch = jsonNumber(value);
        } else if (key == "status") {
            metadata.hasStatus = true;
            metadata.status = value.type == JsonType::String ? std::string(stringOf(value, scratch))
                                                             : compactJson(value.text);
        }
    });
    return metadata;
}

// Unmatched interval starts of one kind (epoch_* or eval_*), paired with stops by epoch number.
struct IntervalSums {
    struct Open {
        double epoch;
        double startMs;
    };
    std::vector<Open> open;
    double totalMs = 0;
    bool any = false;

    void start(double epoch, double timeMs) {
        if (open.size() >= kMaxOpenIntervals)
            open.erase(open.begin());
        open.push_back({epoch, timeMs});
    }
    void stop(double epoch, double timeMs) {
        for (auto it = open.rbegin(); it != open.rend(); ++it) {
            if (it->epoch == epoch || (isNaN(it->epoch) && isNaN(epoch))) {
                totalMs += timeMs - it->startMs;
                any = true;
                open.erase(std::next(it).base());
                return;
            }
        }
    }
    double seconds() const { return any ? totalMs / 1e3 : kNoTime; }
};

} // namespace

struct LogParser::State {
    RunSummary summary;
    std::vector<Event> events;
    Benchmark hint = Benchmark::Unknown;
    bool keepEvents = false;

    // The line being assembled across feeds. Past kMaxLineBytes only its last bytes stay, enough
    // to find a token that straddles two feeds.
    std::string partial;
    bool overlong = false;
    bool overlongHasToken = false;
    std::size_t overlongBytes = 0;

    std::size_t lineNumber = 0;
    bool stopped = false; // the first run_stop was seen: evals and intervals after it do not count
    std::vector<EvalPoint> errorEvals;    // eval_error before run_stop
    std::vector<EvalPoint> accuracyEvals; // eval_accuracy before run_stop
    IntervalSums epochs;
    IntervalSums evalIntervals;
    std::size_t unlistedDiagnostics = 0;
    std::string scratch;

    void diagnose(std::size_t line, Severity severity, std::string message) {
        if (summary.diagnostics.size() >= kMaxDiagnostics) {
            ++unlistedDiagnostics;
            return;
        }
        summary.diagnostics.push_back({summary.file, line, severity, std::move(message)});
    }

    void badLine(std::string message) {
        ++summary.badLines;
        diagnose(lineNumber, Severity::Error, std::move(message));
    }

    void overlongLine(std::size_t bytes, bool hasToken) {
        ++lineNumber;
        const std::string size = std::to_string(bytes) + " bytes";
        if (hasToken) {
            ++summary.mllogLines;
            badLine("MLLOG line of " + size + " is over the " + std::to_string(kMaxLineBytes) +
                    "-byte limit; not parsed");
        } else {
            ++summary.otherLines;
            diagnose(lineNumber, Severity::Warning, "line of " + size + " without MLLOG token skipped");
        }
    }

    void line(std::string_view text, bool terminated) {
        if (text.size() > kMaxLineBytes) {
            overlongLine(text.size(), text.find(kToken) != std::string_view::npos);
            return;
        }
        ++lineNumber;
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        const std::size_t at = text.starts_with(kToken) ? 0 : text.find(kToken);
        if (at == std::string_view::npos) {
            ++summary.otherLines;
            return;
        }
        ++summary.mllogLines;
        event(text.substr(at + kToken.size()), terminated);
    }

    void event(std::string_view json, bool terminated) {
        JsonSpan time, type, key, value, metadata;
        bool hasTime = false, hasKey = false, hasValue = false, hasMetadata = false;
        // Python's json keeps the last of duplicate members; so do we.
        const auto scanned = scanJsonObject(json, [&](std::string_view name, const JsonSpan& span) {
            if (name == "time_ms") {
                time = span;
                hasTime = true;
            } else if (name == "key") {
                key = span;
                hasKey = true;
            } else if (name == "event_type") {
                type = span;
            } else if (name == "value") {
                value = span;
                hasValue = true;
            } else if (name == "metadata") {
                metadata = span;
                hasMetadata = true;
            }
        });
        if (!scanned) {
            badLine((terminated ? "invalid JSON: " : "truncated last line (no newline at the end): ") +
                    scanned.error().message);
            return;
        }
        if (!hasKey || key.type != JsonType::String) {
            badLine("event without a string \"key\"");
            return;
        }
        if (!hasTime || time.type != JsonType::Number) {
            badLine("event without a numeric \"time_ms\"");
            return;
        }
        std::string keyScratch;
        const std::string_view name = stringOf(key, keyScratch);
        const double timeMs = jsonNumber(time);
        std::string typeScratch;
        const EventType eventType = eventTypeOf(stringOf(type, typeScratch));

        auto stats = summary.keys.find(name);
        if (stats == summary.keys.end())
            stats = summary.keys.emplace(std::string(name), KeyStats{0, lineNumber, 0}).first;
        const bool first = ++stats->second.count == 1;
        if (stats->second.count == 2)
            stats->second.secondLine = lineNumber;

        if (keepEvents)
            events.push_back({lineNumber, timeMs, eventType, std::string(name),
                              hasValue ? compactJson(value.text) : std::string("null"),
                              hasMetadata ? compactJson(metadata.text) : std::string("{}")});
        if (first)
            firstOccurrence(name, timeMs, value, metadata);
        if (!stopped)
            beforeRunStop(name, timeMs, value, metadata);
        if (name == "run_stop")
            stopped = true;
    }

    // Keys whose first occurrence is what counts (per-rank duplicates log them again).
    void firstOccurrence(std::string_view name, double timeMs, const JsonSpan& value,
                         const JsonSpan& metadata) {
        RunSummary& s = summary;
        if (name == "init_start") {
            s.init.startMs = timeMs;
        } else if (name == "init_stop") {
            s.init.stopMs = timeMs;
        } else if (name == "staging_start") {
            s.staging.startMs = timeMs;
        } else if (name == "staging_stop") {
            s.staging.stopMs = timeMs;
        } else if (name == "run_start") {
            s.run.startMs = timeMs;
        } else if (name == "run_stop") {
            s.run.stopMs = timeMs;
            s.hasRunStop = true;
            s.runStopStatus = metadataOf(metadata).status;
        } else if (name == "seed") {
            s.seed = value.type == JsonType::String ? std::string(stringOf(value, scratch))
                                                    : compactJson(value.text);
        } else if (name == "number_of_nodes") {
            s.nodes = integerOf(value);
        } else if (name == "accelerators_per_node") {
            s.acceleratorsPerNode = integerOf(value);
        } else if (name == "global_batch_size") {
            s.globalBatchSize = integerOf(value);
        } else if (name == "train_samples") {
            s.trainSamples = integerOf(value);
        } else if (name == "eval_samples") {
            s.evalSamples = integerOf(value);
        } else if (name.starts_with("submission_")) {
            std::string* field = nullptr;
            if (name == "submission_org")
                field = &s.logOrg;
            else if (name == "submission_division")
                field = &s.logDivision;
            else if (name == "submission_platform")
                field = &s.logPlatform;
            else if (name == "submission_status")
                field = &s.logStatus;
            else if (name == "submission_benchmark")
                field = &s.logBenchmark;
            if (field)
                *field = value.type == JsonType::String ? std::string(stringOf(value, scratch))
                                                        : compactJson(value.text);
        }
    }

    void beforeRunStop(std::string_view name, double timeMs, const JsonSpan& value,
                       const JsonSpan& metadata) {
        const bool error = name == "eval_error";
        if (error || name == "eval_accuracy") {
            if (value.type != JsonType::Number) {
                diagnose(lineNumber, Severity::Warning, std::string(name) + " value is not a number");
                return;
            }
            (error ? errorEvals : accuracyEvals)
                .push_back({lineNumber, timeMs, metadataOf(metadata).epoch, jsonNumber(value)});
        } else if (name == "epoch_start") {
            epochs.start(metadataOf(metadata).epoch, timeMs);
        } else if (name == "epoch_stop") {
            epochs.stop(metadataOf(metadata).epoch, timeMs);
        } else if (name == "eval_start") {
            evalIntervals.start(metadataOf(metadata).epoch, timeMs);
        } else if (name == "eval_stop") {
            evalIntervals.stop(metadataOf(metadata).epoch, timeMs);
        }
    }

    void appendPartial(std::string_view piece) {
        if (!overlong && partial.size() + piece.size() <= kMaxLineBytes) {
            partial.append(piece);
            return;
        }
        const std::size_t tail = kToken.size() - 1;
        if (!overlong) {
            overlong = true;
            overlongHasToken = partial.find(kToken) != std::string::npos;
            overlongBytes = partial.size();
            if (partial.size() > tail)
                partial.erase(0, partial.size() - tail);
        }
        overlongBytes += piece.size();
        if (!overlongHasToken) {
            const std::string seam = partial + std::string(piece.substr(0, tail));
            overlongHasToken =
                seam.find(kToken) != std::string::npos || piece.find(kToken) != std::string_view::npos;
        }
        partial.append(piece.substr(piece.size() > tail ? piece.size() - tail : 0));
        if (partial.size() > tail)
            partial.erase(0, partial.size() - tail);
    }

    void endPartialLine(bool terminated) {
        if (overlong)
            overlongLine(overlongBytes, overlongHasToken);
        else
            line(partial, terminated);
        partial.clear();
        overlong = false;
        overlongHasToken = false;
        overlongBytes = 0;
    }

    // The derived fields, after every feed.
    void refresh() {
        RunSummary& s = summary;
        s.benchmark = hint != Benchmark::Unknown ? hint : benchmarkFromName(s.logBenchmark);
        const BenchmarkRules& rules = rulesFor(s.benchmark);
        if (rules.metricKey == "eval_error")
            s.evals = errorEvals;
        else if (rules.metricKey == "eval_accuracy")
            s.evals = accuracyEvals;
        else
            s.evals.clear();
        s.lastEval = s.evals.empty() ? kNoTime : s.evals.back().value;
        s.epochsToConverge = s.evals.empty() ? kNoTime : s.evals.back().epoch;
        s.targetMet = meetsTarget(rules, s.lastEval);
        s.converged =
            s.hasRunStop && (s.runStopStatus.empty() || s.runStopStatus == "success") && s.targetMet;
        s.timeToTrainMinutes = s.run.complete() ? (s.run.stopMs - s.run.startMs) / 60000.0 : kNoTime;
        s.stagingInsideRun = s.staging.complete() && !isNaN(s.run.startMs) &&
                             s.staging.startMs >= s.run.startMs &&
                             (!s.hasRunStop || s.staging.stopMs <= s.run.stopMs);
        s.epochSeconds = epochs.seconds();
        s.evalSeconds = evalIntervals.seconds();
        s.trainSeconds =
            isNaN(s.epochSeconds) ? kNoTime : s.epochSeconds - (isNaN(s.evalSeconds) ? 0.0 : s.evalSeconds);
    }
};

LogParser::LogParser(std::string file, Benchmark benchmark, bool keepEvents)
    : m_state(std::make_unique<State>()) {
    m_state->summary.file = std::move(file);
    m_state->summary.benchmark = benchmark;
    m_state->hint = benchmark;
    m_state->keepEvents = keepEvents;
}

LogParser::~LogParser() = default;
LogParser::LogParser(LogParser&&) noexcept = default;
LogParser& LogParser::operator=(LogParser&&) noexcept = default;

void LogParser::feed(std::string_view bytes) {
    State& state = *m_state;
    state.summary.bytes += bytes.size();
    while (!bytes.empty()) {
        const std::size_t newline = bytes.find('\n');
        if (newline == std::string_view::npos) {
            state.appendPartial(bytes);
            break;
        }
        const std::string_view piece = bytes.substr(0, newline);
        if (state.partial.empty() && !state.overlong) {
            state.line(piece, true); // the common case: a whole line inside this chunk, no copy
        } else {
            state.appendPartial(piece);
            state.endPartialLine(true);
        }
        bytes.remove_prefix(newline + 1);
    }
    state.refresh();
}

void LogParser::finish() {
    State& state = *m_state;
    if (!state.partial.empty() || state.overlong)
        state.endPartialLine(false);
    if (state.summary.mllogLines == 0)
        state.summary.diagnostics.push_back({state.summary.file, 0, Severity::Error, "no MLLOG lines"});
    if (state.unlistedDiagnostics > 0) {
        state.summary.diagnostics.push_back(
            {state.summary.file, 0, Severity::Warning,
             std::to_string(state.unlistedDiagnostics) + " more diagnostics not listed"});
        state.unlistedDiagnostics = 0;
    }
    state.refresh();
}

const RunSummary& LogParser::summary() const {
    return m_state->summary;
}

const std::vector<Event>& LogParser::events() const {
    return m_state->events;
}

ReadLog readLogFile(const std::string& path, Benchmark benchmark, bool keepEvents) {
    ReadLog result;
    LogParser parser(path, benchmark, keepEvents);
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file) {
        result.parsed.summary.file = path;
        result.parsed.summary.benchmark = benchmark;
        result.parsed.summary.diagnostics.push_back(
            {path, 0, Severity::Error, "cannot open: " + std::string(std::strerror(errno))});
        return result;
    }
    std::string buffer(kReadChunkBytes, '\0');
    std::uint64_t hash = contentHash({});
    bool readError = false;
    for (;;) {
        const std::size_t got = std::fread(buffer.data(), 1, buffer.size(), file);
        if (got > 0) {
            const std::string_view bytes(buffer.data(), got);
            hash = contentHash(bytes, hash);
            parser.feed(bytes);
        }
        if (got < buffer.size()) {
            readError = std::ferror(file) != 0;
            break;
        }
    }
    const int readErrno = errno;
    std::fclose(file);
    if (readError) {
        result.parsed.summary = parser.summary();
        result.parsed.summary.diagnostics.push_back(
            {path, 0, Severity::Error, "cannot read: " + std::string(std::strerror(readErrno))});
        return result;
    }
    parser.finish();
    result.parsed.summary = parser.summary();
    if (keepEvents)
        result.parsed.events = parser.events();
    result.hash = hash;
    result.ok = true;
    return result;
}

ParsedLog parseLogFile(const std::string& path, Benchmark benchmark, bool keepEvents) {
    return readLogFile(path, benchmark, keepEvents).parsed;
}

} // namespace sciperf::mlperf
