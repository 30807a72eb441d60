# Finds nvcc (also at the toolkit's default place, which is often not on PATH) and enables CUDA.
# Sets SCIPERF_HAVE_CUDA. Without nvcc the CPU paths build alone and report "built without CUDA".
set(SCIPERF_HAVE_CUDA OFF)
if(SCIPERF_CUDA)
    if(NOT CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX} AND EXISTS /usr/local/cuda/bin/nvcc)
        set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc CACHE FILEPATH "CUDA compiler")
    endif()
    include(CheckLanguage)
    check_language(CUDA)
    if(CMAKE_CUDA_COMPILER)
        if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
            # Hopper (H100/H200) is the GPU these workloads are tuned and checked on.
            set(CMAKE_CUDA_ARCHITECTURES 90)
        endif()
        enable_language(CUDA)
        # CMake 3.25 knows no C++20 dialect flag for nvcc; device code needs no more than C++17.
        set(CMAKE_CUDA_STANDARD 17)
        set(CMAKE_CUDA_STANDARD_REQUIRED ON)
        find_package(CUDAToolkit REQUIRED)
        set(SCIPERF_HAVE_CUDA ON)
    endif()
endif()
