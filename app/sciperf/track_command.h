#pragma once
// `sciperf track ...`: TrackML events on the command line, headless (no display, no QApplication).

namespace sciperf {

// `argv` holds the arguments after "track". Returns the exit code: 0 done, 1 an input could not be
// read or an output not written, 2 usage error.
int runTrackCommand(int argc, char** argv);

} // namespace sciperf
