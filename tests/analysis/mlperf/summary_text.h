#pragma once
// Everything a RunSummary says, as one string, so tests compare two summaries (chunked and whole
// feeding) in one QCOMPARE.

#include "sciperf/analysis/mlperf/log.h"

#include <sstream>
#include <string>

namespace sciperf::mlperf::testing {

inline std::string number(double value) {
    std::ostringstream out;
    out.precision(17);
    out << value;
    return out.str();
}

inline std::string describe(const RunSummary& s) {
    std::ostringstream out;
    out << "bench=" << static_cast<int>(s.benchmark) << " init=" << number(s.init.startMs) << ".."
        << number(s.init.stopMs) << " staging=" << number(s.staging.startMs) << ".."
        << number(s.staging.stopMs) << " run=" << number(s.run.startMs) << ".." << number(s.run.stopMs)
        << " stop=" << s.hasRunStop << " status=" << s.runStopStatus << " inside=" << s.stagingInsideRun
        << " ttt=" << number(s.timeToTrainMinutes) << " last=" << number(s.lastEval)
        << " epochs=" << number(s.epochsToConverge) << " met=" << s.targetMet << " conv=" << s.converged
        << " epochS=" << number(s.epochSeconds) << " evalS=" << number(s.evalSeconds) << " seed=" << s.seed
        << " nodes=" << s.nodes.value_or(-1) << " acc=" << s.acceleratorsPerNode.value_or(-1)
        << " gbs=" << s.globalBatchSize.value_or(-1) << " org=" << s.logOrg << " mllog=" << s.mllogLines
        << " bad=" << s.badLines << " other=" << s.otherLines << " bytes=" << s.bytes << " evals=";
    for (const EvalPoint& e : s.evals)
        out << e.line << ':' << number(e.timeMs) << ':' << number(e.epoch) << ':' << number(e.value) << ',';
    out << " keys=";
    for (const auto& [key, stats] : s.keys)
        out << key << ':' << stats.count << '@' << stats.firstLine << '/' << stats.secondLine << ',';
    out << " diagnostics=";
    for (const Diagnostic& d : s.diagnostics)
        out << d.file << ':' << d.line << ':' << static_cast<int>(d.severity) << ':' << d.message << ';';
    return out.str();
}

} // namespace sciperf::mlperf::testing
