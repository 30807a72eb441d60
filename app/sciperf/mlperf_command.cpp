#include "mlperf_command.h"

#include "sciperf/analysis/mlperf/compliance.h"
#include "sciperf/analysis/mlperf/results.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace sciperf {
namespace {

using namespace mlperf;

constexpr const char* kUsage =
    "usage: sciperf mlperf score DIR [--csv]\n"
    "       sciperf mlperf check DIR\n\n"
    "score  scores every submission under DIR (a results repository, a round, or a\n"
    "       folder of rounds) by its round's rules; --csv prints one row per submission\n"
    "check  prints the compliance report of every submission under DIR\n";

std::string number(double value, int decimals) {
    if (std::isnan(value))
        return {};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

// Full precision for CSV: consumers compare against official values.
std::string exact(double value) {
    if (std::isnan(value))
        return {};
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\n") == std::string::npos)
        return text;
    std::string quoted = "\"";
    for (const char c : text) {
        if (c == '"')
            quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

struct Row {
    std::vector<std::string> cells;
};

void printTable(const std::vector<std::string>& header, const std::vector<Row>& rows, std::ostream& out) {
    std::vector<std::size_t> widths(header.size());
    for (std::size_t column = 0; column < header.size(); ++column)
        widths[column] = header[column].size();
    for (const auto& row : rows)
        for (std::size_t column = 0; column < row.cells.size(); ++column)
            widths[column] = std::max(widths[column], row.cells[column].size());
    auto printRow = [&](const std::vector<std::string>& cells) {
        for (std::size_t column = 0; column < cells.size(); ++column) {
            out << cells[column];
            if (column + 1 < cells.size())
                out << std::string(widths[column] - cells[column].size() + 2, ' ');
        }
        out << '\n';
    };
    printRow(header);
    std::vector<std::string> rule;
    for (const auto width : widths)
        rule.push_back(std::string(width, '-'));
    printRow(rule);
    for (const auto& row : rows)
        printRow(row.cells);
}

std::string benchmarkText(const Submission& submission) {
    return std::string(rulesFor(submission.benchmark).name);
}

ResultsTree loadOrReport(const std::string& root) {
    LoadOptions options;
    // Progress only for a person watching a terminal; workers report concurrently.
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    std::mutex progressMutex;
    if (terminal)
        options.progress = [&progressMutex](std::size_t done, std::size_t total) {
            const std::lock_guard lock(progressMutex);
            std::cerr << "\rparsing " << done << "/" << total << " files" << std::flush;
        };
    ResultsTree tree = loadResultsTree(root, options);
    if (terminal)
        std::cerr << "\r\033[K";
    for (const auto& diagnostic : tree.diagnostics)
        std::cerr << diagnostic.file
                  << (diagnostic.line ? ":" + std::to_string(diagnostic.line) : std::string()) << ": "
                  << (diagnostic.severity == Severity::Error ? "error: " : "warning: ") << diagnostic.message
                  << "\n";
    return tree;
}

int score(const std::string& root, bool csv) {
    const ResultsTree tree = loadOrReport(root);
    if (tree.submissions.empty()) {
        std::cerr << "sciperf mlperf score: no MLPerf HPC submissions found under " << root << "\n";
        return 1;
    }
    const std::vector<std::string> header{
        "round",        "org",         "system",         "benchmark",      "scaling", "runs",
        "converged",    "score_min",   "models_per_min", "scaling_factor", "models",  "instance_scale",
        "accelerators", "accelerator", "valid"};
    std::vector<Row> rows;
    bool anyInvalid = false;
    for (const auto& submission : tree.submissions) {
        const Score& result = submission.score;
        const bool weak = submission.scaling == Scaling::Weak;
        anyInvalid |= !result.valid;
        rows.push_back(
            {{submission.round, submission.org, submission.system, benchmarkText(submission),
              std::string(scalingName(submission.scaling)), std::to_string(result.runs),
              std::to_string(result.converged),
              csv ? exact(result.scoreMinutes) : number(result.scoreMinutes, 4),
              weak ? (csv ? exact(result.modelsPerMinute) : number(result.modelsPerMinute, 4)) : "",
              weak ? "" : (csv ? exact(result.scalingFactor) : number(result.scalingFactor, 7)),
              weak ? std::to_string(result.models) : "", weak ? std::to_string(result.instanceScale) : "",
              std::to_string(submission.accelerators), submission.systemDescription.acceleratorModel,
              result.valid ? "yes" : "no: " + result.invalidReason}});
    }
    if (csv) {
        for (std::size_t column = 0; column < header.size(); ++column)
            std::cout << header[column] << (column + 1 < header.size() ? "," : "\n");
        for (const auto& row : rows)
            for (std::size_t column = 0; column < row.cells.size(); ++column)
                std::cout << csvField(row.cells[column]) << (column + 1 < row.cells.size() ? "," : "\n");
    } else {
        printTable(header, rows, std::cout);
        std::cout << "\n"
                  << tree.submissions.size() << " submissions, " << tree.files << " result files, "
                  << number(static_cast<double>(tree.bytes) / 1e6, 1) << " MB";
        if (!tree.duplicates.empty())
            std::cout << ", " << tree.duplicates.size() << " logs present under several paths";
        std::cout << "\nscore_min: strong scaling, olympic mean of time to train x scaling factor; weak "
                     "scaling, TTTa (max run_stop - min run_start)\n";
    }
    return anyInvalid ? 1 : 0;
}

std::string rulesetText(const std::string& round) {
    const std::string ruleset = rulesetForRound(round);
    return ruleset.empty() ? "before the HPC rulesets: 1.0.0 checks without scale keys"
                           : "ruleset " + ruleset;
}

int check(const std::string& root) {
    const ResultsTree tree = loadOrReport(root);
    if (tree.submissions.empty()) {
        std::cerr << "sciperf mlperf check: no MLPerf HPC submissions found under " << root << "\n";
        return 1;
    }
    std::size_t errors = 0;
    std::size_t warnings = 0;
    for (const auto& submission : tree.submissions) {
        const auto findings = checkSubmission(submission);
        std::cout << submission.round << " " << submission.org << " " << submission.system << " "
                  << scalingName(submission.scaling) << " " << benchmarkText(submission) << " ("
                  << rulesetText(submission.round) << "): ";
        if (findings.empty()) {
            std::cout << "compliant\n";
            continue;
        }
        std::cout << findings.size() << " finding(s)\n";
        for (const auto& finding : findings) {
            const bool error = finding.severity == Severity::Error;
            (error ? errors : warnings)++;
            std::cout << "  " << finding.file
                      << (finding.line ? ":" + std::to_string(finding.line) : std::string()) << ": "
                      << (error ? "error" : "warning") << " [" << finding.check << "] " << finding.message
                      << "\n";
        }
    }
    std::cout << "\n"
              << tree.submissions.size() << " submissions checked: " << errors << " error(s), " << warnings
              << " warning(s)\n";
    return errors > 0 ? 1 : 0;
}

} // namespace

int runMlperfCommand(int argc, char** argv) {
    const std::vector<std::string> arguments(argv, argv + argc);
    if (arguments.size() >= 2 && arguments[0] == "score" &&
        (arguments.size() == 2 || (arguments.size() == 3 && arguments[2] == "--csv")))
        return score(arguments[1], arguments.size() == 3);
    if (arguments.size() == 2 && arguments[0] == "check")
        return check(arguments[1]);
    std::cerr << kUsage;
    return 2;
}

} // namespace sciperf
