# tst_ert_gpu: the GPU kernels against their CPU twin. No Qt, so that the headless build of the GPU
# machine has it too (the top-level CMakeLists includes this file there); exit code 77 = skipped
# (no device, or built without CUDA).
add_executable(tst_ert_gpu ${CMAKE_CURRENT_LIST_DIR}/tst_ert_gpu.cpp)
target_link_libraries(tst_ert_gpu PRIVATE sciperf::engine)
sciperf_warnings(tst_ert_gpu)
add_test(NAME tst_ert_gpu COMMAND tst_ert_gpu)
set_tests_properties(tst_ert_gpu PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 240)
