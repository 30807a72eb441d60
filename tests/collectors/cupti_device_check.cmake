# cupti_device_check: the CUPTI capture against kernels of known work on a GPU (scripts/device-check
# runs it). No Qt, so the GPU machine's headless build has it; built only with CUDA. Exit code
# 77 = skipped (no device or no CUPTI); not a ctest test: it needs a GPU and prints a table.
if(SCIPERF_HAVE_CUDA)
    add_executable(cupti_device_check ${CMAKE_CURRENT_LIST_DIR}/cupti_device_check.cpp
                                      ${CMAKE_CURRENT_LIST_DIR}/cupti_check_kernels.cu)
    target_link_libraries(cupti_device_check PRIVATE sciperf::collectors CUDA::cudart_static)
    sciperf_warnings(cupti_device_check)
endif()
