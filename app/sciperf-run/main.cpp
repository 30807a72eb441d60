// sciperf-run: the headless runner. Runs one embedded workload into a run directory and reports
// progress as JSON lines on stdout. No Qt: it runs on GPU nodes without a desktop stack, under
// mpirun/srun, and as the GUI's child process (so a crashing driver cannot take the GUI down).

#include "sciperf/collectors/cupti_profiler.h"
#include "sciperf/engine/communicator.h"
#include "sciperf/engine/progress.h"
#include "sciperf/engine/workload.h"

#include <atomic>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

std::atomic<bool> g_cancelRequested{false};

extern "C" void requestCancel(int) {
    g_cancelRequested.store(true);
}

void printUsage(std::ostream& out) {
    out << "usage: sciperf-run WORKLOAD [--OPTION VALUE ...] [--profile timeline|metrics] --out DIR\n"
           "       sciperf-run --list\n\n"
           "Runs WORKLOAD into the run directory DIR (created; must be new or empty) and writes\n"
           "DIR/run.json. Progress is printed on stdout as JSON lines. SIGTERM or SIGINT cancels.\n"
           "Under mpirun or srun the ranks run it together; rank 0 writes DIR and the progress.\n"
           "--profile captures the workload's kernels into DIR/kernels.jsonl: 'timeline' with CUPTI's\n"
           "Activity API (kernels, copies, launch overhead), 'metrics' with its Range Profiler (FLOPs\n"
           "per precision, L1/L2/DRAM bytes; kernel replay). Without CUPTI or a GPU the run goes on,\n"
           "run.json's \"profile\" says why, and CPU workloads still write their own kernel records.\n\n"
           "workloads:\n";
    for (const auto& workload : sciperf::allWorkloads()) {
        out << "  " << workload.name << "  " << workload.summary << "\n";
        for (const auto& option : workload.options)
            out << "      --" << option.name << "  " << option.description << "\n";
    }
}

// `--name value` pairs after the workload's name: --out and --profile apart, the rest the workload's own.
struct CommandLine {
    std::string outDirectory;
    std::optional<sciperf::ProfileMode> profile;
    sciperf::WorkloadArguments arguments;
};

std::optional<CommandLine> parseOptions(const std::vector<std::string>& arguments) {
    CommandLine parsed;
    for (std::size_t i = 2; i < arguments.size(); i += 2) {
        const std::string& flag = arguments[i];
        if (flag.size() < 3 || !flag.starts_with("--") || i + 1 == arguments.size())
            return std::nullopt;
        const std::string name = flag.substr(2);
        if (name == "out") {
            parsed.outDirectory = arguments[i + 1];
        } else if (name == "profile") {
            parsed.profile = sciperf::profileModeNamed(arguments[i + 1]);
            if (!parsed.profile)
                return std::nullopt;
        } else if (!parsed.arguments.emplace(name, arguments[i + 1]).second) {
            return std::nullopt; // given twice
        }
    }
    if (parsed.outDirectory.empty())
        return std::nullopt;
    return parsed;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> arguments(argv, argv + argc);
    if (argc == 2 && (arguments[1] == "--help" || arguments[1] == "-h")) {
        printUsage(std::cout);
        return 0;
    }
    if (argc == 2 && arguments[1] == "--list") {
        for (const auto& workload : sciperf::allWorkloads())
            std::cout << workload.name << "\t" << workload.summary << "\n";
        return 0;
    }
    const std::optional<CommandLine> options = parseOptions(arguments);
    if (argc < 2 || !options) {
        printUsage(std::cerr);
        return 2;
    }
    const auto* workload = sciperf::findWorkload(arguments[1]);
    if (!workload) {
        std::cerr << "sciperf-run: unknown workload '" << arguments[1]
                  << "' (sciperf-run --list shows them)\n";
        return 2;
    }
    if (const auto checked = sciperf::checkArguments(*workload, options->arguments); !checked) {
        std::cerr << "sciperf-run: " << checked.error().message << "\n";
        return 2;
    }

    struct sigaction action {};
    action.sa_handler = requestCancel;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);

    // Under an MPI launcher every rank runs the workload; rank 0 writes the run directory and the
    // progress, the other ranks work in a scratch directory removed afterwards.
    sciperf::Communicator* communicator = &sciperf::singleProcess();
    if (const int ranks = sciperf::launcherRanks(); ranks > 0) {
        const sciperf::MpiWorld world = sciperf::mpiWorld();
        if (!world.communicator) {
            std::cerr << "sciperf-run: started by an MPI launcher with " << ranks << " ranks, but "
                      << world.error << "\n";
            return 2;
        }
        communicator = world.communicator;
    }
    const bool leader = communicator->rank() == 0;
    std::filesystem::path directory = options->outDirectory;
    if (!leader)
        directory =
            std::filesystem::temp_directory_path() /
            ("sciperf-run-rank" + std::to_string(communicator->rank()) + "-" + std::to_string(::getpid()));
    std::unique_ptr<sciperf::RunCapture> capture;
    if (options->profile) {
        capture = sciperf::makeProfileCapture(*options->profile);
        if (const auto availability = sciperf::profilerAvailability(); !availability.available && leader)
            std::cerr << "sciperf-run: --profile " << sciperf::profileModeName(*options->profile)
                      << ": no GPU capture: " << availability.reason << "\n";
    }
    std::ostream discarded(nullptr);
    sciperf::JsonLinesProgress progress(leader ? std::cout : discarded, g_cancelRequested);
    const auto outcome = sciperf::executeWorkload(*workload, directory, progress, arguments,
                                                  options->arguments, capture.get(), *communicator);
    if (!leader) {
        std::error_code ignored;
        std::filesystem::remove_all(directory, ignored);
    }
    if (!outcome) {
        progress.error(outcome.error().message);
        std::cerr << "sciperf-run: " << outcome.error().message << "\n";
        return 1;
    }
    progress.done(outcome->status, options->outDirectory);
    if (outcome->status != "completed") {
        if (leader)
            std::cerr << "sciperf-run: " << workload->name << " " << outcome->status << ": "
                      << outcome->message << "\n";
        return outcome->status == "cancelled" ? 130 : 1;
    }
    return 0;
}
