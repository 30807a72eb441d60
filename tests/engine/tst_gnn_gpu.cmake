# tst_gnn_gpu: the GNN layers and model on the GPU against the CPU. No Qt, so that the
# headless build of the GPU machine has it too (the top-level CMakeLists includes this file
# there); exit code 77 = skipped (no device, or built without CUDA).
add_executable(tst_gnn_gpu ${CMAKE_CURRENT_LIST_DIR}/tst_gnn_gpu.cpp)
target_link_libraries(tst_gnn_gpu PRIVATE sciperf::engine)
sciperf_warnings(tst_gnn_gpu)
add_test(NAME tst_gnn_gpu COMMAND tst_gnn_gpu)
set_tests_properties(tst_gnn_gpu PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 240 LABELS gpu)
