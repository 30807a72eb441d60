// Throughput of MLPerf log parsing and scoring on a results tree (not a ctest test).
//   bench_mlperf [--bench] [--repeat N] [ROOT]
// ROOT defaults to $SCIPERF_DATA_DIR/mlperf-hpc. Every file is read into memory first (warm page
// cache, no I/O in the timed part); "parse+score" then times LogParser over those bytes plus the
// scores of every submission folder, on one thread and on all; "loadResultsTree" times the
// end-to-end load (walk, read, hash, parse, score) the same two ways.
#include "sciperf/analysis/mlperf/results.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using namespace sciperf::mlperf;

namespace {

struct LogFile {
    std::string path;
    std::string bytes;
    Benchmark benchmark;
    std::string folder; // runs of one folder are scored together
    bool weak;
};

std::vector<LogFile> readAll(const fs::path& root) {
    std::vector<LogFile> files;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_regular_file() || !name.starts_with("result_") || !name.ends_with(".txt") ||
            entry.path().parent_path().filename() == "pruned_results")
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        const fs::path folder = entry.path().parent_path();
        const bool weak = folder.parent_path().filename() == "weak";
        files.push_back({entry.path().string(), bytes.str(), benchmarkFromName(folder.filename().string()),
                         folder.string(), weak});
    }
    std::sort(files.begin(), files.end(), [](const LogFile& a, const LogFile& b) { return a.path < b.path; });
    return files;
}

// Parses every file on `threads` threads, then scores each folder; returns a checksum of the
// scores so the work cannot be optimised away.
double parseAndScore(const std::vector<LogFile>& files, unsigned threads) {
    std::vector<RunSummary> summaries(files.size());
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
            LogParser parser(files[i].path, files[i].benchmark);
            parser.feed(files[i].bytes);
            parser.finish();
            summaries[i] = parser.summary();
        }
    };
    if (threads <= 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        for (unsigned t = 0; t < threads; ++t)
            pool.emplace_back(work);
    }
    std::map<std::string, std::vector<RunSummary>> byFolder;
    for (std::size_t i = 0; i < files.size(); ++i)
        byFolder[files[i].folder].push_back(std::move(summaries[i]));
    double checksum = 0;
    for (const auto& [folder, runs] : byFolder) {
        const LogFile& any =
            *std::find_if(files.begin(), files.end(), [&](const LogFile& f) { return f.folder == folder; });
        const BenchmarkRules& rules = rulesFor(any.benchmark);
        const Score score = any.weak ? scoreWeak(runs, rules, 1.0) : scoreStrong(runs, rules, 1.0);
        checksum += score.scoreMinutes == score.scoreMinutes ? score.scoreMinutes : 0;
    }
    return checksum;
}

struct Stats {
    double median, min, max;
};

template <class F> Stats measure(int repeat, double megabytes, F&& run) {
    std::vector<double> rates;
    for (int i = 0; i < repeat; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
        rates.push_back(megabytes / seconds.count());
    }
    std::sort(rates.begin(), rates.end());
    return {rates[rates.size() / 2], rates.front(), rates.back()};
}

} // namespace

int main(int argc, char** argv) {
    int repeat = 5;
    fs::path root;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--bench")
            continue; // the default mode; accepted for symmetry with the other benchmarks
        if (arg == "--repeat" && i + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++i]));
        else
            root = arg;
    }
    if (root.empty()) {
        const char* data = std::getenv("SCIPERF_DATA_DIR");
        if (!data) {
            std::fprintf(stderr, "usage: bench_mlperf [--repeat N] ROOT (or set SCIPERF_DATA_DIR)\n");
            return 2;
        }
        root = fs::path(data) / "mlperf-hpc";
    }
    const std::vector<LogFile> files = readAll(root);
    std::size_t bytes = 0;
    for (const LogFile& f : files)
        bytes += f.bytes.size();
    const double megabytes = static_cast<double>(bytes) / 1e6;
    const unsigned all = std::max(1u, std::thread::hardware_concurrency());
    std::printf("%zu files, %.1f MB, %d repeats, %u hardware threads\n\n", files.size(), megabytes, repeat,
                all);
    std::printf("%-28s %8s %10s %10s %10s\n", "what", "threads", "median", "min", "max");
    volatile double sink = 0;
    for (const unsigned threads : {1u, all}) {
        const Stats s = measure(repeat, megabytes, [&] { sink = sink + parseAndScore(files, threads); });
        std::printf("%-28s %8u %7.0f MB/s %5.0f MB/s %5.0f MB/s\n", "parse+score (in memory)", threads,
                    s.median, s.min, s.max);
    }
    for (const unsigned threads : {1u, all}) {
        LoadOptions options;
        options.threads = threads;
        const Stats s =
            measure(repeat, megabytes, [&] { sink = sink + loadResultsTree(root, options).files; });
        std::printf("%-28s %8u %7.0f MB/s %5.0f MB/s %5.0f MB/s\n", "loadResultsTree (end to end)", threads,
                    s.median, s.min, s.max);
    }
    return 0;
}
