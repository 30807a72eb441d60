#include "sciperf/engine/progress.h"

#include "sciperf/analysis/json_writer.h"

#include <algorithm>

namespace sciperf {

void JsonLinesProgress::progress(double fraction, std::string_view message) {
    JsonWriter line;
    line.beginObject()
        .field("type", "progress")
        .field("fraction", std::clamp(fraction, 0.0, 1.0))
        .field("message", message)
        .endObject();
    m_out << line.text() << std::endl; // flushed: the GUI reads it live through a pipe
}

void JsonLinesProgress::done(std::string_view status, std::string_view runDirectory) {
    JsonWriter line;
    line.beginObject()
        .field("type", "done")
        .field("status", status)
        .field("run_dir", runDirectory)
        .endObject();
    m_out << line.text() << std::endl;
}

void JsonLinesProgress::error(std::string_view message) {
    JsonWriter line;
    line.beginObject().field("type", "error").field("message", message).endObject();
    m_out << line.text() << std::endl;
}

} // namespace sciperf
