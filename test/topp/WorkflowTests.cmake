# Tests of the TOPPAS workflow (workflows/) and of the KNIME descriptors (share/SpecEmbedding/descriptors/).
# Included from CMakeLists.txt; uses its BIN, WORK, add_tool_test and the fixture model_small.

get_filename_component(PROJECT_ROOT "${CMAKE_CURRENT_SOURCE_DIR}/../.." ABSOLUTE)
set(WORKFLOW_WORK "${WORK}/workflow")

# --- TOPPAS: workflows/SpecEmbeddingAnnotation.toppas (FileConverter MGF -> mzML, then SpecEmbeddingAnnotator
# against an MSP library) run headless by ExecutePipeline through workflows/run-pipeline.sh, which runs a copy of
# ExecutePipeline from a bin directory beside our tools (here ${WORKFLOW_WORK}/bin, kept for inspection).
#
# The shipped workflow uses the shipped default model; the test runs a copy, written here at configure time, that
# uses the small imported model instead (only the model item differs), and gives the demo inputs by a TOPPAS
# resource file (-resource_file; the keys are the input vertices' numbers).

# test_workflow(WORKFLOW NAME INPUTS_1 INPUTS_2) writes ${WORKFLOW_WORK}/NAME.toppas, a copy of WORKFLOW whose model
# item names the small test model (only that item differs), and ${WORKFLOW_WORK}/NAME.trf, a TOPPAS resource file
# (-resource_file; the keys are the input vertices' numbers) giving vertex 1 the files of the list INPUTS_1 and
# vertex 2 those of INPUTS_2.
function(test_workflow workflow name inputs_1 inputs_2)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${workflow}")
  file(READ "${workflow}" toppas)
  string(REGEX REPLACE "(<ITEM name=\"model\" value=\")[^\"]*\"" "\\1${WORK}/small.model\"" test_toppas "${toppas}")
  if(test_toppas STREQUAL toppas)
    message(FATAL_ERROR "${workflow} has no model parameter to point to the test model")
  endif()
  file(MAKE_DIRECTORY "${WORKFLOW_WORK}")
  file(WRITE "${WORKFLOW_WORK}/${name}.toppas" "${test_toppas}")
  set(nodes "")
  foreach(vertex 1 2)
    string(APPEND nodes "  <NODE name=\"${vertex}\" description=\"\">
    <ITEMLIST name=\"url_list\" type=\"string\" description=\"\" required=\"false\" advanced=\"false\">
")
    foreach(input IN LISTS inputs_${vertex})
      string(APPEND nodes "      <LISTITEM value=\"file://${input}\"/>
")
    endforeach()
    string(APPEND nodes "    </ITEMLIST>
  </NODE>
")
  endforeach()
  file(WRITE "${WORKFLOW_WORK}/${name}.trf" "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>
<PARAMETERS version=\"1.7.0\" xsi:noNamespaceSchemaLocation=\"https://raw.githubusercontent.com/OpenMS/OpenMS/develop/share/OpenMS/SCHEMAS/Param_1_7_0.xsd\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">
${nodes}</PARAMETERS>
")
endfunction()

set(DEMO "${PROJECT_ROOT}/share/SpecEmbedding/demo")
test_workflow("${PROJECT_ROOT}/workflows/SpecEmbeddingAnnotation.toppas" annotation "${DEMO}/queries.mgf" "${DEMO}/library.msp")

# A fresh output folder, so that the checks cannot pass on files of an earlier run.
add_test(NAME workflow_workdir COMMAND sh -c "rm -rf '${WORKFLOW_WORK}/out' '${WORKFLOW_WORK}/tmp' && mkdir -p '${WORKFLOW_WORK}/tmp'")
set_tests_properties(workflow_workdir PROPERTIES FIXTURES_SETUP workflow_workdir)

add_tool_test(workflow_annotation_run
  COMMAND sh ${PROJECT_ROOT}/workflows/run-pipeline.sh ${WORKFLOW_WORK}/annotation.toppas ${WORKFLOW_WORK}/out ${WORKFLOW_WORK}/annotation.trf
  MESSAGE "SpecEmbeddingAnnotator finished!" DEPENDS "model_small;workflow_workdir")
# OPENMS_TMPDIR: TOPPAS's temporary files (left behind when a tool fails) stay in the build tree.
set_tests_properties(workflow_annotation_run PROPERTIES FIXTURES_SETUP workflow_run
  ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON;QT_QPA_PLATFORM=offscreen;SPECEMBEDDING_BIN=${BIN};PIPELINE_BIN=${WORKFLOW_WORK}/bin;OPENMS_TMPDIR=${WORKFLOW_WORK}/tmp")

# The bin directory holds a real copy of ExecutePipeline (a symlink would make it look for tools in /usr/bin)...
add_test(NAME workflow_execute_pipeline_is_a_copy
  COMMAND sh -c "test -f '${WORKFLOW_WORK}/bin/ExecutePipeline' && test ! -L '${WORKFLOW_WORK}/bin/ExecutePipeline'")
set_tests_properties(workflow_execute_pipeline_is_a_copy PROPERTIES FIXTURES_REQUIRED workflow_run)

# ...and the pipeline's mzTab has hits (SML rows; with the default -top_k, 10 per demo query).
add_test(NAME workflow_annotation_hits
  COMMAND sh -c "f=$(ls '${WORKFLOW_WORK}'/out/TOPPAS_out/*-SpecEmbeddingAnnotator-out/queries.mzTab) && n=$(grep -c '^SML' \"$f\") && echo \"$n hits in $f\" && test \"$n\" -gt 0")
set_tests_properties(workflow_annotation_hits PROPERTIES FIXTURES_REQUIRED workflow_run)

# --- TOPPAS: workflows/FeatureAnnotation.toppas (FeatureFinderMetabo per run, FeatureLinkerUnlabeledQT, then
# SpecEmbeddingAnnotator -in_features -in_runs) on the two runs of test/data/features, with the small test model and the
# demo library. Of the 3,266 consensus features, 248 hold MS2 spectra and are annotated.
set(RUNS "${PROJECT_ROOT}/test/data/features")
test_workflow("${PROJECT_ROOT}/workflows/FeatureAnnotation.toppas" features "${RUNS}/GNPSExport_mzml1.mzML;${RUNS}/GNPSExport_mzml2.mzML"
              "${DEMO}/library.msp")
add_test(NAME workflow_features_workdir
  COMMAND sh -c "rm -rf '${WORKFLOW_WORK}/features_out' '${WORKFLOW_WORK}/features_tmp' && mkdir -p '${WORKFLOW_WORK}/features_tmp'")
set_tests_properties(workflow_features_workdir PROPERTIES FIXTURES_SETUP workflow_features_workdir)
add_tool_test(workflow_features_run
  COMMAND sh ${PROJECT_ROOT}/workflows/run-pipeline.sh ${WORKFLOW_WORK}/features.toppas ${WORKFLOW_WORK}/features_out ${WORKFLOW_WORK}/features.trf
  MESSAGE "FeatureLinkerUnlabeledQT finished!" "Features: 3266, 248 with MS2 spectra, 3018 without; 248 annotated" "SpecEmbeddingAnnotator finished!"
  DEPENDS "model_small;workflow_features_workdir")
set_tests_properties(workflow_features_run PROPERTIES FIXTURES_SETUP workflow_features_run
  ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON;QT_QPA_PLATFORM=offscreen;SPECEMBEDDING_BIN=${BIN};PIPELINE_BIN=${WORKFLOW_WORK}/features_bin;OPENMS_TMPDIR=${WORKFLOW_WORK}/features_tmp")
add_test(NAME workflow_features_outputs
  COMMAND sh -c "sh '${CMAKE_CURRENT_SOURCE_DIR}/check_feature_annotation.sh' '${WORKFLOW_WORK}'/features_out/TOPPAS_out/*-SpecEmbeddingAnnotator-out/*.mzTab '${WORKFLOW_WORK}'/features_out/TOPPAS_out/*-SpecEmbeddingAnnotator-out_features/*.consensusXML - 248 248 0 '${WORKFLOW_WORK}/features_tmp'")
set_tests_properties(workflow_features_outputs PROPERTIES FIXTURES_REQUIRED workflow_features_run ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON")

# --- Snakemake: workflows/Snakefile on the two runs of test/data/features with the small test model and the demo
# library, two jobs at once: one embedded library, FeatureFinderMetabo and the Annotator per run, and the merged
# tables: 412 feature hits (220 + 192 annotated features) and 6,040 spectrum hits (604 spectra, 10 hits each).
find_program(SNAKEMAKE snakemake)
if(NOT SNAKEMAKE)
  message(WARNING "snakemake (Debian package 'snakemake') not found: the workflow_snakemake_* tests will fail")
  set(SNAKEMAKE snakemake)
endif()
set(SNAKEMAKE_WORK "${WORKFLOW_WORK}/snakemake")
add_test(NAME workflow_snakemake_run
  COMMAND sh -c "rm -rf '${SNAKEMAKE_WORK}' && '${SNAKEMAKE}' --cores 2 --snakefile '${PROJECT_ROOT}/workflows/Snakefile' --directory '${SNAKEMAKE_WORK}' --config runs='${RUNS}' library='${DEMO}/library.msp' model='${WORK}/small.model' specembedding_bin='${BIN}' threads=1")
set_tests_properties(workflow_snakemake_run PROPERTIES FIXTURES_SETUP workflow_snakemake_run FIXTURES_REQUIRED model_small
  ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON")
add_test(NAME workflow_snakemake_tables
  COMMAND sh -c "cd '${SNAKEMAKE_WORK}/results' && test -f library.selib && features=$(($(wc -l < features.tsv) - 1)) && hits=$(($(wc -l < hits.tsv) - 1)) && runs=$(cut -f 1 features.tsv | sort -u | grep -c GNPSExport) && echo \"$features feature hits, $hits spectrum hits, $runs runs\" && test $features -eq 412 && test $hits -eq 6040 && test $runs -eq 2")
set_tests_properties(workflow_snakemake_tables PROPERTIES FIXTURES_REQUIRED workflow_snakemake_run)

# --- KNIME: the committed CTDs equal what the tools write now (the `ctds` target writes them into
# ${CMAKE_BINARY_DIR}/ctds the same way), so they cannot go stale; mime.types covers every format they name.
set(DESCRIPTORS "${PROJECT_ROOT}/share/SpecEmbedding/descriptors")
set(CTD_WORK "${WORK}/ctds")
add_test(NAME ctds_write
  COMMAND sh -c "rm -rf '${CTD_WORK}' && mkdir -p '${CTD_WORK}' && for t in SpecEmbeddingTrainer SpecEmbeddingAnnotator SpecEmbeddingEvaluator; do '${BIN}'/$t -write_ctd '${CTD_WORK}' || exit 1; done")
set_tests_properties(ctds_write PROPERTIES FIXTURES_SETUP ctds ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON")
foreach(tool SpecEmbeddingTrainer SpecEmbeddingAnnotator SpecEmbeddingEvaluator)
  add_test(NAME ctd_${tool}_up_to_date
    COMMAND sh -c "'${CMAKE_COMMAND}' -E compare_files '${CTD_WORK}/${tool}.ctd' '${DESCRIPTORS}/${tool}.ctd' || { echo \"${tool}.ctd is stale: the tool now writes ${CTD_WORK}/${tool}.ctd; copy it (or run 'make ctds' and copy ${CMAKE_BINARY_DIR}/ctds/*.ctd) into ${DESCRIPTORS}/\"; exit 1; }")
  set_tests_properties(ctd_${tool}_up_to_date PROPERTIES FIXTURES_REQUIRED ctds)
endforeach()
add_test(NAME ctd_formats_in_mime_types
  COMMAND sh -c "for ext in $(sed -n 's/.*supported_formats=\"\\([^\"]*\\)\".*/\\1/p' '${DESCRIPTORS}'/*.ctd | tr ',' '\\n' | sed 's/^\\*\\.//' | sort -u); do grep -Eq \"^[^#].*[[:space:]]$ext([[:space:]]|$)\" '${DESCRIPTORS}/mime.types' || { echo \"format $ext is not in mime.types\"; exit 1; }; done; echo ok")

# --- KNIME plugin: cmake/KnimePlugin.cmake (the `knime_plugin` target) lays out the GenericKnimeNodes plugin
# source from an installation of this build; the test lays it out in the work folder and checks its files.
# Each CTD it holds (the installed tools' -write_ctd) validates against ctd_tool.xsd.in, which checks the
# PARAMETERS block with OpenMS's Param 1.7 schema.
set(PLUGIN_WORK "${WORK}/knime-plugin")
add_test(NAME knime_plugin_generate
  COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR} -DSOURCE_DIR=${PROJECT_ROOT} -DVERSION=${PROJECT_VERSION}
          -DPLUGIN_DIR=${PLUGIN_WORK} -P ${PROJECT_ROOT}/cmake/KnimePlugin.cmake)
set_tests_properties(knime_plugin_generate PROPERTIES FIXTURES_SETUP knime_plugin)
add_test(NAME knime_plugin_files COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/check_knime_plugin.sh" "${PLUGIN_WORK}" "${PROJECT_VERSION}")
set_tests_properties(knime_plugin_files PROPERTIES FIXTURES_REQUIRED knime_plugin)

find_file(OPENMS_PARAM_SCHEMA Param_1_7_0.xsd PATHS /usr/share/openms/SCHEMAS /usr/share/OpenMS/SCHEMAS NO_DEFAULT_PATH REQUIRED)
configure_file(ctd_tool.xsd.in "${CMAKE_CURRENT_BINARY_DIR}/ctd_tool.xsd" @ONLY)
foreach(tool SpecEmbeddingTrainer SpecEmbeddingAnnotator SpecEmbeddingEvaluator)
  add_test(NAME knime_plugin_ctd_${tool}_valid
    COMMAND xmllint --noout --nonet --schema "${CMAKE_CURRENT_BINARY_DIR}/ctd_tool.xsd" "${PLUGIN_WORK}/descriptors/${tool}.ctd")
  set_tests_properties(knime_plugin_ctd_${tool}_valid PROPERTIES FIXTURES_REQUIRED knime_plugin)
endforeach()
