#pragma once
// The built-in TrackML detector, loaded once for the engine tests that simulate or reconstruct.

#include "sciperf/engine/event_simulation.h"

#include <QtGlobal>

inline const sciperf::tracking::Detector& testDetector() {
    static const sciperf::tracking::Detector built = [] {
        auto loaded = sciperf::builtInDetector();
        if (!loaded)
            qFatal("%s", loaded.error().message.c_str());
        return std::move(loaded).value();
    }();
    return built;
}
