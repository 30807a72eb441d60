#pragma once
// What the Qt-free GPU tests share: the skip exit code, a failure counter with check(), and
// whether an error says that there is no device to run on.

#include <iostream>
#include <string>

namespace gpu_test {

inline constexpr int kSkipped = 77; // ctest's SKIP_RETURN_CODE for these tests

inline int failures = 0;

inline void check(bool condition, const std::string& what) {
    if (!condition) {
        ++failures;
        std::cerr << "FAIL: " << what << '\n';
    }
}

inline bool namesMissingDevice(const std::string& message) {
    return message.find("no CUDA device") != std::string::npos ||
           message.find("built without CUDA") != std::string::npos;
}

} // namespace gpu_test
