#pragma once
// What the Events workspace shows besides the event itself (cuts, colouring, track shape, detector,
// camera) as a small JSON document, so that a view can be saved, shared with a colleague and
// loaded again on another event (Phoenix's state save/load).

#include "sciperf/analysis/result.h"
#include "sciperf/views/event_display.h"

#include <QByteArray>
#include <QString>

namespace sciperf {

struct EventViewState {
    EventCuts cuts;
    HitColoring coloring = HitColoring::Volume;
    TrackShape trackShape = TrackShape::ThroughHits;
    bool detectorVisible = true;
    DetectorDetail detectorDetail = DetectorDetail::Modules;
    EventCamera camera;
};

QByteArray eventViewStateToJson(const EventViewState& state);

// Keys it does not know are ignored and missing keys keep their defaults, so that an older or newer
// file still loads; a key of the wrong type or an impossible value is an error naming `fileName`
// and the key, a JSON syntax error one naming the file and its line.
Result<EventViewState> eventViewStateFromJson(const QByteArray& json, const QString& fileName);

} // namespace sciperf
