# Finds Debian 12's OpenMS 2.6 and repairs its CMake package once, here:
# - its imported target links Qt5 and OpenMP targets it does not look for itself;
# - its generated headers (OpenMSConfig.h, config.h, ...) are installed under a
#   build-tree path, so they are copied to where sources include them as <OpenMS/...>.
find_package(Qt5 COMPONENTS Core Network REQUIRED)
find_package(OpenMP REQUIRED)
find_package(OpenMS REQUIRED)

file(GLOB _openms_generated_dirs LIST_DIRECTORIES true
     "/usr/include/OpenMS/build/*/*/obj-x86_64-linux-gnu/src/openms/OpenMS"
     "/usr/include/OpenMS/build/*/*/obj-x86_64-linux-gnu/src/openms")
set(_openms_generated_headers "")
foreach(_dir IN LISTS _openms_generated_dirs)
  file(GLOB _headers "${_dir}/*.h")
  list(APPEND _openms_generated_headers ${_headers})
endforeach()
file(GLOB _openswath_generated_headers
     "/usr/include/OpenMS/build/*/*/obj-x86_64-linux-gnu/src/openswathalgo/OPENSWATHALGO/*.h")
if(NOT _openms_generated_headers)
  message(FATAL_ERROR "OpenMS generated headers (OpenMSConfig.h, config.h) not found under /usr/include/OpenMS/build")
endif()

set(OPENMS_GENERATED_INCLUDE_DIR "${CMAKE_BINARY_DIR}/openms-generated")
file(MAKE_DIRECTORY "${OPENMS_GENERATED_INCLUDE_DIR}/OpenMS" "${OPENMS_GENERATED_INCLUDE_DIR}/OpenMS/OPENSWATHALGO")
file(COPY ${_openms_generated_headers} DESTINATION "${OPENMS_GENERATED_INCLUDE_DIR}/OpenMS")
if(_openswath_generated_headers)
  file(COPY ${_openswath_generated_headers} DESTINATION "${OPENMS_GENERATED_INCLUDE_DIR}/OpenMS/OPENSWATHALGO")
endif()

# One interface target that every OpenMS-using target links.
add_library(OpenMSDebian INTERFACE)
target_link_libraries(OpenMSDebian INTERFACE OpenMS)
target_include_directories(OpenMSDebian SYSTEM INTERFACE "${OPENMS_GENERATED_INCLUDE_DIR}")
