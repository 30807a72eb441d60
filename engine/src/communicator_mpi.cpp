// The MPI world of a run under mpirun/srun. Only the thread that runs the workload calls MPI.
#include "sciperf/engine/communicator.h"

#include <mpi.h>
#include <string>

namespace sciperf {

namespace {

class MpiCommunicator final : public Communicator {
public:
    MpiCommunicator() {
        int provided = 0;
        MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
        MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
        MPI_Comm_size(MPI_COMM_WORLD, &m_size);
        char version[MPI_MAX_LIBRARY_VERSION_STRING] = {};
        int length = 0;
        MPI_Get_library_version(version, &length);
        m_library = std::string(version, std::size_t(length));
        // "Open MPI v4.1.4, package: ..." -> "Open MPI v4.1.4"
        if (const auto comma = m_library.find(','); comma != std::string::npos)
            m_library.resize(comma);
    }
    ~MpiCommunicator() override { MPI_Finalize(); }

    int rank() const override { return m_rank; }
    int size() const override { return m_size; }
    void sumInPlace(std::span<float> values) override {
        MPI_Allreduce(MPI_IN_PLACE, values.data(), int(values.size()), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
    }
    void sumInPlace(std::span<double> values) override {
        MPI_Allreduce(MPI_IN_PLACE, values.data(), int(values.size()), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    }
    void broadcast(std::span<float> values, int root) override {
        MPI_Bcast(values.data(), int(values.size()), MPI_FLOAT, root, MPI_COMM_WORLD);
    }
    std::string description() const override {
        return "MPI (" + m_library + "), " + std::to_string(m_size) + (m_size == 1 ? " rank" : " ranks");
    }

private:
    int m_rank = 0;
    int m_size = 1;
    std::string m_library;
};

} // namespace

MpiWorld mpiWorld() {
    static MpiCommunicator world;
    return {&world, {}};
}

} // namespace sciperf
