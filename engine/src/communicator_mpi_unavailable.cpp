// A build without MPI (no Open MPI development files, as on the GPU machine): one process only.
#include "sciperf/engine/communicator.h"

namespace sciperf {

MpiWorld mpiWorld() {
    return {nullptr, "this build of SciPerf Studio was compiled without MPI (install libopenmpi-dev)"};
}

} // namespace sciperf
