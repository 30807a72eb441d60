// Reconstruction metrics (efficiency, fake and duplicate rates, overall and in pT/η bins) on a
// hand-made event with hand-counted expectations, and on the real sub-sampled event.
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/metrics.h"
#include "tracking_testing.h"

#include <QTest>
#include <cmath>

using namespace sciperf::tracking;

namespace {

// A (id 11): pT 0.4 GeV, η 0, hits 1-4. B (id 22): pT 1.5 GeV, η 1.2, hits 5-8.
// C (id 33): pT 3 GeV, 3 hits (11-13), below the 4 hits a particle needs. Noise: hits 9, 10.
struct TinyEvent {
    Truth truth;
    Particles particles;
};

TinyEvent tinyEvent() {
    TinyEvent event;
    event.truth.hitId = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    event.truth.particleId = {11, 11, 11, 11, 22, 22, 22, 22, 0, 0, 33, 33, 33};
    event.truth.weight.assign(event.truth.hitId.size(), 1.0f);
    Particles& p = event.particles;
    p.particleId = {11, 22, 33};
    p.vx = p.vy = p.vz = {0, 0, 0};
    p.px = {0.4f, 1.5f, 3.0f};
    p.py = {0, 0, 0};
    p.pz = {0, float(1.5 * std::sinh(1.2)), 0};
    p.q = {1, -1, 1};
    p.nhits = {4, 4, 3};
    return event;
}

void compareRate(const Rate& rate, std::int64_t passed, std::int64_t total) {
    QCOMPARE(rate.passed, passed);
    QCOMPARE(rate.total, total);
}

} // namespace

class TestTrackingMetrics : public QObject {
    Q_OBJECT
private slots:
    void handCountedRates() {
        const TinyEvent event = tinyEvent();
        // 1: 3 of A's 4 hits, a good track. 2: 2 of B's hits, matched (2/2) but not good (2/4).
        // 3: 2 more of B's hits and one of A's: matched to B (2/3), B's second track: a duplicate.
        // 4: 2 noise and 2 of C: noise wins the tie, a fake. 5: one hit, below minTrackHits.
        const Submission submission =
            submissionOf({{1, {1, 2, 3}}, {2, {5, 6}}, {3, {7, 8, 4}}, {4, {9, 10, 11, 12}}, {5, {13}}});
        MetricsConfig config;
        config.minTrackHits = 2;
        const auto metrics = computeMetrics(event.truth, event.particles, submission, config);
        QVERIFY2(metrics.ok(), metrics ? "" : metrics.error().message.c_str());

        compareRate(metrics->efficiency.overall, 1, 2); // A found, B not; C too short to count
        compareRate(metrics->fakeRate.overall, 1, 4);
        compareRate(metrics->duplicateRate.overall, 1, 3);

        // pT bins 0.1 0.2 0.3 0.5 0.75 1 1.5 2 ...: A in bin 2 ([0.3, 0.5)), B in bin 6 ([1.5, 2)).
        compareRate(metrics->efficiency.vsPt.bins[2], 1, 1);
        compareRate(metrics->efficiency.vsPt.bins[6], 0, 1);
        compareRate(metrics->duplicateRate.vsPt.bins[2], 0, 1);
        compareRate(metrics->duplicateRate.vsPt.bins[6], 1, 2);
        compareRate(metrics->fakeRate.vsPt.bins[6], 0, 2); // the noise track has no particle to bin by
        // η bins of 0.5 from -4: A (η 0) in bin 8, B (η 1.2) in bin 10.
        compareRate(metrics->efficiency.vsEta.bins[8], 1, 1);
        compareRate(metrics->efficiency.vsEta.bins[10], 0, 1);
        QCOMPARE(metrics->efficiency.overall.value(), 0.5);
    }

    void unassignedLabelIsNotAFake() {
        const TinyEvent event = tinyEvent();
        // Perfect, with noise in track 0.
        const Submission perfect =
            submissionOf({{11, {1, 2, 3, 4}}, {22, {5, 6, 7, 8}}, {0, {9, 10}}, {33, {11, 12, 13}}});
        MetricsConfig config;
        config.minTrackHits = 2;
        compareRate(computeMetrics(event.truth, event.particles, perfect, config)->fakeRate.overall, 1, 4);
        config.unassignedTrackId = 0;
        const auto metrics = computeMetrics(event.truth, event.particles, perfect, config);
        compareRate(metrics->fakeRate.overall, 0, 3);
        compareRate(metrics->duplicateRate.overall, 0, 3);
        compareRate(metrics->efficiency.overall, 2, 2);
    }

    void binEdges() {
        BinnedRate rate({0, 1, 2});
        rate.add(-0.5, true); // below the first edge
        rate.add(0, true);
        rate.add(1.5, false);
        rate.add(2, true); // the last edge is exclusive
        compareRate(rate.bins[0], 1, 1);
        compareRate(rate.bins[1], 0, 1);
        QVERIFY(std::isnan(Rate{}.value()));
    }

    void perfectSubmissionOnTheRealEvent() {
        REQUIRE_TRACKML_DATA();
        const auto event = readEvent(trackmlDir(), "event000000001");
        QVERIFY(event.ok());
        Submission perfect;
        perfect.hitId = event->truth->hitId;
        for (const ParticleId id : event->truth->particleId)
            perfect.trackId.push_back(TrackId(id));
        MetricsConfig config;
        config.unassignedTrackId = 0;
        const auto metrics = computeMetrics(*event->truth, *event->particles, perfect, config);
        QVERIFY(metrics.ok());
        QCOMPARE(metrics->efficiency.overall.value(), 1.0);
        QCOMPARE(metrics->fakeRate.overall.passed, std::int64_t(0));
        QCOMPARE(metrics->duplicateRate.overall.passed, std::int64_t(0));
        // Every particle with 4 or more hits is reconstructable (548 particles, 468 with hits).
        QVERIFY(metrics->efficiency.overall.total > 300 && metrics->efficiency.overall.total < 468);
    }
};

QTEST_GUILESS_MAIN(TestTrackingMetrics)
#include "tst_tracking_metrics.moc"
