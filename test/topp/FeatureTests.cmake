# TOPP tests of feature-level annotation (SpecEmbeddingAnnotator -in_features) on real LC-MS/MS runs from OpenMS's
# test data (test/data/features, see README.md there): Debian's FeatureFinderMetabo, then the Annotator on its
# featureXML; a consensusXML of two runs with -in_runs; and bad input. Included from CMakeLists.txt; uses its BIN,
# WORK, add_tool_test and the fixture model_small.
#
# The spectra have no known identities, so the tests check the plumbing by counts: spectra linked to features
# (they depend on the linking alone), annotated features and mzTab rows. The search is unfiltered (the default
# -precursor_mass_tolerance 0), so every searched spectrum has hits and every feature with a spectrum is annotated,
# whatever the model: the small test model keeps the tests quick.

get_filename_component(FEATURE_DATA "${CMAKE_CURRENT_SOURCE_DIR}/../data/features" ABSOLUTE)
get_filename_component(DEMO_LIBRARY "${CMAKE_CURRENT_SOURCE_DIR}/../../share/SpecEmbedding/demo/library.msp" ABSOLUTE)
set(FEATURE_WORK "${WORK}/features")
set(FEATURE_ANNOTATOR ${BIN}/SpecEmbeddingAnnotator -test -model ${WORK}/small.model -database ${DEMO_LIBRARY})
set(CHECK_FEATURES sh ${CMAKE_CURRENT_SOURCE_DIR}/check_feature_annotation.sh)

add_test(NAME features_workdir COMMAND sh -c "rm -rf '${FEATURE_WORK}' && mkdir -p '${FEATURE_WORK}'")
set_tests_properties(features_workdir PROPERTIES FIXTURES_SETUP features_workdir)

# --- One run: FeatureFinderMetabo (with the features' convex hulls) finds the 2,868 features that OpenMS's
# GNPSExport test data records for this run; 289 of its 319 MS2 spectra lie in 220 of them.
add_tool_test(features_find_run1
  COMMAND FeatureFinderMetabo -test -in ${FEATURE_DATA}/GNPSExport_mzml1.mzML -out ${FEATURE_WORK}/run1.featureXML
          -algorithm:common:noise_threshold_int 1000 -algorithm:ffm:report_convex_hulls true
  MESSAGE "Output features: 2868" DEPENDS features_workdir)
set_tests_properties(features_find_run1 PROPERTIES FIXTURES_SETUP features_run1)

add_tool_test(features_annotate_run1
  COMMAND ${FEATURE_ANNOTATOR} -in ${FEATURE_DATA}/GNPSExport_mzml1.mzML -in_features ${FEATURE_WORK}/run1.featureXML
          -out ${FEATURE_WORK}/run1.mzTab -out_features ${FEATURE_WORK}/run1_annotated.featureXML -out_tsv ${FEATURE_WORK}/run1.tsv
  MESSAGE "289 of 319 searched MS2 spectra lie in a feature, 30 in none"
          "Features: 2868, 220 with MS2 spectra, 2648 without; 220 annotated"
  DEPENDS "model_small;features_run1")
set_tests_properties(features_annotate_run1 PROPERTIES FIXTURES_SETUP features_annotated_run1)
add_test(NAME features_annotate_run1_outputs
  COMMAND ${CHECK_FEATURES} ${FEATURE_WORK}/run1.mzTab ${FEATURE_WORK}/run1_annotated.featureXML ${FEATURE_WORK}/run1.tsv 220 220 289 ${FEATURE_WORK})
set_tests_properties(features_annotate_run1_outputs PROPERTIES FIXTURES_REQUIRED features_annotated_run1 ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON")

# Centroid linking (RT window and m/z tolerance around each feature's centroid) links fewer spectra.
add_tool_test(features_annotate_run1_centroid
  COMMAND ${FEATURE_ANNOTATOR} -in ${FEATURE_DATA}/GNPSExport_mzml1.mzML -in_features ${FEATURE_WORK}/run1.featureXML
          -feature_linking centroid -rt_tolerance 10 -mz_tolerance 10 -out ${FEATURE_WORK}/run1_centroid.mzTab
  MESSAGE "248 of 319 searched MS2 spectra lie in a feature" "213 annotated" DEPENDS "model_small;features_run1")

# --- Two runs: the consensusXML of OpenMS's GNPSExport test (FeatureLinkerUnlabeledKD) with its runs in map index
# order; its maps name the runs by their original names, hence the warning. The two best compounds per feature:
# 397 rows, as one feature's spectrum hit a single compound.
add_tool_test(features_annotate_consensus
  COMMAND ${FEATURE_ANNOTATOR} -in_runs ${FEATURE_DATA}/GNPSExport_mzml1.mzML ${FEATURE_DATA}/GNPSExport_mzml2.mzML
          -in_features ${FEATURE_DATA}/GNPSExport_cons1.consensusXML -feature_top_k 2
          -out ${FEATURE_WORK}/consensus.mzTab -out_features ${FEATURE_WORK}/consensus_annotated.consensusXML -out_tsv ${FEATURE_WORK}/consensus.tsv
  MESSAGE "186 of 319 searched MS2 spectra lie in a feature" "165 of 285 searched MS2 spectra lie in a feature"
          "Features: 199, 199 with MS2 spectra, 0 without; 199 annotated" "comes from 'A45_181_11.mzML'"
  DEPENDS "model_small;features_workdir")
set_tests_properties(features_annotate_consensus PROPERTIES FIXTURES_SETUP features_annotated_consensus)
add_test(NAME features_annotate_consensus_outputs
  COMMAND ${CHECK_FEATURES} ${FEATURE_WORK}/consensus.mzTab ${FEATURE_WORK}/consensus_annotated.consensusXML ${FEATURE_WORK}/consensus.tsv
          397 199 351 ${FEATURE_WORK})
set_tests_properties(features_annotate_consensus_outputs PROPERTIES FIXTURES_REQUIRED features_annotated_consensus
                     ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON")
# The mzTab has each feature's abundance in both maps.
add_test(NAME features_annotate_consensus_abundances
  COMMAND sh -c "grep -q '^SMH.*smallmolecule_abundance_study_variable\\[1\\].*smallmolecule_abundance_study_variable\\[2\\]' '${FEATURE_WORK}/consensus.mzTab' && grep -q '^MTD\tms_run\\[2\\]-location\tfile://.*GNPSExport_mzml2.mzML' '${FEATURE_WORK}/consensus.mzTab'")
set_tests_properties(features_annotate_consensus_abundances PROPERTIES FIXTURES_REQUIRED features_annotated_consensus)

# --- Bad input: features of another run link nothing and say so; a broken featureXML, runs that do not match the
# consensus map's maps and -in with a consensusXML stop with a clear error and write nothing.
add_tool_test(features_of_another_run
  COMMAND ${FEATURE_ANNOTATOR} -in ${FEATURE_DATA}/GNPSExport_mzml1.mzML -in_features ${FEATURE_DATA}/SiriusExport_1_input.featureXML
          -out ${FEATURE_WORK}/other_run.mzTab
  MESSAGE "Warning: none of the 319 searched MS2 spectra" "lies in any of the 20 features of" "Features: 20, 0 with MS2 spectra, 20 without"
  DEPENDS "model_small;features_workdir")
add_tool_test(features_broken_file EXPECT failure
  COMMAND ${FEATURE_ANNOTATOR} -in ${FEATURE_DATA}/GNPSExport_mzml1.mzML -in_features ${FEATURE_DATA}/broken.featureXML
          -out ${FEATURE_WORK}/broken.mzTab -out_features ${FEATURE_WORK}/broken_annotated.featureXML
  MESSAGE "the feature file '${FEATURE_DATA}/broken.featureXML' cannot be read" ABSENT ${FEATURE_WORK}/broken.mzTab
  DEPENDS "model_small;features_workdir")
add_tool_test(features_runs_do_not_match_maps EXPECT failure
  COMMAND ${FEATURE_ANNOTATOR} -in_runs ${FEATURE_DATA}/GNPSExport_mzml1.mzML -in_features ${FEATURE_DATA}/GNPSExport_cons1.consensusXML
          -out ${FEATURE_WORK}/mismatch.mzTab
  MESSAGE "-in_runs gives 1 run, but the consensus map" "has 2 maps (0: 'A45_181_11.mzML', 1: 'A45_181_11_dil1for3.mzML')"
  ABSENT ${FEATURE_WORK}/mismatch.mzTab DEPENDS "model_small;features_workdir")
add_tool_test(features_consensus_with_in EXPECT failure
  COMMAND ${FEATURE_ANNOTATOR} -in ${FEATURE_DATA}/GNPSExport_mzml1.mzML -in_features ${FEATURE_DATA}/GNPSExport_cons1.consensusXML
          -out ${FEATURE_WORK}/with_in.mzTab
  MESSAGE "give the runs of its 2 maps with -in_runs" ABSENT ${FEATURE_WORK}/with_in.mzTab DEPENDS "model_small;features_workdir")
