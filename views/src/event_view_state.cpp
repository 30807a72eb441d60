#include "sciperf/views/event_view_state.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

namespace sciperf {

namespace {

constexpr auto kFormat = "sciperf-event-view";
constexpr int kVersion = 1;

// Names in the file: stable, unlike the (translated) names the user sees.
constexpr std::array<std::pair<HitColoring, const char*>, 6> kColorings{{{HitColoring::Volume, "volume"},
                                                                         {HitColoring::Particle, "particle"},
                                                                         {HitColoring::Track, "track"},
                                                                         {HitColoring::Status, "status"},
                                                                         {HitColoring::Pt, "pt"},
                                                                         {HitColoring::Charge, "charge"}}};
constexpr std::array<std::pair<TrackShape, const char*>, 2> kShapes{
    {{TrackShape::ThroughHits, "through-hits"}, {TrackShape::Helix, "helix"}}};
constexpr std::array<std::pair<DetectorDetail, const char*>, 2> kDetails{
    {{DetectorDetail::Modules, "modules"}, {DetectorDetail::Layers, "layers"}}};
constexpr std::array<std::pair<HitStatus, const char*>, 6> kStatuses{{{HitStatus::Good, "good"},
                                                                      {HitStatus::Fake, "fake"},
                                                                      {HitStatus::Duplicate, "duplicate"},
                                                                      {HitStatus::Noise, "noise"},
                                                                      {HitStatus::Unassigned, "unassigned"},
                                                                      {HitStatus::Unmatched, "not-judged"}}};

template <class Enum, std::size_t N>
const char* nameOf(const std::array<std::pair<Enum, const char*>, N>& names, Enum value) {
    for (const auto& [v, name] : names)
        if (v == value)
            return name;
    return "";
}

template <class Enum, std::size_t N>
std::optional<Enum> valueOf(const std::array<std::pair<Enum, const char*>, N>& names, const QString& name) {
    for (const auto& [v, n] : names)
        if (name == QLatin1String(n))
            return v;
    return std::nullopt;
}

// No cut is written as null: JSON has no infinity.
QJsonValue limit(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonArray vector3(const std::array<double, 3>& v) {
    return {v[0], v[1], v[2]};
}

// Reads the keys of one JSON object into values; the first problem found is the error.
class Reader {
public:
    Reader(QJsonObject object, QString fileName, QString path)
        : m_object(std::move(object))
        , m_fileName(std::move(fileName))
        , m_path(std::move(path)) {}

    Reader child(const QString& key, std::optional<Error>& error) const {
        const QJsonValue value = m_object.value(key);
        if (!error && (!value.isUndefined() && !value.isObject()))
            error = problem(key, "an object");
        return Reader(value.toObject(), m_fileName, m_path + key + QLatin1Char('.'));
    }

    void number(const QString& key, double& out, std::optional<Error>& error,
                bool nullIsInfinity = false) const {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        if (nullIsInfinity && value.isNull())
            out = std::numeric_limits<double>::infinity();
        else if (value.isDouble() && std::isfinite(value.toDouble()))
            out = value.toDouble();
        else if (!error)
            error = problem(key, nullIsInfinity ? "a number or null (no cut)" : "a number");
    }

    void boolean(const QString& key, bool& out, std::optional<Error>& error) const {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        if (value.isBool())
            out = value.toBool();
        else if (!error)
            error = problem(key, "true or false");
    }

    void vector(const QString& key, std::array<double, 3>& out, std::optional<Error>& error) const {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        const QJsonArray array = value.toArray();
        if (!value.isArray() || array.size() != 3) {
            if (!error)
                error = problem(key, "three numbers");
            return;
        }
        for (qsizetype i = 0; i < 3; ++i) {
            if (!array[i].isDouble()) {
                if (!error)
                    error = problem(key, "three numbers");
                return;
            }
            out[std::size_t(i)] = array[i].toDouble();
        }
    }

    template <class Enum, std::size_t N>
    void name(const QString& key, const std::array<std::pair<Enum, const char*>, N>& names, Enum& out,
              std::optional<Error>& error) const {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        if (const auto found = valueOf(names, value.toString()))
            out = *found;
        else if (!error)
            error = problem(key, expected(names));
    }

    template <class Enum, std::size_t N>
    void names(const QString& key, const std::array<std::pair<Enum, const char*>, N>& names,
               std::set<Enum>& out, std::optional<Error>& error) const {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        for (const QJsonValue& item : value.toArray()) {
            const auto found = valueOf(names, item.toString());
            if (!found) {
                if (!error)
                    error = problem(key, QStringLiteral("a list of ") + expected(names));
                return;
            }
            out.insert(*found);
        }
        if (!error && (!value.isArray()))
            error = problem(key, QStringLiteral("a list of ") + expected(names));
    }

    void integers(const QString& key, std::set<std::int32_t>& out, std::optional<Error>& error) const {
        const QJsonValue value = m_object.value(key);
        if (value.isUndefined())
            return;
        for (const QJsonValue& item : value.toArray()) {
            if (!item.isDouble() || item.toDouble() != std::floor(item.toDouble())) {
                if (!error)
                    error = problem(key, "a list of volume ids");
                return;
            }
            out.insert(std::int32_t(item.toDouble()));
        }
        if (!error && (!value.isArray()))
            error = problem(key, "a list of volume ids");
    }

    Error problem(const QString& key, const QString& expected) const {
        return fail(
            QStringLiteral("%1: \"%2%3\" must be %4").arg(m_fileName, m_path, key, expected).toStdString());
    }

private:
    template <class Enum, std::size_t N>
    static QString expected(const std::array<std::pair<Enum, const char*>, N>& names) {
        QStringList list;
        for (const auto& [v, name] : names)
            list << QStringLiteral("\"%1\"").arg(QLatin1String(name));
        return QStringLiteral("one of ") + list.join(QStringLiteral(", "));
    }

    QJsonObject m_object;
    QString m_fileName;
    QString m_path;
};

} // namespace

QByteArray eventViewStateToJson(const EventViewState& state) {
    const EventCuts& c = state.cuts;
    QJsonArray volumes;
    for (const std::int32_t volume : c.hiddenVolumes)
        volumes.append(volume);
    QJsonArray statuses;
    for (const HitStatus status : c.hiddenStatuses)
        statuses.append(QLatin1String(nameOf(kStatuses, status)));
    const QJsonObject cuts{
        {"minPtGeV", c.minPtGeV},   {"maxAbsEta", limit(c.maxAbsEta)}, {"maxAbsD0Mm", limit(c.maxAbsD0Mm)},
        {"minHits", c.minHits},     {"phiFromRad", c.phiFromRad},      {"phiToRad", c.phiToRad},
        {"hiddenVolumes", volumes}, {"hiddenStatuses", statuses}};
    const EventCamera& k = state.camera;
    const QJsonObject camera{
        {"positionMm", vector3(k.positionMm)},  {"focalPointMm", vector3(k.focalPointMm)},
        {"viewUp", vector3(k.viewUp)},          {"parallelProjection", k.parallelProjection},
        {"parallelScaleMm", k.parallelScaleMm}, {"viewAngleDeg", k.viewAngleDeg}};
    const QJsonObject root{{"format", QLatin1String(kFormat)},
                           {"version", kVersion},
                           {"colouring", QLatin1String(nameOf(kColorings, state.coloring))},
                           {"tracks", QLatin1String(nameOf(kShapes, state.trackShape))},
                           {"detector", state.detectorVisible},
                           {"detectorDetail", QLatin1String(nameOf(kDetails, state.detectorDetail))},
                           {"cuts", cuts},
                           {"camera", camera}};
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

Result<EventViewState> eventViewStateFromJson(const QByteArray& json, const QString& fileName) {
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = 1 + int(json.left(parseError.offset).count('\n'));
        return fail(
            QStringLiteral("%1:%2: %3").arg(fileName).arg(line).arg(parseError.errorString()).toStdString());
    }
    const QJsonObject root = document.object();
    if (!document.isObject() || root.value(QStringLiteral("format")).toString() != QLatin1String(kFormat))
        return fail(QStringLiteral("%1: not a SciPerf event view (no \"format\": \"%2\")")
                        .arg(fileName, QLatin1String(kFormat))
                        .toStdString());

    EventViewState state;
    std::optional<Error> error;
    const Reader top(root, fileName, QString());
    top.name(QStringLiteral("colouring"), kColorings, state.coloring, error);
    top.name(QStringLiteral("tracks"), kShapes, state.trackShape, error);
    top.boolean(QStringLiteral("detector"), state.detectorVisible, error);
    top.name(QStringLiteral("detectorDetail"), kDetails, state.detectorDetail, error);

    const Reader cuts = top.child(QStringLiteral("cuts"), error);
    EventCuts& c = state.cuts;
    cuts.number(QStringLiteral("minPtGeV"), c.minPtGeV, error);
    cuts.number(QStringLiteral("maxAbsEta"), c.maxAbsEta, error, true);
    cuts.number(QStringLiteral("maxAbsD0Mm"), c.maxAbsD0Mm, error, true);
    double minHits = c.minHits;
    cuts.number(QStringLiteral("minHits"), minHits, error);
    if (!error && (minHits < 0 || minHits > 1000 || minHits != std::floor(minHits)))
        error = cuts.problem(QStringLiteral("minHits"), QStringLiteral("a whole number from 0 to 1000"));
    c.minHits = int(minHits);
    cuts.number(QStringLiteral("phiFromRad"), c.phiFromRad, error);
    cuts.number(QStringLiteral("phiToRad"), c.phiToRad, error);
    for (const auto& [key, value] : {std::pair{QStringLiteral("phiFromRad"), c.phiFromRad},
                                     std::pair{QStringLiteral("phiToRad"), c.phiToRad}})
        if (!error && (std::abs(value) > std::numbers::pi + 1e-9))
            error = cuts.problem(key, QStringLiteral("an angle from -π to π"));
    cuts.integers(QStringLiteral("hiddenVolumes"), c.hiddenVolumes, error);
    cuts.names(QStringLiteral("hiddenStatuses"), kStatuses, c.hiddenStatuses, error);

    const Reader camera = top.child(QStringLiteral("camera"), error);
    EventCamera& k = state.camera;
    camera.vector(QStringLiteral("positionMm"), k.positionMm, error);
    camera.vector(QStringLiteral("focalPointMm"), k.focalPointMm, error);
    camera.vector(QStringLiteral("viewUp"), k.viewUp, error);
    camera.boolean(QStringLiteral("parallelProjection"), k.parallelProjection, error);
    camera.number(QStringLiteral("parallelScaleMm"), k.parallelScaleMm, error);
    camera.number(QStringLiteral("viewAngleDeg"), k.viewAngleDeg, error);
    if (!error && (k.positionMm == k.focalPointMm))
        error = camera.problem(QStringLiteral("positionMm"), QStringLiteral("apart from the focal point"));
    if (!error && (k.viewAngleDeg <= 0 || k.viewAngleDeg >= 180))
        error = camera.problem(QStringLiteral("viewAngleDeg"), QStringLiteral("an angle between 0 and 180"));
    if (!error && (k.parallelScaleMm <= 0))
        error = camera.problem(QStringLiteral("parallelScaleMm"), QStringLiteral("positive"));
    if (error)
        return *error;
    return state;
}

} // namespace sciperf
