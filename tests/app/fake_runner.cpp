// A stand-in for sciperf-run that misbehaves on request, so the job runner can be tested against
// every way a child ends: fake_runner MODE [RUN_DIR]
//   complete  three progress lines, a done line, exit 0
//   fail      a JSON error line and a stderr line, exit 3
//   abort     progress, a stderr line, then abort() (SIGABRT)
//   hang      one progress line, then silence forever
//   slow      progress ("pid N") every 50 ms for 20 s; exits 130 on SIGTERM
//   stubborn  progress every 50 ms, ignores SIGTERM
//   noise     plain non-JSON stdout lines between progress lines, exit 0
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

namespace {
volatile std::sig_atomic_t g_terminated = 0;
extern "C" void onTerminate(int) {
    g_terminated = 1;
}

void progress(double fraction, const char* message) {
    std::cout << R"({"type":"progress","fraction":)" << fraction << R"(,"message":")" << message << "\"}"
              << std::endl;
}

void sleepMs(int ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}
} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "complete";
    const std::string runDir = argc > 2 ? argv[2] : "/tmp/fake-run";
    if (mode == "complete" || mode == "noise") {
        for (int step = 1; step <= 3; ++step) {
            progress(step / 4.0, "step");
            if (mode == "noise")
                std::cout << "plain line " << step << " {not json" << std::endl;
        }
        std::cout << R"({"type":"done","status":"completed","run_dir":")" << runDir << "\"}" << std::endl;
        return 0;
    }
    if (mode == "fail") {
        progress(0.1, "starting");
        std::cout << R"({"type":"error","message":"cannot open /nonexistent/input.csv: No such file"})"
                  << std::endl;
        std::cerr << "fake_runner: giving up" << std::endl;
        return 3;
    }
    if (mode == "abort") {
        progress(0.3, "about to crash");
        std::cerr << "fake_runner: simulated driver fault" << std::endl;
        std::abort();
    }
    if (mode == "hang") {
        progress(0.1, "then silence");
        for (;;)
            sleepMs(1000);
    }
    if (mode == "slow" || mode == "stubborn") {
        if (mode == "slow")
            std::signal(SIGTERM, onTerminate);
        else
            std::signal(SIGTERM, SIG_IGN);
        for (int step = 0; step < 400; ++step) {
            if (g_terminated) {
                std::cerr << "fake_runner: cancelled" << std::endl;
                return 130;
            }
            progress(step / 400.0, ("pid " + std::to_string(::getpid())).c_str());
            sleepMs(50);
        }
        return 0;
    }
    std::cerr << "fake_runner: unknown mode " << mode << std::endl;
    return 2;
}
