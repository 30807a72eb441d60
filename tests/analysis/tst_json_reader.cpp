// The JSON reader: RFC 8259 values, escapes, exact big integers, errors with a byte offset, and
// the limits that keep hostile input (deep nesting, NaN, garbage) from doing harm.
#include "sciperf/analysis/json_reader.h"

#include <QTest>
#include <string>

using namespace sciperf;

class TestJsonReader : public QObject {
    Q_OBJECT

    static JsonValue parsed(std::string_view text) {
        auto result = parseJson(text);
        if (!result)
            qWarning("parse failed: %s", result.error().message.c_str());
        return result ? result.value() : JsonValue();
    }

    // The error message of a failing parse, or "" when it parsed.
    static std::string errorOf(std::string_view text) {
        const auto result = parseJson(text);
        return result ? std::string() : result.error().message;
    }

private slots:
    void readsEveryValueType() {
        const JsonValue v = parsed(R"( {"n": null, "t": true, "f": false, "i": -12, "d": 2.5e-3,
                                        "s": "text", "a": [1, [2], {}], "o": {"k": "v"}} )");
        QVERIFY(v.isObject());
        QCOMPARE(v.size(), std::size_t{8});
        QVERIFY(v["n"].isNull());
        QCOMPARE(v["t"].asBool(), true);
        QCOMPARE(v["f"].asBool(true), false);
        QCOMPARE(v["i"].asInt64(), std::optional<std::int64_t>(-12));
        QCOMPARE(v["d"].asDouble(0), 0.0025);
        QCOMPARE(v["s"].asString(), std::string_view("text"));
        QCOMPARE(v["a"].size(), std::size_t{3});
        QCOMPARE(v["a"].asArray()[1].asArray()[0].asDouble(0), 2.0);
        QCOMPARE(v["o"]["k"].asString(), std::string_view("v"));
        QVERIFY(v["missing"].isNull());
        QVERIFY(v.find("missing") == nullptr);
        // Typed access of the wrong type gives the fallback, not a crash.
        QCOMPARE(v["s"].asDouble(-1), -1.0);
        QVERIFY(!v["d"].asInt64()); // 0.0025 is no integer
        QVERIFY(v["s"].asArray().empty());
    }

    void duplicateKeysKeepOrderAndFindTheFirst() {
        const JsonValue v = parsed(R"({"a": 1, "b": 2, "a": 3})");
        QCOMPARE(v.size(), std::size_t{3});
        QCOMPARE(v["a"].asDouble(0), 1.0);
        QCOMPARE(v.asObject()[2].first, std::string("a"));
    }

    void decodesEscapes() {
        QCOMPARE(parsed("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t\"").asString(),
                 std::string_view("q\" b\\ s/ \b\f\n\r\t"));
        QCOMPARE(parsed(R"("\u00e9\u20AC")").asString(), std::string_view("\xc3\xa9\xe2\x82\xac"));
        // U+1F600 as a surrogate pair becomes one 4-byte UTF-8 sequence.
        QCOMPARE(parsed(R"("\ud83d\ude00")").asString(), std::string_view("\xf0\x9f\x98\x80"));
        // A lone surrogate (Python's json accepts it) becomes U+FFFD instead of failing the line.
        QCOMPARE(parsed(R"("\ud83dx")").asString(), std::string_view("\xef\xbf\xbdx"));
        // Escaped keys are decoded too.
        QCOMPARE(parsed(R"({"k\u0065y": 1})")["key"].asDouble(0), 1.0);
        QVERIFY(!errorOf(R"("\x")").empty());
        QVERIFY(!errorOf(R"("\u12")").empty());
        QVERIFY(!errorOf(R"("\u12G4")").empty());
    }

    void keepsLatin1BytesAsTheyAre() {
        // Logs are read as bytes: 0xE9 (latin-1 e-acute) is not UTF-8 and must not fail.
        const std::string text = "\"caf\xe9\"";
        QCOMPARE(parsed(text).asString(), std::string_view("caf\xe9"));
    }

    void keepsBigIntegersExactAsText() {
        const JsonValue v =
            parsed(R"({"seed": 1695865674369361546, "huge": 123456789012345678901234567890})");
        QCOMPARE(v["seed"].numberText(), std::string_view("1695865674369361546"));
        QCOMPARE(v["seed"].asInt64(), std::optional<std::int64_t>(1695865674369361546));
        // Beyond int64 the text still survives, and the double is an approximation.
        QCOMPARE(v["huge"].numberText(), std::string_view("123456789012345678901234567890"));
        QVERIFY(!v["huge"].asInt64());
        QVERIFY(qAbs(v["huge"].asDouble(0) / 1.2345678901234568e29 - 1) < 1e-15);
        // The compact re-serialisation writes the number as it was written.
        QCOMPARE(toJson(v),
                 std::string(R"({"seed":1695865674369361546,"huge":123456789012345678901234567890})"));
    }

    void reserialisesCompactly() {
        const std::string text = R"( { "a" : [ 1 , 2.50 , "x\ty" , null , true ] , "b" : { } } )";
        QCOMPARE(toJson(parsed(text)), std::string(R"({"a":[1,2.50,"x\ty",null,true],"b":{}})"));
        QCOMPARE(compactJson(text), std::string(R"({"a":[1,2.50,"x\ty",null,true],"b":{}})"));
        QCOMPARE(compactJson(R"(["a b", " "])"), std::string(R"(["a b"," "])"));
    }

    void errorsNameTheByteOffset() {
        QCOMPARE(errorOf(R"({"a" 1})"), std::string("byte 5: expected ':'"));
        QCOMPARE(errorOf(R"([1, 2)"), std::string("byte 5: expected ',' or ']'"));
        QCOMPARE(errorOf(R"({"a": tru})"), std::string("byte 6: unexpected byte"));
        QCOMPARE(errorOf(""), std::string("byte 0: unexpected end of input"));
        QCOMPARE(errorOf("\"open"), std::string("byte 5: unterminated string"));
        QVERIFY(errorOf("\"a\nb\"").find("control character") != std::string::npos);
        QVERIFY(!errorOf("{'a': 1}").empty());
        QVERIFY(!errorOf("[1,]").empty());
        QVERIFY(!errorOf("{,}").empty());
        QVERIFY(!errorOf("01").empty());
        QVERIFY(!errorOf("1.").empty());
        QVERIFY(!errorOf(".5").empty());
        QVERIFY(!errorOf("1e").empty());
        QVERIFY(!errorOf("+1").empty());
    }

    void rejectsNanAndInfinityAndOutOfRange() {
        for (const char* text : {"NaN", "Infinity", "-Infinity", R"({"v": NaN})", "[1, -Infinity]"}) {
            const std::string error = errorOf(text);
            QVERIFY2(error.find("NaN and Infinity") != std::string::npos, text);
        }
        QCOMPARE(errorOf("[1e400]"), std::string("byte 1: number beyond the double range"));
        QVERIFY(!errorOf("-1e400").empty());
        // Underflow is a tiny number, as in Python: 0.
        QCOMPARE(parsed("1e-400").asDouble(1), 0.0);
        QCOMPARE(parsed("1e-400").numberText(), std::string_view("1e-400"));
    }

    void rejectsTrailingGarbage() {
        QCOMPARE(errorOf(R"({"a": 1} x)"), std::string("byte 9: unexpected text after the JSON value"));
        QVERIFY(!errorOf("1 2").empty());
        QVERIFY(errorOf(" [1] \n\t").empty());
        QVERIFY(!errorOf(std::string("[1]\0", 4)).empty());
    }

    void limitsNestingDepth() {
        const std::string deep(100000, '[');
        const std::string error = errorOf(deep);
        QVERIFY2(error.find("nesting deeper than 256") != std::string::npos, error.c_str());
        QCOMPARE(error.substr(0, 9), std::string("byte 256:"));
        // Within the limit it parses; the limit is configurable.
        const std::string ok = std::string(200, '[') + std::string(200, ']');
        QVERIFY(errorOf(ok).empty());
        QVERIFY(!parseJson(ok, JsonLimits{100}));
        QVERIFY(!parseJson(R"({"a":{"a":{"a":1}}})", JsonLimits{2}));
        QVERIFY(parseJson(R"({"a":{"a":{"a":1}}})", JsonLimits{3}));
    }

    void scansObjectMembersAsRawSpans() {
        std::vector<std::pair<std::string, std::string>> members;
        std::vector<JsonType> types;
        const auto ok =
            scanJsonObject(R"({"k\u0065y": "run_start", "v": {"a": [1, 2]}, "n": 1e3, "b": false})",
                           [&](std::string_view key, const JsonSpan& span) {
                               members.emplace_back(std::string(key), std::string(span.text));
                               types.push_back(span.type);
                           });
        QVERIFY(ok);
        QCOMPARE(members.size(), std::size_t{4});
        QCOMPARE(members[0].first, std::string("key"));
        QCOMPARE(members[0].second, std::string("\"run_start\""));
        QCOMPARE(members[1].second, std::string(R"({"a": [1, 2]})"));
        QCOMPARE(types[1], JsonType::Object);
        QCOMPARE(jsonNumber(JsonSpan{types[2], members[2].second}), 1000.0);
        QVERIFY(!jsonInt64(JsonSpan{types[2], members[2].second})); // 1e3 is not written as an integer
        QCOMPARE(types[3], JsonType::Bool);
        auto text = decodeJsonString(JsonSpan{JsonType::String, R"("a\nb")"});
        QVERIFY(text);
        QCOMPARE(text.value(), std::string("a\nb"));

        QVERIFY(!scanJsonObject("[1]", [](std::string_view, const JsonSpan&) {}));
        QVERIFY(!scanJsonObject(R"({"a": 1} trailing)", [](std::string_view, const JsonSpan&) {}));
        QVERIFY(!scanJsonObject(R"({"a": [1,)", [](std::string_view, const JsonSpan&) {}));
        const auto value = scanJsonValue("  [1, {\"a\": 2}] rest");
        QVERIFY(value);
        QCOMPARE(value->text, std::string_view("[1, {\"a\": 2}]"));
    }

    void parsesIntegersFromText() {
        QCOMPARE(parseInt64("1024"), std::optional<std::int64_t>(1024));
        QCOMPARE(parseInt64("-3"), std::optional<std::int64_t>(-3));
        QVERIFY(!parseInt64(""));
        QVERIFY(!parseInt64("12a"));
        QVERIFY(!parseInt64("1.5"));
        QVERIFY(!parseInt64("99999999999999999999"));
    }
};

QTEST_APPLESS_MAIN(TestJsonReader)
#include "tst_json_reader.moc"
