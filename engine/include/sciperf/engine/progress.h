#pragma once
// How a workload reports progress and learns that it was cancelled. The runner's implementation
// writes JSON lines to stdout, the protocol the GUI reads:
//   {"type":"progress","fraction":0.25,"message":"Reading CPU topology"}
//   {"type":"done","status":"completed","run_dir":"/path"}
//   {"type":"error","message":"cannot create /path: Permission denied"}

#include <atomic>
#include <ostream>
#include <string_view>

namespace sciperf {

class ProgressReporter {
public:
    virtual ~ProgressReporter() = default;
    // fraction in [0, 1] of the whole workload.
    virtual void progress(double fraction, std::string_view message) = 0;
    virtual bool cancelRequested() const = 0;
};

class JsonLinesProgress final : public ProgressReporter {
public:
    // `cancelFlag` is set from outside (the runner's SIGTERM/SIGINT handler).
    JsonLinesProgress(std::ostream& out, const std::atomic<bool>& cancelFlag)
        : m_out(out)
        , m_cancelFlag(cancelFlag) {}

    void progress(double fraction, std::string_view message) override;
    bool cancelRequested() const override { return m_cancelFlag.load(); }
    void done(std::string_view status, std::string_view runDirectory);
    void error(std::string_view message);

private:
    std::ostream& m_out;
    const std::atomic<bool>& m_cancelFlag;
};

} // namespace sciperf
