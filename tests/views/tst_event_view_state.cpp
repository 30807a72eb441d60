// The Events workspace's view as a JSON file: what is written reads back the same, a sparse file
// keeps the defaults, and bad files give errors that name the file, the line or the key.
#include "sciperf/views/event_view_state.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <cmath>
#include <limits>

using namespace sciperf;

class TestEventViewState : public QObject {
    Q_OBJECT

    static QString errorOf(const char* json) {
        const auto state = eventViewStateFromJson(QByteArray(json), QStringLiteral("view.json"));
        return state ? QString() : QString::fromStdString(state.error().message);
    }

private slots:
    void everyFieldReadsBackAsWritten() {
        EventViewState state;
        state.cuts.minPtGeV = 0.9;
        state.cuts.maxAbsEta = 2.5; // a cut
        // maxAbsD0Mm stays infinite: no cut, which JSON cannot write as a number
        state.cuts.minHits = 7;
        state.cuts.phiFromRad = 2.5;
        state.cuts.phiToRad = -2.0;
        state.cuts.hiddenVolumes = {7, 18};
        state.cuts.hiddenStatuses = {HitStatus::Noise, HitStatus::Unmatched};
        state.coloring = HitColoring::Status;
        state.trackShape = TrackShape::Helix;
        state.detectorVisible = false;
        state.detectorDetail = DetectorDetail::Layers;
        state.camera = {{-1200, 650, 1500}, {10, -5, 20}, {0.1, 0.99, 0}, true, 840, 25};

        const auto read = eventViewStateFromJson(eventViewStateToJson(state), QStringLiteral("view.json"));
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        const EventViewState& r = read.value();
        QCOMPARE(r.cuts.minPtGeV, 0.9);
        QCOMPARE(r.cuts.maxAbsEta, 2.5);
        QVERIFY(std::isinf(r.cuts.maxAbsD0Mm));
        QCOMPARE(r.cuts.minHits, 7);
        QCOMPARE(r.cuts.phiFromRad, 2.5);
        QCOMPARE(r.cuts.phiToRad, -2.0);
        QCOMPARE(r.cuts.hiddenVolumes, (std::set<std::int32_t>{7, 18}));
        QCOMPARE(r.cuts.hiddenStatuses, (std::set<HitStatus>{HitStatus::Noise, HitStatus::Unmatched}));
        QCOMPARE(r.coloring, HitColoring::Status);
        QCOMPARE(r.trackShape, TrackShape::Helix);
        QCOMPARE(r.detectorVisible, false);
        QCOMPARE(r.detectorDetail, DetectorDetail::Layers);
        QVERIFY(r.camera == state.camera);
    }

    void everyColouringHasItsOwnName() {
        QSet<QString> names;
        for (const HitColoring coloring : kHitColorings) {
            EventViewState state;
            state.coloring = coloring;
            const QByteArray json = eventViewStateToJson(state);
            const auto read = eventViewStateFromJson(json, QStringLiteral("view.json"));
            QVERIFY2(read, read ? "" : read.error().message.c_str());
            QCOMPARE(read->coloring, coloring);
            names.insert(
                QJsonDocument::fromJson(json).object().value(QStringLiteral("colouring")).toString());
        }
        QCOMPARE(names.size(), qsizetype(kHitColorings.size()));
    }

    void aSparseFileKeepsTheDefaultsAndUnknownKeysAreIgnored() {
        const auto read = eventViewStateFromJson(
            R"({"format": "sciperf-event-view", "version": 7, "future": [1, 2], "cuts": {"minPtGeV": 1}})",
            QStringLiteral("view.json"));
        QVERIFY2(read, read ? "" : read.error().message.c_str());
        QCOMPARE(read->cuts.minPtGeV, 1.0);
        QVERIFY(std::isinf(read->cuts.maxAbsEta));
        QCOMPARE(read->cuts.phiFromRad, -std::numbers::pi);
        QCOMPARE(read->coloring, HitColoring::Volume);
        QVERIFY(read->detectorVisible);
        QCOMPARE(read->detectorDetail, DetectorDetail::Modules);
        QVERIFY(read->camera == EventCamera{});
    }

    void badFilesNameTheFileAndTheLineOrTheKey() {
        // A syntax error on the third line.
        QVERIFY(errorOf("{\n  \"format\": \"sciperf-event-view\",\n  \"cuts\": {\"minPtGeV\": 1,,}\n}")
                    .startsWith(QStringLiteral("view.json:3: ")));
        QVERIFY(errorOf("").startsWith(QStringLiteral("view.json:1: ")));
        QCOMPARE(
            errorOf(R"({"colouring": "volume"})"),
            QStringLiteral("view.json: not a SciPerf event view (no \"format\": \"sciperf-event-view\")"));
        QCOMPARE(
            errorOf(R"([1, 2])"),
            QStringLiteral("view.json: not a SciPerf event view (no \"format\": \"sciperf-event-view\")"));
        QCOMPARE(errorOf(R"({"format": "sciperf-event-view", "cuts": {"minPtGeV": "high"}})"),
                 QStringLiteral("view.json: \"cuts.minPtGeV\" must be a number"));
        QCOMPARE(errorOf(R"({"format": "sciperf-event-view", "cuts": {"maxAbsEta": true}})"),
                 QStringLiteral("view.json: \"cuts.maxAbsEta\" must be a number or null (no cut)"));
        QCOMPARE(errorOf(R"({"format": "sciperf-event-view", "cuts": {"minHits": 2.5}})"),
                 QStringLiteral("view.json: \"cuts.minHits\" must be a whole number from 0 to 1000"));
        QCOMPARE(errorOf(R"({"format": "sciperf-event-view", "cuts": {"phiToRad": 4}})"),
                 QStringLiteral("view.json: \"cuts.phiToRad\" must be an angle from -π to π"));
        QVERIFY(
            errorOf(R"({"format": "sciperf-event-view", "cuts": {"hiddenStatuses": ["lost"]}})")
                .startsWith(QStringLiteral("view.json: \"cuts.hiddenStatuses\" must be a list of one of")));
        QVERIFY(errorOf(R"({"format": "sciperf-event-view", "colouring": "rainbow"})")
                    .startsWith(QStringLiteral("view.json: \"colouring\" must be one of \"volume\"")));
        QCOMPARE(errorOf(R"({"format": "sciperf-event-view", "detectorDetail": "staves"})"),
                 QStringLiteral("view.json: \"detectorDetail\" must be one of \"modules\", \"layers\""));
        QCOMPARE(errorOf(R"({"format": "sciperf-event-view", "camera": {"viewUp": [0, 1]}})"),
                 QStringLiteral("view.json: \"camera.viewUp\" must be three numbers"));
        QCOMPARE(errorOf(R"({"format": "sciperf-event-view", "camera": {"positionMm": [0, 0, 0]}})"),
                 QStringLiteral("view.json: \"camera.positionMm\" must be apart from the focal point"));
        QCOMPARE(errorOf(R"({"format": "sciperf-event-view", "camera": 3})"),
                 QStringLiteral("view.json: \"camera\" must be an object"));
    }
};

QTEST_GUILESS_MAIN(TestEventViewState)
#include "tst_event_view_state.moc"
