#pragma once
// JsonWriter: streams well-formed, pretty or compact JSON without any library, so that the
// headless runner builds with the standard library alone. Misuse (a value where a key is due)
// is a programming error and asserts.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sciperf {

class JsonWriter {
public:
    enum class Layout { Compact, Indented };
    explicit JsonWriter(Layout layout = Layout::Compact)
        : m_layout(layout) {}

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(double number);
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(bool flag);
    JsonWriter& null();
    // Inserts `json`, a complete JSON value written elsewhere, as the next value.
    JsonWriter& rawValue(std::string_view json);

    template <class T> JsonWriter& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

    // The document so far; complete once every object and array is closed.
    const std::string& text() const { return m_out; }
    bool complete() const { return m_stack.empty() && !m_out.empty(); }

private:
    struct Level {
        bool isObject;
        int count;
    };
    void beforeValue();
    void newline();

    Layout m_layout;
    std::string m_out;
    std::vector<Level> m_stack;
    bool m_keyPending = false;
};

// The JSON string literal for `text`, quotes included (control characters escaped, UTF-8 kept).
std::string jsonQuoted(std::string_view text);

} // namespace sciperf
