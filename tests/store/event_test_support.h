#pragma once
// Shared by the tests of event files and of `sciperf track`: events compared part by part.

#include "sciperf/analysis/tracking/csv.h"
#include "sciperf/analysis/tracking/event.h"

#include <QtTest>
#include <optional>
#include <sstream>
#include <string>

namespace sciperf::test {

// The part as challenge CSV: every value in its shortest exact text, so equal text means equal
// float32 values, and QCOMPARE shows the first differing characters.
template <class Part> std::string csvText(const Part& part) {
    std::ostringstream out;
    tracking::writeCsv(out, part);
    return out.str();
}

template <class Part>
void compareParts(const std::optional<Part>& actual, const std::optional<Part>& expected, const char* name) {
    QVERIFY2(actual.has_value() == expected.has_value(), name);
    if (expected)
        QVERIFY2(csvText(*actual) == csvText(*expected), name);
}

// Fails the current test unless both events hold the same parts with the same values.
inline void compareEvents(const tracking::Event& actual, const tracking::Event& expected) {
    QVERIFY2(csvText(actual.hits) == csvText(expected.hits), "hits");
    compareParts(actual.cells, expected.cells, "cells");
    compareParts(actual.particles, expected.particles, "particles");
    compareParts(actual.truth, expected.truth, "truth");
}

} // namespace sciperf::test
