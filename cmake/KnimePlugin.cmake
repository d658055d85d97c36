# Lays out a GenericKnimeNodes plugin source folder for the SpecEmbedding tools (cmake -P; the target
# `knime_plugin` and the test knime_plugin_generate run it):
#
#   PLUGIN_DIR/plugin.properties                 share/SpecEmbedding/descriptors/plugin.properties, this version
#   PLUGIN_DIR/descriptors/*.ctd, mime.types     the installed tools' -write_ctd, the shared mime.types
#   PLUGIN_DIR/payload/binaries_lnx_64.zip       the installation: bin/, lib/, share/ and binaries.ini
#
# Variables: BUILD_DIR (an OpenMS-enabled build whose tools are built), SOURCE_DIR, VERSION, PLUGIN_DIR.
foreach(var BUILD_DIR SOURCE_DIR VERSION PLUGIN_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "KnimePlugin.cmake needs -D${var}=...")
  endif()
endforeach()
set(descriptors "${SOURCE_DIR}/share/SpecEmbedding/descriptors")
set(stage "${PLUGIN_DIR}/payload-root")

file(REMOVE_RECURSE "${PLUGIN_DIR}")
file(MAKE_DIRECTORY "${PLUGIN_DIR}/descriptors" "${PLUGIN_DIR}/payload")

# The payload is the installation itself, so the nodes run the tools exactly as installed: RPATH
# $ORIGIN/../lib finds the plugin libraries, and bin/../share/SpecEmbedding the default model.
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${stage}" OUTPUT_QUIET RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "installing ${BUILD_DIR} into ${stage} failed")
endif()

# The CTDs come from the payload's own tools.
file(GLOB tools "${stage}/bin/*")
if(NOT tools)
  message(FATAL_ERROR "no tools were installed into ${stage}/bin")
endif()
foreach(tool IN LISTS tools)
  execute_process(COMMAND "${CMAKE_COMMAND}" -E env OPENMS_DISABLE_UPDATE_CHECK=ON "${tool}" -write_ctd "${PLUGIN_DIR}/descriptors"
                  OUTPUT_QUIET RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "${tool} -write_ctd failed")
  endif()
endforeach()
file(COPY "${descriptors}/mime.types" DESTINATION "${PLUGIN_DIR}/descriptors")

file(READ "${descriptors}/plugin.properties" properties)
string(REGEX REPLACE "\npluginVersion=[^\n]*" "\npluginVersion=${VERSION}" properties "${properties}")
file(WRITE "${PLUGIN_DIR}/plugin.properties" "${properties}")

# GenericKnimeNodes wants binaries.ini in every payload zip, even with no variables to set.
file(WRITE "${stage}/binaries.ini" "")
file(GLOB payload RELATIVE "${stage}" "${stage}/*")
execute_process(COMMAND "${CMAKE_COMMAND}" -E tar cf "${PLUGIN_DIR}/payload/binaries_lnx_64.zip" --format=zip ${payload}
                WORKING_DIRECTORY "${stage}" RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "zipping the payload failed")
endif()
file(REMOVE_RECURSE "${stage}")
message(STATUS "GenericKnimeNodes plugin source: ${PLUGIN_DIR}")
