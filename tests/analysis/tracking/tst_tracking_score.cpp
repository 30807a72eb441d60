// The TrackML score (issue 5, must-show 1): the reference values on the real sub-sampled event,
// hand-computed cases on a tiny event, a property test against a deliberately simple second
// scorer on randomised submissions, the weights rule by hand and on the real event, and the
// throughput-phase formula.
#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/score.h"
#include "tracking_testing.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

using namespace sciperf::tracking;

Q_DECLARE_METATYPE(Submission)

namespace {

constexpr ParticleId kA = 11;
constexpr ParticleId kB = 22;

// Two particles of four hits and two noise hits, weights summing to 1:
//   hits 1-4: particle A, weights 0.10 0.15 0.15 0.10 (sum 0.5)
//   hits 5-8: particle B, weights 0.05 0.10 0.15 0.20 (sum 0.5)
//   hits 9-10: noise, weight 0
Truth tinyTruth() {
    Truth truth;
    truth.hitId = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    truth.particleId = {kA, kA, kA, kA, kB, kB, kB, kB, 0, 0};
    truth.weight = {0.10f, 0.15f, 0.15f, 0.10f, 0.05f, 0.10f, 0.15f, 0.20f, 0.0f, 0.0f};
    const std::size_t n = truth.hitId.size();
    for (auto* column : {&truth.tx, &truth.ty, &truth.tz, &truth.tpx, &truth.tpy, &truth.tpz})
        column->assign(n, 0.0f);
    return truth;
}

// The score straight from the rule, written for clarity only: group hits by track (a hit missing
// from the submission is a track of its own), count each particle in each track, take the
// particle with most hits (first in increasing id on ties), keep the track when that particle has
// more than half of the track's hits and more than half of its own hits.
double simpleScore(const Truth& truth, const Submission& submission) {
    std::map<HitId, TrackId> trackOfHit;
    for (std::size_t i = 0; i < submission.size(); ++i)
        trackOfHit[submission.hitId[i]] = submission.trackId[i];
    std::map<ParticleId, int> hitsOfParticle;
    double totalWeight = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        ++hitsOfParticle[truth.particleId[i]];
        totalWeight += truth.weight[i];
    }
    std::map<TrackId, std::vector<std::size_t>> rowsOfTrack;
    std::vector<std::vector<std::size_t>> unsubmitted;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const auto track = trackOfHit.find(truth.hitId[i]);
        if (track == trackOfHit.end())
            unsubmitted.push_back({i});
        else
            rowsOfTrack[track->second].push_back(i);
    }
    std::vector<std::vector<std::size_t>> allTracks = unsubmitted;
    for (const auto& [track, rows] : rowsOfTrack)
        allTracks.push_back(rows);

    double score = 0;
    for (const std::vector<std::size_t>& rows : allTracks) {
        std::map<ParticleId, int> count;
        for (const std::size_t row : rows)
            ++count[truth.particleId[row]];
        ParticleId major = 0;
        int majorCount = 0;
        for (const auto& [particle, n] : count)
            if (n > majorCount) {
                major = particle;
                majorCount = n;
            }
        const bool good = majorCount > 0.5 * double(rows.size()) && majorCount > 0.5 * hitsOfParticle[major];
        if (!good)
            continue;
        for (const std::size_t row : rows)
            if (truth.particleId[row] == major)
                score += truth.weight[row] / totalWeight;
    }
    return score;
}

// Randomised submission derived from the truth: start from the perfect one, then merge tracks,
// split tracks, move hits between tracks, drop hits and add hits the truth does not have, each
// with a strength drawn per submission so that scores spread over [0, 1].
Submission randomSubmission(const Truth& truth, std::mt19937_64& random) {
    std::uniform_real_distribution<double> unit(0, 1);
    const double strength = unit(random);
    Submission submission;
    for (std::size_t i = 0; i < truth.size(); ++i) {
        submission.hitId.push_back(truth.hitId[i]);
        submission.trackId.push_back(TrackId(truth.particleId[i] % 1000003)); // few collisions: more merges
    }
    std::vector<TrackId> labels(submission.trackId);
    auto anyLabel = [&] {
        return labels[std::size_t(random() % labels.size())];
    };
    const int merges = int(strength * 200 * unit(random));
    for (int m = 0; m < merges; ++m) {
        const TrackId from = anyLabel(), to = anyLabel();
        std::replace(submission.trackId.begin(), submission.trackId.end(), from, to);
    }
    const int splits = int(strength * 200 * unit(random));
    for (int s = 0; s < splits; ++s) {
        const TrackId split = anyLabel();
        const TrackId fresh = TrackId(2000000 + s);
        for (TrackId& track : submission.trackId)
            if (track == split && unit(random) < 0.5)
                track = fresh;
    }
    for (std::size_t i = 0; i < submission.size(); ++i)
        if (unit(random) < 0.3 * strength)
            submission.trackId[i] = anyLabel();
    Submission result;
    for (std::size_t i = 0; i < submission.size(); ++i)
        if (unit(random) >= 0.1 * strength) {
            result.hitId.push_back(submission.hitId[i]);
            result.trackId.push_back(submission.trackId[i]);
        }
    result.hitId.push_back(999999999); // not in the truth: ignored
    result.trackId.push_back(anyLabel());
    return result;
}

} // namespace

class TestTrackingScore : public QObject {
    Q_OBJECT

    Truth m_truth;
    Particles m_particles;
    bool m_haveData = false;

private slots:
    void initTestCase() {
        if (!QDir(QString::fromStdString(trackmlDir())).exists())
            return; // the tests that need the real event skip one by one
        const auto event = readEvent(trackmlDir(), "event000000001");
        QVERIFY2(event.ok(), event ? "" : event.error().message.c_str());
        m_truth = *event->truth;
        m_particles = *event->particles;
        m_haveData = true;
    }

    void referenceValuesOnTheRealEvent() {
        REQUIRE_TRACKML_DATA();
        Submission perfect, ownTrack, oneTrack;
        perfect.hitId = ownTrack.hitId = oneTrack.hitId = m_truth.hitId;
        for (std::size_t i = 0; i < m_truth.size(); ++i) {
            perfect.trackId.push_back(TrackId(m_truth.particleId[i]));
            ownTrack.trackId.push_back(m_truth.hitId[i]);
            oneTrack.trackId.push_back(1);
        }
        QCOMPARE(scoreEvent(m_truth, perfect).value(), 1.0);
        QCOMPARE(scoreEvent(m_truth, ownTrack).value(), 0.0);
        QCOMPARE(scoreEvent(m_truth, oneTrack).value(), 0.0);
        // An empty submission: every hit a track of its own, as the library's NaN tracks are.
        QCOMPARE(scoreEvent(m_truth, Submission{}).value(), 0.0);
    }

    void handComputedCases_data() {
        QTest::addColumn<Submission>("submission");
        QTest::addColumn<double>("expected");
        QTest::newRow("perfect") << submissionOf({{1, {1, 2, 3, 4}}, {2, {5, 6, 7, 8}}, {3, {9, 10}}}) << 1.0;
        // Track 1 has 3 of A's 4 hits (3/3 and 3/4 > 1/2: 0.10+0.15+0.15); track 2 has B's 4 hits and
        // A's 4th (4/5 and 4/4: B's 0.5).
        QTest::newRow("3 of 4 and 4 of 5")
            << submissionOf({{1, {1, 2, 3}}, {2, {4, 5, 6, 7, 8}}, {3, {9, 10}}}) << 0.90;
        // Two noise hits dilute A's track to 3/5, still a majority.
        QTest::newRow("noise in a track")
            << submissionOf({{1, {1, 2, 3, 9, 10}}, {2, {5, 6, 7, 8}}, {3, {4}}}) << 0.90;
        // B split 2 + 2: neither half is more than half of B.
        QTest::newRow("B split in halves")
            << submissionOf({{1, {1, 2, 3, 4}}, {2, {5, 6}}, {3, {7, 8}}}) << 0.5;
        // 2 of A's hits with one noise hit: 2/3 of the track but only 2/4 of A; B has 4 of the other
        // track's 7 hits, all of B.
        QTest::newRow("half of A") << submissionOf({{1, {1, 2, 9}}, {2, {3, 4, 5, 6, 7, 8, 10}}}) << 0.5;
        // Only A's first three hits submitted: the others are tracks of one hit each.
        QTest::newRow("unsubmitted hits") << submissionOf({{7, {1, 2, 3}}}) << 0.40;
        // B's hits 6-8 in one track with A's hit 1: 3/4 of the track, 3/4 of B (0.10+0.15+0.20).
        QTest::newRow("B's last three")
            << submissionOf({{1, {2, 3, 4}}, {2, {1, 6, 7, 8}}, {3, {5, 9, 10}}}) << 0.85;
        // A hit the truth does not know is ignored.
        QTest::newRow("unknown hit") << submissionOf({{1, {1, 2, 3, 4, 77}}, {2, {5, 6, 7, 8}}}) << 1.0;
    }
    void handComputedCases() {
        QFETCH(Submission, submission);
        QFETCH(double, expected);
        const auto score = scoreEvent(tinyTruth(), submission);
        QVERIFY2(score.ok(), score ? "" : score.error().message.c_str());
        QVERIFY2(std::fabs(score.value() - expected) < 1e-7, qPrintable(QString::number(score.value())));
        QVERIFY(std::fabs(simpleScore(tinyTruth(), submission) - expected) < 1e-7);
    }

    void tiesGoToTheSmallerParticleId() {
        // 3 hits of A (id 11) and 3 of B (id 22): A is the majority, with 3 of 6 (not good).
        const auto analysed =
            analyzeTracks(tinyTruth(), submissionOf({{5, {5, 6, 7, 1, 2, 3}}, {6, {4, 8, 9}}}));
        QVERIFY(analysed.ok());
        QCOMPARE(analysed->size(), std::size_t(3)); // hit 10, not submitted, is a track of its own
        QVERIFY(!analysed->at(2).submitted);
        const TrackAnalysis& tied = analysed->at(0);
        QCOMPARE(tied.trackId, TrackId(5));
        QCOMPARE(tied.majorParticleId, kA);
        QCOMPARE(tied.majorNhits, std::int64_t(3));
        QCOMPARE(tied.majorParticleNhits, std::int64_t(4));
        QVERIFY(std::fabs(tied.majorWeight - 0.40) < 1e-7);
        QVERIFY(!tied.good());
        // Track 6: one hit each of A, B and noise: noise (id 0) wins the tie.
        QCOMPARE(analysed->at(1).majorParticleId, kNoiseParticle);
    }

    void repeatedHitsAreErrors() {
        const auto score = scoreEvent(tinyTruth(), submissionOf({{1, {1, 2, 3, 4, 2}}}));
        QVERIFY(!score.ok());
        QCOMPARE(QString::fromStdString(score.error().message),
                 QStringLiteral("hit 2 appears twice in the submission"));
        Truth zero = tinyTruth();
        zero.weight.assign(zero.size(), 0.0f);
        QVERIFY(!scoreEvent(zero, submissionOf({{1, {1}}})).ok());
    }

    void fastScorerAgreesWithTheSimpleOne() {
        REQUIRE_TRACKML_DATA();
        std::mt19937_64 random(20240605);
        std::set<int> deciles; // the spread of the scores, so that the test covers more than 0 and 1
        for (int run = 0; run < 200; ++run) {
            const Submission submission = randomSubmission(m_truth, random);
            const auto fast = scoreEvent(m_truth, submission);
            QVERIFY(fast.ok());
            const double simple = simpleScore(m_truth, submission);
            QVERIFY2(std::fabs(fast.value() - simple) < 1e-9,
                     qPrintable(QStringLiteral("run %1: %2 vs %3").arg(run).arg(fast.value()).arg(simple)));
            deciles.insert(int(fast.value() * 10));
        }
        QVERIFY2(deciles.size() >= 6, qPrintable(QString::number(deciles.size())));
    }

    void weightsRuleByHand() {
        QCOMPARE(weightPt(0.04), 0.0);
        QCOMPARE(weightPt(0.05), 0.2);
        QCOMPARE(weightPt(0.5), 0.2);
        QVERIFY(std::fabs(weightPt(1.75) - 0.6) < 1e-12); // 0.2 + 0.8 · 1.25 / 2.5
        QCOMPARE(weightPt(3.0), 1.0);
        QCOMPARE(weightPt(40.0), 1.0);
        // 5 hits: the proposal's supports at 0, 0.5, ..., 4, read at 0..4: 10, 6, 3, 3, 6 over 28.
        const double five[] = {10. / 28, 6. / 28, 3. / 28, 3. / 28, 6. / 28};
        for (int i = 0; i < 5; ++i)
            QVERIFY(std::fabs(weightOrder(i, 5) - five[i]) < 1e-12);
        // 4 hits: supports at 0, 0.375, ..., 3; index 1 lies 2/3 of the way from 6 to 5:
        // 10, 16/3, 3, 6 over 73/3.
        const double four[] = {30. / 73, 16. / 73, 9. / 73, 18. / 73};
        for (int i = 0; i < 4; ++i)
            QVERIFY(std::fabs(weightOrder(i, 4) - four[i]) < 1e-12);
        QCOMPARE(weightOrder(0, 3), 0.0);   // fewer than 4 hits
        QCOMPARE(weightOrder(20, 25), 0.0); // beyond the 20th hit
        QVERIFY(std::fabs(weightOrder(19, 25) - weightOrder(19, 20)) < 1e-15);

        // P (id 5): vz 0, pT 1.75 GeV, 5 hits at |tz| 10..50 mm, listed out of order.
        // Q (id 6): vz 5 mm, pT 0.3 GeV, 4 hits at |tz - vz| 10, 20, 20, 30: pandas' average ranks
        //   1, 2.5, 2.5, 4 give indices 0, 1, 1, 3.
        // R (id 7): 3 hits (weight 0); noise (0); S (id 8): pT 0.04 GeV (weight 0).
        Particles particles;
        particles.particleId = {5, 6, 7, 8};
        particles.vx = particles.vy = {0, 0, 0, 0};
        particles.vz = {0, 5, 0, 0};
        particles.px = {1.75f, 0.3f, 1, 0.04f};
        particles.py = {0, 0, 0, 0};
        particles.pz = {1, 1, 1, 1};
        particles.q = {1, -1, 1, 1};
        particles.nhits = {5, 4, 3, 4};
        Truth truth;
        truth.particleId = {5, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 0, 8, 8, 8, 8};
        truth.tz = {30, 10, 50, 20, 40, -5, 25, -15, 35, 1, 2, 3, 4, 1, 2, 3, 4};
        for (std::size_t i = 0; i < truth.particleId.size(); ++i)
            truth.hitId.push_back(HitId(i + 1));
        const auto weights = hitWeights(truth, particles, WeightRule::AllParticles);
        QVERIFY2(weights.ok(), weights ? "" : weights.error().message.c_str());
        const double p = 0.6, q = 0.2;
        const double total = p * 1.0 + q * (30. + 16 + 16 + 18) / 73;
        const std::vector<double> expected{
            p * 3 / 28,  p * 10 / 28, p * 6 / 28,  p * 6 / 28, p * 3 / 28, q * 30 / 73,
            q * 16 / 73, q * 16 / 73, q * 18 / 73, 0,          0,          0,
            0,           0,           0,           0,          0};
        for (std::size_t i = 0; i < expected.size(); ++i)
            QVERIFY2(std::fabs(weights->at(i) - expected[i] / total) < 1e-7,
                     qPrintable(QStringLiteral("hit %1: %2").arg(i + 1).arg(weights->at(i))));

        // Primaries only: a secondary's hits (generation 1 in the id) weigh 0, the others scale up.
        Truth withSecondary = truth;
        Particles secondaryQ = particles;
        const ParticleId secondaryId = encodeParticleId({3, 6, 1, 1, 0});
        QCOMPARE(decodeParticleId(secondaryId).generation, 1u);
        secondaryQ.particleId[1] = secondaryId;
        std::replace(withSecondary.particleId.begin(), withSecondary.particleId.end(), ParticleId(6),
                     secondaryId);
        const auto primaries = hitWeights(withSecondary, secondaryQ, WeightRule::PrimariesOnly);
        QVERIFY(primaries.ok());
        QVERIFY(std::fabs(primaries->at(0) - 3. / 28) < 1e-7 && primaries->at(5) == 0.0f);

        particles.nhits[0] = 4; // P has 5 truth hits but says 4: the library raises
        QVERIFY(!hitWeights(truth, particles, WeightRule::AllParticles).ok());
    }

    void weightsRuleReproducesTheRealWeights() {
        REQUIRE_TRACKML_DATA();
        // The sub-sample keeps whole particles and the full event's weights: recomputed weights are
        // the file's, scaled by the inverse of their sum. The file gives secondaries (generation > 0)
        // weight 0: the phase-2 rule.
        const auto weights = hitWeights(m_truth, m_particles, WeightRule::PrimariesOnly);
        QVERIFY(weights.ok());
        double fileSum = 0;
        for (const float w : m_truth.weight)
            fileSum += w;
        int compared = 0;
        for (std::size_t i = 0; i < m_truth.size(); ++i) {
            const double expected = m_truth.weight[i] / fileSum;
            QVERIFY2(std::fabs(weights->at(i) - expected) <= 1e-4 * expected + 1e-9,
                     qPrintable(QStringLiteral("hit %1: %2 vs %3")
                                    .arg(m_truth.hitId[i])
                                    .arg(weights->at(i))
                                    .arg(expected)));
            compared += expected > 0;
        }
        QVERIFY(compared > 3000);
    }

    void throughputFormula() {
        // reference §3.2: sqrt(ln(1 + 600/t) (A - 0.5)^2); first place 0.944 at 0.56 s -> 1.1728.
        QVERIFY(std::fabs(throughputScore(0.944, 0.56) - 1.17284) < 1e-4);
        QVERIFY(std::fabs(throughputScore(1.0, 600) - 0.5 * std::sqrt(std::log(2.0))) < 1e-12);
        QCOMPARE(throughputScore(0.49, 1.0), 0.0);
        QCOMPARE(throughputScore(0.9, 0.0), -1.0);
        QCOMPARE(throughputScore(0.9, 601.0), -1.0);
    }
};

QTEST_GUILESS_MAIN(TestTrackingScore)
#include "tst_tracking_score.moc"
