#pragma once
// `sciperf mlperf ...`: the MLPerf HPC command line, headless (no display, no QApplication).

namespace sciperf {

// `argv` holds the arguments after "mlperf". Returns the exit code: 0 done, 1 the results hold an
// invalid submission or the check found errors, 2 usage error.
int runMlperfCommand(int argc, char** argv);

} // namespace sciperf
