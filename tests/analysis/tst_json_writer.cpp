// JsonWriter output must parse back, by an independent parser (Qt's), to what was written.
#include "sciperf/analysis/json_writer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <limits>

using namespace sciperf;

class TestJsonWriter : public QObject {
    Q_OBJECT

    static QJsonDocument parse(const std::string& text) {
        QJsonParseError error{};
        const auto document = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
        if (error.error != QJsonParseError::NoError)
            qWarning("not JSON (%s): %s", qPrintable(error.errorString()), text.c_str());
        return document;
    }

private slots:
    void escapesEverythingJsonRequires() {
        const std::string tricky =
            "quote\" backslash\\ newline\n tab\t bell\x07 unicode \xc3\xa9\xe2\x82\xac";
        JsonWriter json;
        json.beginObject().field("text", tricky).endObject();
        QVERIFY(json.complete());
        QCOMPARE(parse(json.text()).object()["text"].toString(), QString::fromStdString(tricky));
        QCOMPARE(jsonQuoted("\x01"), std::string("\"\\u0001\""));
    }

    void nestsObjectsAndArraysInBothLayouts() {
        for (const auto layout : {JsonWriter::Layout::Compact, JsonWriter::Layout::Indented}) {
            JsonWriter json(layout);
            json.beginObject().key("list").beginArray().value(1).value(2.5).value(true).null().endArray();
            json.key("empty").beginObject().endObject();
            json.key("nested").beginObject().field("n", std::uint64_t{18446744073709551615ULL}).endObject();
            json.endObject();
            const QJsonObject object = parse(json.text()).object();
            QCOMPARE(object["list"].toArray().size(), 4);
            QCOMPARE(object["list"][1].toDouble(), 2.5);
            QVERIFY(object["list"][3].isNull());
            QVERIFY(object["empty"].toObject().isEmpty());
            QVERIFY(object["nested"]["n"].isDouble());
        }
        JsonWriter compact;
        compact.beginArray().value(1).value(2).endArray();
        QCOMPARE(compact.text(), std::string("[1,2]"));
    }

    void doublesRoundTripAndNonFiniteBecomesNull() {
        JsonWriter json;
        json.beginArray()
            .value(0.1)
            .value(1e-300)
            .value(6.02214076e23)
            .value(std::numeric_limits<double>::quiet_NaN())
            .value(std::numeric_limits<double>::infinity())
            .endArray();
        const QJsonArray array = parse(json.text()).array();
        QCOMPARE(array[0].toDouble(), 0.1);
        QCOMPARE(array[1].toDouble(), 1e-300);
        QCOMPARE(array[2].toDouble(), 6.02214076e23);
        QVERIFY(array[3].isNull());
        QVERIFY(array[4].isNull());
    }

    void rawValueSplicesACompleteDocument() {
        JsonWriter inner(JsonWriter::Layout::Indented);
        inner.beginObject().field("gflops", 123.5).endObject();
        JsonWriter outer;
        outer.beginObject().key("results").rawValue(inner.text()).field("after", 1).endObject();
        const QJsonObject object = parse(outer.text()).object();
        QCOMPARE(object["results"]["gflops"].toDouble(), 123.5);
        QCOMPARE(object["after"].toInt(), 1);
    }

    void incompleteUntilEveryLevelIsClosed() {
        JsonWriter json;
        QVERIFY(!json.complete());
        json.beginObject().key("a").beginArray();
        QVERIFY(!json.complete());
        json.endArray().endObject();
        QVERIFY(json.complete());
    }
};

QTEST_GUILESS_MAIN(TestJsonWriter)
#include "tst_json_writer.moc"
