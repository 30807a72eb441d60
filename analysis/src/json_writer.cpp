#include "sciperf/analysis/json_writer.h"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace sciperf {

std::string jsonQuoted(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

void JsonWriter::newline() {
    if (m_layout == Layout::Indented) {
        m_out += '\n';
        m_out.append(2 * m_stack.size(), ' ');
    }
}

void JsonWriter::beforeValue() {
    if (m_keyPending) {
        m_keyPending = false;
        return;
    }
    assert(m_stack.empty() || !m_stack.back().isObject);
    if (!m_stack.empty()) {
        if (m_stack.back().count++ > 0)
            m_out += ',';
        newline();
    }
}

JsonWriter& JsonWriter::beginObject() {
    beforeValue();
    m_out += '{';
    m_stack.push_back({true, 0});
    return *this;
}

JsonWriter& JsonWriter::endObject() {
    assert(!m_stack.empty() && m_stack.back().isObject && !m_keyPending);
    const bool empty = m_stack.back().count == 0;
    m_stack.pop_back();
    if (!empty)
        newline();
    m_out += '}';
    return *this;
}

JsonWriter& JsonWriter::beginArray() {
    beforeValue();
    m_out += '[';
    m_stack.push_back({false, 0});
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    assert(!m_stack.empty() && !m_stack.back().isObject);
    const bool empty = m_stack.back().count == 0;
    m_stack.pop_back();
    if (!empty)
        newline();
    m_out += ']';
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    assert(!m_stack.empty() && m_stack.back().isObject && !m_keyPending);
    if (m_stack.back().count++ > 0)
        m_out += ',';
    newline();
    m_out += jsonQuoted(name);
    m_out += m_layout == Layout::Indented ? ": " : ":";
    m_keyPending = true;
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    beforeValue();
    m_out += jsonQuoted(text);
    return *this;
}

JsonWriter& JsonWriter::value(double number) {
    if (!std::isfinite(number))
        return null(); // JSON has no NaN or infinity
    beforeValue();
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, number);
    m_out.append(buffer, result.ptr);
    return *this;
}

JsonWriter& JsonWriter::value(std::int64_t number) {
    beforeValue();
    m_out += std::to_string(number);
    return *this;
}

JsonWriter& JsonWriter::value(std::uint64_t number) {
    beforeValue();
    m_out += std::to_string(number);
    return *this;
}

JsonWriter& JsonWriter::value(bool flag) {
    beforeValue();
    m_out += flag ? "true" : "false";
    return *this;
}

JsonWriter& JsonWriter::null() {
    beforeValue();
    m_out += "null";
    return *this;
}

JsonWriter& JsonWriter::rawValue(std::string_view json) {
    beforeValue();
    m_out += json;
    return *this;
}

} // namespace sciperf
