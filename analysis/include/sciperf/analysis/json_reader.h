#pragma once
// A small, strict JSON reader (RFC 8259) with the standard library alone, for MLPerf log lines,
// system descriptions and the session store. Two levels:
//  * parseJson(): a DOM (JsonValue) for documents that are read as a whole;
//  * scanJsonObject() / scanJsonValue(): validate and visit members as raw text spans without
//    building a DOM, for hot paths (a log of a million lines).
// Input is bytes: strings may hold any byte >= 0x20 (latin-1 logs must not fail); \u escapes are
// decoded to UTF-8. Numbers keep their text, so integers beyond 2^53 survive. NaN, Infinity,
// numbers beyond the double range, trailing garbage and nesting deeper than the limit are errors
// naming the byte offset. Nothing recurses deeper than the limit, so hostile input cannot blow
// the stack.

#include "sciperf/analysis/result.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace sciperf {

inline constexpr std::size_t kJsonDefaultMaxDepth = 256;

enum class JsonType { Null, Bool, Number, String, Array, Object };

class JsonValue {
public:
    struct Number {
        double value = 0;
        std::string text; // as written, e.g. "1695865674369361546"
    };
    using Array = std::vector<JsonValue>;
    // Members in document order; duplicate keys are kept and find() returns the first.
    using Object = std::vector<std::pair<std::string, JsonValue>>;

    JsonValue() = default;
    explicit JsonValue(bool flag)
        : m_data(flag) {}
    explicit JsonValue(Number number)
        : m_data(std::move(number)) {}
    explicit JsonValue(std::string text)
        : m_data(std::move(text)) {}
    explicit JsonValue(Array array)
        : m_data(std::move(array)) {}
    explicit JsonValue(Object object)
        : m_data(std::move(object)) {}

    JsonType type() const { return static_cast<JsonType>(m_data.index()); }
    bool isNull() const { return type() == JsonType::Null; }
    bool isBool() const { return type() == JsonType::Bool; }
    bool isNumber() const { return type() == JsonType::Number; }
    bool isString() const { return type() == JsonType::String; }
    bool isArray() const { return type() == JsonType::Array; }
    bool isObject() const { return type() == JsonType::Object; }

    // Typed access with a fallback when the value has another type.
    bool asBool(bool fallback = false) const;
    double asDouble(double fallback) const;
    // Exact: the number's text when it is an integer in range, else nothing.
    std::optional<std::int64_t> asInt64() const;
    std::string_view asString(std::string_view fallback = {}) const;
    // The number as written ("" for other types).
    std::string_view numberText() const;
    const Array& asArray() const;   // empty for other types
    const Object& asObject() const; // empty for other types

    // First member named `key`, or null when absent or not an object.
    const JsonValue* find(std::string_view key) const;
    // The member, or a null value.
    const JsonValue& operator[](std::string_view key) const;
    // Elements of an array or members of an object; 0 otherwise.
    std::size_t size() const;

private:
    std::variant<std::monostate, bool, Number, std::string, Array, Object> m_data;
};

struct JsonLimits {
    std::size_t maxDepth = kJsonDefaultMaxDepth;
};

// One complete JSON document (surrounding whitespace allowed). Errors read
// "byte <offset>: <what>", the offset counted from the start of `text`.
Result<JsonValue> parseJson(std::string_view text, JsonLimits limits = {});

// Compact JSON text of a value (numbers as written, strings re-escaped).
std::string toJson(const JsonValue& value);

// A validated value as it appears in the input.
struct JsonSpan {
    JsonType type = JsonType::Null;
    std::string_view text; // raw, e.g. "\"a\\u00e9\"" for a string, "[1, 2]" for an array
};

// Validates `text` as one JSON object (trailing whitespace allowed, nothing else) and calls
// `member` with each member's decoded key and raw value, in document order. Errors as parseJson.
Result<void> scanJsonObject(std::string_view text,
                            const std::function<void(std::string_view key, const JsonSpan& value)>& member,
                            JsonLimits limits = {});

// Validates one value at the start of `text` (leading whitespace skipped) and returns it; trailing
// text is left to the caller: the span ends where the value does.
Result<JsonSpan> scanJsonValue(std::string_view text, JsonLimits limits = {});

// The text of a string span, escapes decoded; other spans give an error.
Result<std::string> decodeJsonString(const JsonSpan& span);
// The number of a number span (finite by construction).
double jsonNumber(const JsonSpan& span);
// Exact integer of a number span, when it is one in range.
std::optional<std::int64_t> jsonInt64(const JsonSpan& span);
// An integer written as plain decimal digits ("-12", "1024"); nothing for anything else, including
// numbers out of the int64 range. System descriptions write numbers as such strings.
std::optional<std::int64_t> parseInt64(std::string_view text);
// The raw text of a validated span without insignificant whitespace.
std::string compactJson(std::string_view validJson);

} // namespace sciperf
