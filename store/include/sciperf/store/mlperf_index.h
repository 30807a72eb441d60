#pragma once
// The session's MLPerf results index: parsed run summaries kept in the session file, so that
// reloading a results tree re-reads only the logs that changed (size or modification time) and
// finds identical logs across rounds by their content hash. Entries written by another version
// of SciPerf are ignored, so a parser fix is never hidden by a stale summary.

#include "sciperf/analysis/mlperf/results.h"
#include "sciperf/store/session_store.h"

#include <vector>

namespace sciperf {

class MlperfIndex final : public mlperf::SummaryCache {
public:
    explicit MlperfIndex(SessionStore& store);
    ~MlperfIndex() override; // flushes; errors then are lost, call flush() to see them

    std::optional<mlperf::CachedSummary> find(const std::string& path,
                                              const mlperf::FileStamp& stamp) override;
    void remember(const std::string& path, const mlperf::FileStamp& stamp,
                  const mlperf::CachedSummary& parsed) override;

    // Writes what was remembered since the last flush, in one transaction.
    Result<void> flush();
    // The first error a lookup met (a damaged entry is a miss, not a failure), if any.
    const std::string& lookupError() const { return m_lookupError; }

private:
    SessionStore& m_store;
    std::vector<IndexedFile> m_pending;
    std::string m_lookupError;
};

// The summary as JSON and back (exposed for tests): every field, NaN as null.
std::string summaryToJson(const mlperf::RunSummary& summary);
Result<mlperf::RunSummary> summaryFromJson(std::string_view json);

} // namespace sciperf
