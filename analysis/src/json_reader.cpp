#include "sciperf/analysis/json_reader.h"

#include "sciperf/analysis/json_writer.h"

#include <charconv>
#include <cmath>
#include <string>

namespace sciperf {
namespace {

// One pass over the input. Every production validates; the DOM is built only where an output is
// given, so the fast scanners and parseJson share one grammar.
class Reader {
public:
    Reader(std::string_view text, JsonLimits limits)
        : m_text(text)
        , m_limits(limits) {}

    std::size_t pos() const { return m_pos; }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    const Error& error() const { return m_error; }

    void skipWhitespace() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                return;
            ++m_pos;
        }
    }

    bool fail(std::string_view what) {
        m_error = sciperf::fail("byte " + std::to_string(m_pos) + ": " + std::string(what));
        return false;
    }

    // A value of nesting level `depth` (the top level is 0); builds `out` when given.
    bool value(JsonValue* out, std::size_t depth) {
        skipWhitespace();
        switch (peek()) {
        case '{':
            return objectValue(out, depth);
        case '[':
            return arrayValue(out, depth);
        case '"': {
            std::string text;
            if (!string(out ? &text : nullptr))
                return false;
            if (out)
                *out = JsonValue(std::move(text));
            return true;
        }
        case 't':
            return literal("true", out, JsonValue(true));
        case 'f':
            return literal("false", out, JsonValue(false));
        case 'n':
            return literal("null", out, JsonValue());
        case 'N':
        case 'I':
            return fail("NaN and Infinity are not JSON");
        case '\0':
            if (atEnd())
                return fail("unexpected end of input");
            return fail("unexpected byte");
        default: {
            JsonValue::Number number;
            if (!this->number(out ? &number : nullptr))
                return false;
            if (out)
                *out = JsonValue(std::move(number));
            return true;
        }
        }
    }

    // The members of the object at the current position; `member(key)` parses each value.
    template <class OnMember> bool members(std::size_t depth, OnMember&& member) {
        if (depth >= m_limits.maxDepth)
            return fail("nesting deeper than " + std::to_string(m_limits.maxDepth));
        ++m_pos; // '{'
        skipWhitespace();
        if (peek() == '}') {
            ++m_pos;
            return true;
        }
        for (;;) {
            skipWhitespace();
            if (peek() != '"')
                return fail("expected a string key");
            const std::size_t keyStart = m_pos;
            if (!string(nullptr))
                return false;
            const std::string_view raw = m_text.substr(keyStart + 1, m_pos - keyStart - 2);
            std::string decoded;
            if (raw.find('\\') != std::string_view::npos) {
                m_pos = keyStart;
                if (!string(&decoded))
                    return false;
            }
            skipWhitespace();
            if (peek() != ':')
                return fail("expected ':'");
            ++m_pos;
            if (!member(decoded.empty() ? raw : std::string_view(decoded)))
                return false;
            skipWhitespace();
            const char c = peek();
            ++m_pos;
            if (c == '}')
                return true;
            if (c != ',') {
                --m_pos;
                return fail("expected ',' or '}'");
            }
        }
    }

    bool string(std::string* out) {
        ++m_pos; // opening quote
        const std::size_t size = m_text.size();
        for (;;) {
            // Plain bytes in bulk: the common case has no escapes at all.
            std::size_t run = m_pos;
            while (run < size) {
                const auto c = static_cast<unsigned char>(m_text[run]);
                if (c == '"' || c == '\\' || c < 0x20)
                    break;
                ++run;
            }
            if (out)
                out->append(m_text, m_pos, run - m_pos);
            m_pos = run;
            if (m_pos >= size)
                return fail("unterminated string");
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c != '\\')
                return fail("control character in string");
            if (!escape(out))
                return false;
        }
    }

    bool number(JsonValue::Number* out) {
        const std::size_t start = m_pos;
        bool negativeExponent = false;
        bool fractionOrExponent = false;
        if (peek() == '-') {
            ++m_pos;
            if (peek() == 'I' || peek() == 'N')
                return fail("NaN and Infinity are not JSON");
        }
        const bool zeroInteger = peek() == '0';
        if (zeroInteger) {
            ++m_pos;
        } else if (peek() >= '1' && peek() <= '9') {
            skipDigits();
        } else {
            return fail("unexpected byte");
        }
        if (peek() == '.') {
            ++m_pos;
            if (!isDigit(peek()))
                return fail("expected a digit after '.'");
            skipDigits();
            fractionOrExponent = true;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-') {
                negativeExponent = peek() == '-';
                ++m_pos;
            }
            if (!isDigit(peek()))
                return fail("expected a digit in the exponent");
            skipDigits();
            fractionOrExponent = true;
        }
        const std::string_view text = m_text.substr(start, m_pos - start);
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc::result_out_of_range) {
            // Underflow is a number close to zero (Python reads it as 0.0); overflow has no double.
            const bool underflow = negativeExponent || (zeroInteger && fractionOrExponent);
            if (!underflow) {
                m_pos = start;
                return fail("number beyond the double range");
            }
            value = 0;
        } else if (ec != std::errc() || end != text.data() + text.size()) {
            m_pos = start;
            return fail("malformed number");
        }
        if (out) {
            out->value = value;
            out->text.assign(text);
        }
        return true;
    }

private:
    static bool isDigit(char c) { return c >= '0' && c <= '9'; }
    void skipDigits() {
        while (isDigit(peek()))
            ++m_pos;
    }

    bool literal(std::string_view word, JsonValue* out, JsonValue value) {
        if (m_text.substr(m_pos, word.size()) != word)
            return fail("unexpected byte");
        m_pos += word.size();
        if (out)
            *out = std::move(value);
        return true;
    }

    bool objectValue(JsonValue* out, std::size_t depth) {
        JsonValue::Object object;
        const bool ok = members(depth, [&](std::string_view key) {
            if (!out)
                return value(nullptr, depth + 1);
            object.emplace_back(std::string(key), JsonValue());
            return value(&object.back().second, depth + 1);
        });
        if (ok && out)
            *out = JsonValue(std::move(object));
        return ok;
    }

    bool arrayValue(JsonValue* out, std::size_t depth) {
        if (depth >= m_limits.maxDepth)
            return fail("nesting deeper than " + std::to_string(m_limits.maxDepth));
        ++m_pos; // '['
        JsonValue::Array array;
        skipWhitespace();
        if (peek() == ']') {
            ++m_pos;
        } else {
            for (;;) {
                JsonValue* element = nullptr;
                if (out)
                    element = &array.emplace_back();
                if (!value(element, depth + 1))
                    return false;
                skipWhitespace();
                const char c = peek();
                if (c == ']') {
                    ++m_pos;
                    break;
                }
                if (c != ',')
                    return fail("expected ',' or ']'");
                ++m_pos;
            }
        }
        if (out)
            *out = JsonValue(std::move(array));
        return true;
    }

    bool hex4(unsigned& code) {
        if (m_pos + 4 > m_text.size())
            return fail("truncated \\u escape");
        code = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            code <<= 4;
            if (c >= '0' && c <= '9')
                code |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                code |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                code |= static_cast<unsigned>(c - 'A' + 10);
            else {
                --m_pos;
                return fail("bad hex digit in \\u escape");
            }
        }
        return true;
    }

    static void appendUtf8(std::string& out, unsigned code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    bool escape(std::string* out) {
        ++m_pos; // backslash
        if (m_pos >= m_text.size())
            return fail("unterminated string");
        const char c = m_text[m_pos++];
        char plain = 0;
        switch (c) {
        case '"':
        case '\\':
        case '/':
            plain = c;
            break;
        case 'b':
            plain = '\b';
            break;
        case 'f':
            plain = '\f';
            break;
        case 'n':
            plain = '\n';
            break;
        case 'r':
            plain = '\r';
            break;
        case 't':
            plain = '\t';
            break;
        case 'u':
            return unicodeEscape(out);
        default:
            --m_pos;
            return fail("bad escape");
        }
        if (out)
            *out += plain;
        return true;
    }

    bool unicodeEscape(std::string* out) {
        // A lone surrogate becomes U+FFFD: Python's json (the official parser) accepts it, so a
        // line carrying one must not count as broken.
        constexpr unsigned kReplacement = 0xFFFD;
        unsigned code = 0;
        if (!hex4(code))
            return false;
        if (code >= 0xD800 && code <= 0xDBFF && m_text.substr(m_pos, 2) == "\\u") {
            const std::size_t mark = m_pos;
            m_pos += 2;
            unsigned low = 0;
            if (!hex4(low))
                return false;
            if (low >= 0xDC00 && low <= 0xDFFF)
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
            else
                m_pos = mark; // the next escape stands on its own
        }
        if (code >= 0xD800 && code <= 0xDFFF)
            code = kReplacement;
        if (out)
            appendUtf8(*out, code);
        return true;
    }

    std::string_view m_text;
    JsonLimits m_limits;
    std::size_t m_pos = 0;
    Error m_error;
};

JsonType spanType(char first) {
    switch (first) {
    case '{':
        return JsonType::Object;
    case '[':
        return JsonType::Array;
    case '"':
        return JsonType::String;
    case 't':
    case 'f':
        return JsonType::Bool;
    case 'n':
        return JsonType::Null;
    default:
        return JsonType::Number;
    }
}

void writeValue(JsonWriter& writer, const JsonValue& value) {
    switch (value.type()) {
    case JsonType::Null:
        writer.null();
        break;
    case JsonType::Bool:
        writer.value(value.asBool());
        break;
    case JsonType::Number:
        writer.rawValue(value.numberText());
        break;
    case JsonType::String:
        writer.value(value.asString());
        break;
    case JsonType::Array:
        writer.beginArray();
        for (const JsonValue& element : value.asArray())
            writeValue(writer, element);
        writer.endArray();
        break;
    case JsonType::Object:
        writer.beginObject();
        for (const auto& [key, member] : value.asObject()) {
            writer.key(key);
            writeValue(writer, member);
        }
        writer.endObject();
        break;
    }
}

const JsonValue kNull;
const JsonValue::Array kEmptyArray;
const JsonValue::Object kEmptyObject;

} // namespace

bool JsonValue::asBool(bool fallback) const {
    const bool* flag = std::get_if<bool>(&m_data);
    return flag ? *flag : fallback;
}

double JsonValue::asDouble(double fallback) const {
    const Number* number = std::get_if<Number>(&m_data);
    return number ? number->value : fallback;
}

std::optional<std::int64_t> JsonValue::asInt64() const {
    const Number* number = std::get_if<Number>(&m_data);
    return number ? parseInt64(number->text) : std::nullopt;
}

std::string_view JsonValue::asString(std::string_view fallback) const {
    const std::string* text = std::get_if<std::string>(&m_data);
    return text ? std::string_view(*text) : fallback;
}

std::string_view JsonValue::numberText() const {
    const Number* number = std::get_if<Number>(&m_data);
    return number ? std::string_view(number->text) : std::string_view();
}

const JsonValue::Array& JsonValue::asArray() const {
    const Array* array = std::get_if<Array>(&m_data);
    return array ? *array : kEmptyArray;
}

const JsonValue::Object& JsonValue::asObject() const {
    const Object* object = std::get_if<Object>(&m_data);
    return object ? *object : kEmptyObject;
}

const JsonValue* JsonValue::find(std::string_view key) const {
    for (const auto& [name, member] : asObject())
        if (name == key)
            return &member;
    return nullptr;
}

const JsonValue& JsonValue::operator[](std::string_view key) const {
    const JsonValue* member = find(key);
    return member ? *member : kNull;
}

std::size_t JsonValue::size() const {
    if (const Array* array = std::get_if<Array>(&m_data))
        return array->size();
    if (const Object* object = std::get_if<Object>(&m_data))
        return object->size();
    return 0;
}

Result<JsonValue> parseJson(std::string_view text, JsonLimits limits) {
    Reader reader(text, limits);
    JsonValue value;
    if (!reader.value(&value, 0))
        return reader.error();
    reader.skipWhitespace();
    if (!reader.atEnd()) {
        reader.fail("unexpected text after the JSON value");
        return reader.error();
    }
    return value;
}

std::string toJson(const JsonValue& value) {
    JsonWriter writer;
    writeValue(writer, value);
    return writer.text();
}

Result<void> scanJsonObject(std::string_view text,
                            const std::function<void(std::string_view key, const JsonSpan& value)>& member,
                            JsonLimits limits) {
    Reader reader(text, limits);
    reader.skipWhitespace();
    if (reader.peek() != '{') {
        reader.fail("expected a JSON object");
        return reader.error();
    }
    const bool ok = reader.members(0, [&](std::string_view key) {
        reader.skipWhitespace();
        const std::size_t start = reader.pos();
        if (!reader.value(nullptr, 1))
            return false;
        member(key, JsonSpan{spanType(text[start]), text.substr(start, reader.pos() - start)});
        return true;
    });
    if (!ok)
        return reader.error();
    reader.skipWhitespace();
    if (!reader.atEnd()) {
        reader.fail("unexpected text after the JSON object");
        return reader.error();
    }
    return {};
}

Result<JsonSpan> scanJsonValue(std::string_view text, JsonLimits limits) {
    Reader reader(text, limits);
    reader.skipWhitespace();
    const std::size_t start = reader.pos();
    if (!reader.value(nullptr, 0))
        return reader.error();
    return JsonSpan{spanType(text[start]), text.substr(start, reader.pos() - start)};
}

Result<std::string> decodeJsonString(const JsonSpan& span) {
    if (span.type != JsonType::String)
        return fail("not a JSON string");
    Reader reader(span.text, {});
    std::string out;
    if (!reader.string(&out))
        return reader.error();
    return out;
}

double jsonNumber(const JsonSpan& span) {
    double value = 0;
    std::from_chars(span.text.data(), span.text.data() + span.text.size(), value);
    return value;
}

std::optional<std::int64_t> jsonInt64(const JsonSpan& span) {
    return span.type == JsonType::Number ? parseInt64(span.text) : std::nullopt;
}

std::optional<std::int64_t> parseInt64(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

std::string compactJson(std::string_view validJson) {
    std::string out;
    out.reserve(validJson.size());
    bool inString = false;
    for (std::size_t i = 0; i < validJson.size(); ++i) {
        const char c = validJson[i];
        if (inString) {
            out += c;
            if (c == '\\' && i + 1 < validJson.size())
                out += validJson[++i];
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
            out += c;
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            out += c;
        }
    }
    return out;
}

} // namespace sciperf
