// The GPU seeding of a build without nvcc: it says so plainly.
#include "track_seeding_gpu.h"

namespace sciperf::trackreco::gpu {

Result<SeedingOutput> findSeeds(const SeedingInput&) {
    return fail("built without CUDA: this build of SciPerf Studio has no GPU kernels");
}

} // namespace sciperf::trackreco::gpu
