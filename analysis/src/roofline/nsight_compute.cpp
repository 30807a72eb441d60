#include "sciperf/analysis/roofline/nsight_compute.h"

#include "sciperf/analysis/roofline/gpu_metrics.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

// The three CSV layouts, as `ncu --csv` (Nsight Compute 2023+) writes them. Header shapes were
// checked against ncu output quoted in public repositories (test fixtures of ncu wrappers and
// tutorials, e.g. an A100 `--print-summary per-kernel` log), not against a run of ncu here:
//  * details page (default): "ID","Process ID","Process Name","Host Name","Kernel Name","Context",
//    "Stream","Block Size","Grid Size","Device","CC","Section Name","Metric Name","Metric Unit",
//    "Metric Value" (older versions: "Kernel Time" instead of the launch geometry). One row per
//    launch and metric; "ID" numbers the launch.
//  * raw page: the same leading columns, then one column per metric; the second row holds the
//    units (empty under the leading columns); then one row per launch.
//  * --print-summary per-kernel: "Process ID","Process Name","Host Name","Kernel Name","Block Size",
//    "Grid Size","Device","CC","Invocations","Section Name","Metric Name","Metric Unit","Minimum",
//    "Maximum","Average": one row per kernel, launch shape and metric, values per launch.
// ncu prints "==PROF==" lines (and the profiled program's output) around the table, scales units
// with SI prefixes (Kbyte = 1000 bytes), groups thousands with commas and writes "n/a" for
// metrics the device cannot collect.

namespace sciperf::roofline {
namespace {

// --- Metrics of reference §2 and the quantity each must carry. ---

enum class Dimension { Count, Bytes, Seconds, PerSecond };

// The dimension of a metric this importer uses; nothing for the others, which are ignored.
std::optional<Dimension> dimensionOf(std::string_view metric) {
    if (metric == kCyclesMetric || metric == kTensorInstructionsMetric)
        return Dimension::Count;
    if (metric == kCyclesPerSecondMetric)
        return Dimension::PerSecond;
    if (metric == kDurationMetric)
        return Dimension::Seconds;
    for (const auto& counters : kPrecisionCounters)
        if (metric == counters.add || metric == counters.mul || metric == counters.fma)
            return Dimension::Count;
    for (const auto& counter : kTensorCounters)
        if (metric == counter.metric)
            return Dimension::Count;
    for (const auto& level : kLevelCounters)
        if (metric == level.metric)
            return Dimension::Bytes;
    return std::nullopt;
}

// --- Units: ncu's names, scaled to bytes, seconds, counts and per-second rates. ---

struct Unit {
    Dimension dimension;
    double scale; // value * scale is in base units
};

std::optional<double> siPrefixScale(std::string_view prefix) {
    if (prefix.empty())
        return 1.0;
    if (prefix == "K" || prefix == "k")
        return 1e3;
    if (prefix == "M")
        return 1e6;
    if (prefix == "G")
        return 1e9;
    if (prefix == "T")
        return 1e12;
    return std::nullopt;
}

std::optional<double> secondsOf(std::string_view unit) {
    static const std::map<std::string_view, double> kSeconds{
        {"nsecond", 1e-9}, {"usecond", 1e-6}, {"msecond", 1e-3}, {"second", 1.0},
        {"ns", 1e-9},      {"us", 1e-6},      {"ms", 1e-3},      {"s", 1.0}};
    const auto found = kSeconds.find(unit);
    return found == kSeconds.end() ? std::nullopt : std::optional<double>(found->second);
}

// "<prefix><base>", e.g. "Mbyte", "Kcycle", "inst", with a 1000-based prefix.
std::optional<double> prefixedScale(std::string_view unit, std::string_view base) {
    if (!unit.ends_with(base))
        return std::nullopt;
    return siPrefixScale(unit.substr(0, unit.size() - base.size()));
}

std::optional<Unit> countOrBytesUnit(std::string_view unit) {
    if (unit.empty())
        return Unit{Dimension::Count, 1.0};
    for (const std::string_view base : {"cycle", "inst"})
        if (const auto scale = prefixedScale(unit, base))
            return Unit{Dimension::Count, *scale};
    for (const std::string_view base : {"byte", "B"})
        if (const auto scale = prefixedScale(unit, base))
            return Unit{Dimension::Bytes, *scale};
    static const std::map<std::string_view, double> kBinaryBytes{
        {"KiB", 1024.0}, {"MiB", 1024.0 * 1024}, {"GiB", 1024.0 * 1024 * 1024}};
    if (const auto found = kBinaryBytes.find(unit); found != kBinaryBytes.end())
        return Unit{Dimension::Bytes, found->second};
    return std::nullopt;
}

std::optional<Unit> parseUnit(std::string_view unit) {
    if (const auto seconds = secondsOf(unit))
        return Unit{Dimension::Seconds, *seconds};
    if (const auto slash = unit.find('/'); slash != std::string_view::npos) {
        const auto count = countOrBytesUnit(unit.substr(0, slash)); // cycle/nsecond
        const auto per = secondsOf(unit.substr(slash + 1));
        if (!count || count->dimension != Dimension::Count || !per)
            return std::nullopt;
        return Unit{Dimension::PerSecond, count->scale / *per};
    }
    for (const std::string_view hertz : {"hz", "Hz"})
        if (const auto scale = prefixedScale(unit, hertz))
            return Unit{Dimension::PerSecond, *scale};
    return countOrBytesUnit(unit);
}

// A plain count is also a byte count when the unit is empty (raw pages without a unit row).
bool unitFits(const Unit& unit, Dimension wanted, std::string_view text) {
    return unit.dimension == wanted || (text.empty() && wanted == Dimension::Bytes);
}

std::string_view dimensionName(Dimension dimension) {
    switch (dimension) {
    case Dimension::Count:
        return "a count";
    case Dimension::Bytes:
        return "bytes";
    case Dimension::Seconds:
        return "a time";
    case Dimension::PerSecond:
        return "a rate per second";
    }
    return "a count";
}

// --- Numbers: "1,234,567.5"; "n/a" or empty means not collected. ---

bool isNotCollected(std::string_view text) {
    return text.empty() || text == "n/a" || text == "N/A";
}

// Commas must group the integer part by thousands: "9,00" (a decimal comma) is rejected rather
// than read as 900.
std::optional<std::string> withoutThousandsSeparators(std::string_view text) {
    const std::size_t integerEnd = std::min(text.find_first_of(".eE"), text.size());
    std::string digits;
    std::size_t sinceComma = 0;
    bool sawComma = false;
    for (std::size_t index = 0; index < text.size(); ++index) {
        const char c = text[index];
        if (c == ',') {
            if (index >= integerEnd || index == 0 || (sawComma && sinceComma != 3))
                return std::nullopt;
            sawComma = true;
            sinceComma = 0;
            continue;
        }
        if (index < integerEnd)
            ++sinceComma;
        digits.push_back(c);
    }
    if (sawComma && sinceComma != 3)
        return std::nullopt;
    return digits;
}

std::optional<double> parseNumber(std::string_view text) {
    const auto digits = withoutThousandsSeparators(text);
    if (!digits || digits->empty())
        return std::nullopt;
    double value = 0;
    const char* end = digits->data() + digits->size();
    const auto [stop, error] = std::from_chars(digits->data(), end, value);
    if (error != std::errc() || stop != end || !std::isfinite(value))
        return std::nullopt;
    return value;
}

// --- CSV records, one per line (no field of ncu's spans lines). ---

struct Record {
    std::vector<std::string> fields;
    std::size_t line = 0;
};

Result<std::vector<std::string>> splitCsvLine(std::string_view line, const std::string& where) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    bool wasQuoted = false;
    for (std::size_t index = 0; index < line.size(); ++index) {
        const char c = line[index];
        if (quoted) {
            if (c != '"')
                fields.back().push_back(c);
            else if (index + 1 < line.size() && line[index + 1] == '"')
                fields.back().push_back(line[++index]); // "" is one quote
            else
                quoted = false;
        } else if (c == '"' && fields.back().empty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            fields.emplace_back();
            wasQuoted = false;
        } else if (wasQuoted) {
            return fail(where + ": text after a closing quote");
        } else {
            fields.back().push_back(c);
        }
    }
    if (quoted)
        return fail(where + ": unterminated quoted field (is the file truncated?)");
    return fields;
}

std::string at(const std::string& file, std::size_t line) {
    return file + ":" + std::to_string(line);
}

// Lines of `text` with their numbers, CR of CRLF removed; ncu's own messages ("==PROF== ...",
// "==WARNING== ...") and blank lines are left out.
std::vector<std::pair<std::size_t, std::string_view>> tableLines(std::string_view text) {
    std::vector<std::pair<std::size_t, std::string_view>> lines;
    std::size_t number = 0;
    while (!text.empty()) {
        const std::size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        ++number;
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos || line.starts_with("=="))
            continue;
        lines.emplace_back(number, line);
    }
    return lines;
}

struct Table {
    Record header;
    std::vector<Record> rows;
};

bool isHeader(const std::vector<std::string>& fields) {
    return std::find(fields.begin(), fields.end(), "Kernel Name") != fields.end();
}

// The header is the first line with a "Kernel Name" column; what comes before it is the profiled
// program's output. Every later line must have the header's number of fields.
Result<Table> readTable(std::string_view text, const std::string& file) {
    Table table;
    bool headerFound = false;
    for (const auto& [number, line] : tableLines(text)) {
        auto fields = splitCsvLine(line, at(file, number));
        if (!headerFound) {
            if (fields && isHeader(fields.value())) {
                table.header = {std::move(fields).value(), number};
                headerFound = true;
            }
            continue;
        }
        if (!fields)
            return fields.error();
        if (fields->size() != table.header.fields.size())
            return fail(at(file, number) + ": " + std::to_string(fields->size()) +
                        " fields, the header (line " + std::to_string(table.header.line) + ") has " +
                        std::to_string(table.header.fields.size()) + " (is the file truncated?)");
        table.rows.push_back({std::move(fields).value(), number});
    }
    if (!headerFound)
        return fail(file + ": no Nsight Compute CSV table (no header line with a \"Kernel Name\" column)");
    return table;
}

std::optional<std::size_t> columnOf(const Record& header, std::string_view name) {
    const auto found = std::find(header.fields.begin(), header.fields.end(), name);
    if (found == header.fields.end())
        return std::nullopt;
    return static_cast<std::size_t>(found - header.fields.begin());
}

Result<std::size_t> requireColumn(const Record& header, std::string_view name, const std::string& file) {
    if (const auto column = columnOf(header, name))
        return *column;
    return fail(at(file, header.line) + ": the header has no \"" + std::string(name) + "\" column");
}

// --- Launches: one kernel launch (or, in the summary, one kernel and shape) with its metrics. ---

struct Launch {
    std::string name;
    std::size_t line = 0;                               // the first row of this launch
    std::int64_t launches = 1;                          // > 1 for the summary's invocations
    std::map<std::string, double, std::less<>> metrics; // base units, per launch
};

// Adds `metric` = `value` [`unit`] to `launch` when it is one of ours.
Result<void> addMetric(Launch& launch, std::string_view metric, std::string_view unitText,
                       std::string_view value, const std::string& where) {
    const auto wanted = dimensionOf(metric);
    if (!wanted || isNotCollected(value) || launch.metrics.contains(metric))
        return {};
    const auto unit = parseUnit(unitText);
    if (!unit)
        return fail(where + ": unknown unit \"" + std::string(unitText) + "\" of " + std::string(metric));
    if (!unitFits(*unit, *wanted, unitText))
        return fail(where + ": " + std::string(metric) + " is in \"" + std::string(unitText) + "\", not " +
                    std::string(dimensionName(*wanted)));
    const auto number = parseNumber(value);
    if (!number || *number < 0)
        return fail(where + ": " + std::string(metric) + " has the value \"" + std::string(value) +
                    "\", not a non-negative number");
    launch.metrics.emplace(std::string(metric), *number * unit->scale);
    return {};
}

Result<std::int64_t> parseInvocations(std::string_view text, const std::string& where) {
    const auto number = parseNumber(text);
    if (!number || *number < 1 || *number != std::floor(*number) || *number > 9e15)
        return fail(where + ": Invocations \"" + std::string(text) + "\" is not a positive integer");
    return static_cast<std::int64_t>(*number);
}

// The long forms (details page and summary): rows with the same key columns make one launch.
struct LongForm {
    std::vector<std::size_t> keyColumns;
    std::size_t nameColumn = 0;
    std::size_t metricColumn = 0;
    std::size_t unitColumn = 0;
    std::size_t valueColumn = 0;
    std::optional<std::size_t> invocationsColumn;
};

Result<std::vector<Launch>> launchesOfLongForm(const Table& table, const LongForm& form,
                                               const std::string& file) {
    std::vector<Launch> launches;
    std::map<std::vector<std::string>, std::size_t> indexOfKey;
    for (const Record& row : table.rows) {
        std::vector<std::string> key;
        for (const std::size_t column : form.keyColumns)
            key.push_back(row.fields[column]);
        const auto [found, isNew] = indexOfKey.try_emplace(std::move(key), launches.size());
        if (isNew) {
            launches.push_back({row.fields[form.nameColumn], row.line, 1, {}});
            if (form.invocationsColumn) {
                auto invocations = parseInvocations(row.fields[*form.invocationsColumn], at(file, row.line));
                if (!invocations)
                    return invocations.error();
                launches.back().launches = invocations.value();
            }
        }
        if (auto added =
                addMetric(launches[found->second], row.fields[form.metricColumn], row.fields[form.unitColumn],
                          row.fields[form.valueColumn], at(file, row.line));
            !added)
            return added.error();
    }
    return launches;
}

Result<LongForm> longForm(const Record& header, std::string_view valueName, bool summary,
                          const std::string& file) {
    LongForm form;
    const std::array<std::pair<std::string_view, std::size_t*>, 4> required{
        {{"Kernel Name", &form.nameColumn},
         {"Metric Name", &form.metricColumn},
         {"Metric Unit", &form.unitColumn},
         {valueName, &form.valueColumn}}};
    for (const auto& [name, column] : required) {
        auto found = requireColumn(header, name, file);
        if (!found)
            return found.error();
        *column = found.value();
    }
    if (summary) {
        auto invocations = requireColumn(header, "Invocations", file);
        if (!invocations)
            return invocations.error();
        form.invocationsColumn = invocations.value();
        // One point per kernel and launch shape in each process and device.
        for (const std::string_view name : {"Process ID", "Device", "Kernel Name", "Block Size", "Grid Size"})
            if (const auto column = columnOf(header, name))
                form.keyColumns.push_back(*column);
    } else {
        auto id = requireColumn(header, "ID", file);
        if (!id)
            return id.error();
        form.keyColumns.push_back(id.value());
    }
    return form;
}

// The raw page: one row per launch; the row after the header holds the units ("ID" empty).
Result<std::vector<Launch>> launchesOfWideForm(const Table& table, const std::string& file) {
    auto idColumn = requireColumn(table.header, "ID", file);
    if (!idColumn)
        return idColumn.error();
    const std::size_t nameColumn = columnOf(table.header, "Kernel Name").value(); // the header has it
    const bool hasUnits = !table.rows.empty() && table.rows.front().fields[idColumn.value()].empty();
    std::vector<Launch> launches;
    for (std::size_t index = hasUnits ? 1 : 0; index < table.rows.size(); ++index) {
        const Record& row = table.rows[index];
        Launch launch{row.fields[nameColumn], row.line, 1, {}};
        for (std::size_t column = 0; column < row.fields.size(); ++column) {
            const std::string_view unit = hasUnits ? std::string_view(table.rows.front().fields[column]) : "";
            if (auto added = addMetric(launch, table.header.fields[column], unit, row.fields[column],
                                       at(file, row.line));
                !added)
                return added.error();
        }
        launches.push_back(std::move(launch));
    }
    return launches;
}

// --- Kernel points from launches (reference §2). ---

std::optional<double> metricOf(const Launch& launch, std::string_view metric) {
    const auto found = launch.metrics.find(metric);
    return found == launch.metrics.end() ? std::nullopt : std::optional<double>(found->second);
}

// The formulas of gpu_metrics.h over one launch's metrics.
KernelMetrics metricsOf(const Launch& launch) {
    return evaluateKernelMetrics([&](std::string_view metric) { return metricOf(launch, metric); });
}

Result<KernelPoint> kernelPointOf(const Launch& launch, const std::string& file) {
    const KernelMetrics metrics = metricsOf(launch);
    if (!metrics.seconds)
        return fail(at(file, launch.line) + ": kernel \"" + launch.name + "\" has no time: it needs " +
                    std::string(kCyclesMetric) + " and " + std::string(kCyclesPerSecondMetric) + ", or " +
                    std::string(kDurationMetric));
    const double launches = static_cast<double>(launch.launches);
    KernelPoint point;
    point.name = launch.name;
    point.precision = metrics.dominantPrecision();
    point.launches = launch.launches;
    point.seconds = *metrics.seconds * launches;
    point.flops = metrics.totalFlops() * launches;
    for (const auto& level : metrics.bytes)
        point.bytes.push_back({level.level, level.bytes * launches});
    point.provenance = Provenance::Imported;
    point.origin = at(file, launch.line);
    // Tensor instructions without the tensor op counters: no constant turns them into FLOPs on
    // every architecture (reference §2.2), so say so instead of guessing.
    const bool tensorOpsCounted =
        std::any_of(kTensorCounters.begin(), kTensorCounters.end(),
                    [&](const TensorCounter& c) { return metricOf(launch, c.metric); });
    if (metrics.tensorInstructions > 0 && !tensorOpsCounted)
        point.origin += "; tensor-core FLOPs not counted (" +
                        std::to_string(std::llround(metrics.tensorInstructions * launches)) +
                        " tensor instructions)";
    return point;
}

Result<std::vector<Launch>> launchesOf(const Table& table, const std::string& file) {
    if (!columnOf(table.header, "Metric Name"))
        return launchesOfWideForm(table, file);
    const bool summary = columnOf(table.header, "Average").has_value();
    auto form = longForm(table.header, summary ? "Average" : "Metric Value", summary, file);
    if (!form)
        return form.error();
    return launchesOfLongForm(table, form.value(), file);
}

} // namespace

Result<std::vector<KernelPoint>> importNsightComputeCsv(std::string_view text, const std::string& file) {
    auto table = readTable(text, file);
    if (!table)
        return table.error();
    auto launches = launchesOf(table.value(), file);
    if (!launches)
        return launches.error();
    if (launches->empty())
        return fail(at(file, table->header.line) + ": the table has no kernel launches");
    std::vector<KernelPoint> points;
    for (const Launch& launch : launches.value()) {
        auto point = kernelPointOf(launch, file);
        if (!point)
            return point.error();
        points.push_back(std::move(point).value());
    }
    return points;
}

} // namespace sciperf::roofline
