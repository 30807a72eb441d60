# sciperf_add_qtest(<name> SOURCES ... LIBRARIES ... [DISPLAY] [LABELS ...])
# One Qt Test executable registered with ctest. DISPLAY tests need a real X server (OpenGL
# rendering) and run under `xvfb-run -a`; the others use Qt's offscreen platform.
find_program(SCIPERF_XVFB_RUN xvfb-run)

function(sciperf_add_qtest name)
    cmake_parse_arguments(ARG "DISPLAY" "" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LIBRARIES})
    sciperf_warnings(${name})
    set(environment
        "SCIPERF_DATA_DIR=${SCIPERF_DATA_DIR}"
        "SCIPERF_BINARY_DIR=${PROJECT_BINARY_DIR}"
        "SCIPERF_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
        # Settings written by tests land in the build tree, never in the user's home.
        "XDG_CONFIG_HOME=${CMAKE_CURRENT_BINARY_DIR}/${name}.config"
        "XDG_DATA_HOME=${CMAKE_CURRENT_BINARY_DIR}/${name}.data")
    if(ARG_DISPLAY)
        if(NOT SCIPERF_XVFB_RUN)
            message(FATAL_ERROR "${name} renders with OpenGL and needs xvfb-run (Debian package xvfb)")
        endif()
        add_test(NAME ${name} COMMAND ${SCIPERF_XVFB_RUN} -a -s "-screen 0 1600x1000x24"
                                      $<TARGET_FILE:${name}>)
        list(APPEND ARG_LABELS display)
        # Under the asan preset: Mesa's drivers leak, and are unloaded before LeakSanitizer
        # reports, so their frames cannot be suppressed by name. Address and UB checks stay on.
        list(APPEND environment "ASAN_OPTIONS=detect_leaks=0")
    else()
        add_test(NAME ${name} COMMAND ${name})
        list(APPEND environment "QT_QPA_PLATFORM=offscreen")
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${environment}" LABELS "${ARG_LABELS}" TIMEOUT 240)
endfunction()
