// The CUDA device query of a build without nvcc: it says so plainly.
#include "sciperf/engine/machine.h"

namespace sciperf {

CudaDescription describeCudaDevices() {
    CudaDescription cuda;
    cuda.status = "no CUDA device: this build of SciPerf Studio was compiled without CUDA";
    return cuda;
}

} // namespace sciperf
