# TOPP tests of SpecEmbeddingAnnotator and SpecEmbeddingEvaluator on the small files in test/data/annotator
# (see README.md there): search in each input format, precursor filter against analog search, persisted
# libraries, bad input, and hit ratios. Included from CMakeLists.txt; uses its BIN, WORK and add_tool_test.
#
# Every query in queries.* is an exact copy of a library spectrum, so it is found at rank 1 with score 1
# whatever the model's weights: the tests use the small imported reference-parity model (fixture model_small).
#
# Outputs are compared with expected files by FuzzyDiff. Its usual tolerance (-ratio 1.01) would let a
# precursor m/z of 400 drift by 4 Da, which would hide exactly what these tests check (precursor m/z read
# from each format, precursor windows of 20 ppm), so numbers must agree to 1e-5 relative or 0.001 absolute:
# scores, which differ in the last float digits between machines, are within 0.001.

get_filename_component(ANNOTATOR_DATA "${CMAKE_CURRENT_SOURCE_DIR}/../data/annotator" ABSOLUTE)
set(ANNOTATOR_WORK "${WORK}/annotator")
find_program(ANNOTATOR_FUZZYDIFF FuzzyDiff)
if(NOT ANNOTATOR_FUZZYDIFF)
  message(WARNING "FuzzyDiff (Debian package 'topp') not found: the annotator_*/evaluator_* comparisons will fail")
  set(ANNOTATOR_FUZZYDIFF FuzzyDiff)
endif()

# A fresh output folder, so that no comparison can pass on a file left by an earlier run.
add_test(NAME annotator_workdir COMMAND sh -c "rm -rf '${ANNOTATOR_WORK}' && mkdir -p '${ANNOTATOR_WORK}'")
set_tests_properties(annotator_workdir PROPERTIES FIXTURES_SETUP annotator_workdir)

# Runs the tool as a setup step: add_tool_test's arguments, plus FIXTURE, the fixture it provides.
function(annotator_run name)
  cmake_parse_arguments(A "" "FIXTURE" "" ${ARGN})
  add_tool_test(${name} ${A_UNPARSED_ARGUMENTS})
  get_test_property(${name} FIXTURES_REQUIRED required)
  if(NOT required)
    set(required "")
  endif()
  list(APPEND required annotator_workdir)
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED "${required}")
  if(A_FIXTURE)
    set_tests_properties(${name} PROPERTIES FIXTURES_SETUP ${A_FIXTURE})
  endif()
endfunction()

# Compares ACTUAL with EXPECTED (a file in test/data/annotator) after FIXTURE ran; further arguments are
# FuzzyDiff whitelist entries (lines holding one are not compared).
function(annotator_compare name fixture actual expected)
  set(whitelist "")
  if(ARGN)
    set(whitelist -whitelist ${ARGN})
  endif()
  add_test(NAME ${name} COMMAND ${ANNOTATOR_FUZZYDIFF} -test -in1 ${actual} -in2 ${ANNOTATOR_DATA}/${expected}
           -ratio 1.00001 -absdiff 0.001 ${whitelist})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED ${fixture}
                       ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON")
endfunction()

set(ANNOTATOR ${BIN}/SpecEmbeddingAnnotator -test)
set(EVALUATOR ${BIN}/SpecEmbeddingEvaluator -test)
set(SMALL_MODEL -model ${WORK}/small.model)
set(LIBRARY -database ${ANNOTATOR_DATA}/library.msp)

# --- 1. The same four queries as MSP, MGF and mzML (made from the MGF by OpenMS's FileConverter): each is
# found at rank 1 with score 1; the mzTab also checks precursor m/z, charge and RT read from each format.
foreach(format msp mgf mzML)
  annotator_run(annotator_search_${format} FIXTURE annotator_search_${format}
    COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/queries.${format} ${LIBRARY} ${SMALL_MODEL} -top_k 3
            -out ${ANNOTATOR_WORK}/search_${format}.mzTab -out_tsv ${ANNOTATOR_WORK}/search_${format}.tsv
    MESSAGE "12 hits, 4 queries with at least one hit" EXISTS_FILE ${ANNOTATOR_WORK}/search_${format}.mzTab
    DEPENDS model_small)
  annotator_compare(annotator_search_${format}_tsv annotator_search_${format}
    ${ANNOTATOR_WORK}/search_${format}.tsv expected_search_${format}.tsv)
  annotator_compare(annotator_search_${format}_mztab annotator_search_${format}
    ${ANNOTATOR_WORK}/search_${format}.mzTab expected_search_${format}.mzTab "ms_run[1]-location")
endforeach()

# Queries are streamed in blocks (-spectra_per_block): blocks of one spectrum give the same tables.
annotator_run(annotator_search_blocks FIXTURE annotator_search_blocks
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/queries.msp ${LIBRARY} ${SMALL_MODEL} -top_k 3 -spectra_per_block 1
          -out ${ANNOTATOR_WORK}/search_blocks.mzTab -out_tsv ${ANNOTATOR_WORK}/search_blocks.tsv
  MESSAGE "12 hits, 4 queries with at least one hit" DEPENDS model_small)
annotator_compare(annotator_search_blocks_tsv annotator_search_blocks ${ANNOTATOR_WORK}/search_blocks.tsv expected_search_msp.tsv)
annotator_compare(annotator_search_blocks_mztab annotator_search_blocks
  ${ANNOTATOR_WORK}/search_blocks.mzTab expected_search_msp.mzTab "ms_run[1]-location")

# --- 2. Precursor filter against analog search. filter_queries.msp: an exact copy of Lincomycin
# (407.2210; the library's Carvedilol is 407.1965, 60 ppm away), an exact copy of Zonisamide [M+H]+
# (213.0328; the library also has its [M+NH4]+ at 230.0594 and Primin at 209.1172), and Reserpine (609.2807),
# which no library entry comes near. The filtered cases ask for no analog hits (the default's one would join them).
set(ANNOTATOR_FILTER_CASES
  "analog|-precursor_mass_tolerance 0 -top_k 5|15 hits, 3 queries with at least one hit"
  "filter_ppm|-precursor_mass_tolerance 20 -precursor_mass_tolerance_unit ppm -top_k 10 -analog_hits 0|7 hits, 2 queries with at least one hit"
  "filter_da|-precursor_mass_tolerance 0.05 -precursor_mass_tolerance_unit Da -top_k 10 -analog_hits 0|10 hits, 2 queries with at least one hit"
  "filter_da_wide|-precursor_mass_tolerance 20 -precursor_mass_tolerance_unit Da -top_k 10 -analog_hits 0|14 hits, 2 queries with at least one hit")
foreach(case ${ANNOTATOR_FILTER_CASES})
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 label)
  list(GET case 1 options)
  list(GET case 2 message)
  separate_arguments(options)
  annotator_run(annotator_${label} FIXTURE annotator_${label}
    COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/filter_queries.msp ${LIBRARY} ${SMALL_MODEL} ${options}
            -out_tsv ${ANNOTATOR_WORK}/${label}.tsv
    MESSAGE "${message}" EXISTS_FILE ${ANNOTATOR_WORK}/${label}.tsv DEPENDS model_small)
  annotator_compare(annotator_${label}_tsv annotator_${label} ${ANNOTATOR_WORK}/${label}.tsv expected_${label}.tsv)
endforeach()

# Hybrid search: entropy re-scoring of the 5 best embedding candidates; each exact copy keeps rank 1, now
# with spectral score 1 and combined score 1, and the other candidates are re-ranked by the combined score.
annotator_run(annotator_hybrid FIXTURE annotator_hybrid
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/queries.msp ${LIBRARY} ${SMALL_MODEL} -top_k 3 -rescoring entropy
          -rescoring_candidates 5 -out_tsv ${ANNOTATOR_WORK}/hybrid.tsv
  MESSAGE "12 hits, 4 queries with at least one hit" EXISTS_FILE ${ANNOTATOR_WORK}/hybrid.tsv DEPENDS model_small)
annotator_compare(annotator_hybrid_tsv annotator_hybrid ${ANNOTATOR_WORK}/hybrid.tsv expected_hybrid.tsv)

# Identity and analog hits in one run: a 20 ppm window gives each query its identity hits (kind identity,
# mass difference 0); the 2 best spectra by embedding outside it but within 100 Da follow as kind analog with
# their precursor m/z difference (Lincomycin: Carvedilol 24.5 mDa away, just outside 20 ppm, and
# Tetraconazole; Zonisamide: Oxprenolol and Memantine); Reserpine has neither. In the mzTab as opt_global_ columns.
annotator_run(annotator_analog_hits FIXTURE annotator_analog_hits
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/filter_queries.msp ${LIBRARY} ${SMALL_MODEL} -precursor_mass_tolerance 20 -analog_hits 2
          -analog_scoring embedding -out_tsv ${ANNOTATOR_WORK}/analog_hits.tsv -out ${ANNOTATOR_WORK}/analog_hits.mzTab
  MESSAGE "7 hits, 2 queries with at least one hit, 4 analog hits" EXISTS_FILE ${ANNOTATOR_WORK}/analog_hits.tsv DEPENDS model_small)
annotator_compare(annotator_analog_hits_tsv annotator_analog_hits ${ANNOTATOR_WORK}/analog_hits.tsv expected_analog_hits.tsv)
annotator_compare(annotator_analog_hits_mztab annotator_analog_hits ${ANNOTATOR_WORK}/analog_hits.mzTab expected_analog_hits.mzTab
                  ms_run[1]-location)
# The same by default: analog hits ranked by the modified cosine of their peaks, which is their score and
# spectral_score beside their embedding score (Lincomycin: Tetraconazole's two spectra; Zonisamide: Primin's).
# The small model is not calibrated, so predicted_similarity stays empty.
annotator_run(annotator_analog_hits_modified_cosine FIXTURE annotator_analog_hits_modified_cosine
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/filter_queries.msp ${LIBRARY} ${SMALL_MODEL} -precursor_mass_tolerance 20 -analog_hits 2
          -out_tsv ${ANNOTATOR_WORK}/analog_hits_modified_cosine.tsv
  MESSAGE "7 hits, 2 queries with at least one hit, 4 analog hits" EXISTS_FILE ${ANNOTATOR_WORK}/analog_hits_modified_cosine.tsv
  DEPENDS model_small)
annotator_compare(annotator_analog_hits_modified_cosine_tsv annotator_analog_hits_modified_cosine
                  ${ANNOTATOR_WORK}/analog_hits_modified_cosine.tsv expected_analog_hits_modified_cosine.tsv)
# Outside learned search analog hits lie outside a precursor window: without one there are none, and the log
# says why (the small model has no learned scorer, so the search is by embedding alone).
add_tool_test(annotator_analog_hits_need_a_precursor_window
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/filter_queries.msp ${LIBRARY} ${SMALL_MODEL} -analog_hits 2
          -out_tsv ${ANNOTATOR_WORK}/analog_hits_unfiltered.tsv
  MESSAGE "No analog hits: outside learned search they are the best hits outside the precursor window"
  EXISTS_FILE ${ANNOTATOR_WORK}/analog_hits_unfiltered.tsv DEPENDS model_small)

# A run of both polarities (mixed_polarity.mzML, scan polarity cvParams): each query is searched only against
# library entries of its own ion mode, so the two negative-mode queries meet only the two negative entries
# of mixed_library.msp.
annotator_run(annotator_mixed_polarity FIXTURE annotator_mixed_polarity
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/mixed_polarity.mzML -database ${ANNOTATOR_DATA}/mixed_library.msp ${SMALL_MODEL} -top_k 3
          -out_tsv ${ANNOTATOR_WORK}/mixed_polarity.tsv
  MESSAGE "10 hits, 4 queries with at least one hit" EXISTS_FILE ${ANNOTATOR_WORK}/mixed_polarity.tsv DEPENDS model_small)
annotator_compare(annotator_mixed_polarity_tsv annotator_mixed_polarity ${ANNOTATOR_WORK}/mixed_polarity.tsv expected_mixed_polarity.tsv)

# --- 3. A persisted embedding library gives the same hits as the spectral library it was made from, and
# refuses a search with another model.
annotator_run(annotator_selib_write FIXTURE annotator_selib
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/queries.msp ${LIBRARY} ${SMALL_MODEL} -out_library ${ANNOTATOR_WORK}/library.selib
  MESSAGE "(32 spectra)" EXISTS_FILE ${ANNOTATOR_WORK}/library.selib DEPENDS model_small)
annotator_run(annotator_selib_search FIXTURE annotator_selib_search
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/queries.msp -database ${ANNOTATOR_WORK}/library.selib ${SMALL_MODEL} -top_k 3
          -out_tsv ${ANNOTATOR_WORK}/selib_search.tsv
  MESSAGE "12 hits, 4 queries with at least one hit" EXISTS_FILE ${ANNOTATOR_WORK}/selib_search.tsv
  DEPENDS "model_small;annotator_selib")
add_test(NAME annotator_selib_same_as_msp
         COMMAND ${CMAKE_COMMAND} -E compare_files ${ANNOTATOR_WORK}/selib_search.tsv ${ANNOTATOR_WORK}/search_msp.tsv)
set_tests_properties(annotator_selib_same_as_msp PROPERTIES FIXTURES_REQUIRED "annotator_selib_search;annotator_search_msp")
annotator_run(annotator_selib_other_model EXPECT failure
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/queries.msp -database ${ANNOTATOR_WORK}/library.selib
          -model ${WORK}/reference-size.model -out_tsv ${ANNOTATOR_WORK}/selib_other_model.tsv
  MESSAGE "library.selib' was embedded with model 91620e2c4204" ABSENT ${ANNOTATOR_WORK}/selib_other_model.tsv
  DEPENDS "model_reference-size;annotator_selib")

# --- 4. Bad input: a clear error naming the file (and record), an OpenMS exit code, no output file.
set(ANNOTATOR_BAD_CASES
  "empty_file|-in|empty.msp|empty.msp' is empty"
  "unknown_extension|-in|queries.txt|queries.txt' has invalid format 'txt'"
  "no_peaks|-in|no_peaks.msp|no_peaks.msp', spectrum 2 ('MSBNK-Eawag-EQ335103'): no peaks"
  "nan_intensity|-in|nan_intensity.msp|nan_intensity.msp', spectrum 2 ('MSBNK-Eawag-EQ313203'): non-finite m/z or intensity"
  "no_precursor|-in|no_precursor.mgf|no_precursor.mgf', spectrum 2 ('MSBNK-Eawag-EQ313203'): no precursor m/z"
  "truncated_mzml|-in|truncated.mzML|truncated.mzML' is not valid mzML"
  "no_peaks_library|-database|no_peaks.msp|no_peaks.msp', spectrum 2 ('MSBNK-Eawag-EQ335103'): no peaks"
  "truncated_mzml_library|-database|truncated.mzML|truncated.mzML' is not valid mzML")
foreach(case ${ANNOTATOR_BAD_CASES})
  string(REPLACE "|" ";" case "${case}")
  list(GET case 0 label)
  list(GET case 1 option)
  list(GET case 2 file)
  list(GET case 3 message)
  if(option STREQUAL "-in")
    set(inputs -in ${ANNOTATOR_DATA}/${file} ${LIBRARY})
  else()
    set(inputs -in ${ANNOTATOR_DATA}/queries.msp -database ${ANNOTATOR_DATA}/${file})
  endif()
  annotator_run(annotator_bad_${label} EXPECT failure
    COMMAND ${ANNOTATOR} ${inputs} ${SMALL_MODEL} -out_tsv ${ANNOTATOR_WORK}/bad_${label}.tsv
    MESSAGE "${message}" ABSENT ${ANNOTATOR_WORK}/bad_${label}.tsv DEPENDS model_small)
endforeach()

# -invalid_spectra skip: the record without peaks is skipped and counted, the others are searched (the TSV
# keeps their positions in the input, 0 and 2).
annotator_run(annotator_skip_invalid FIXTURE annotator_skip_invalid
  COMMAND ${ANNOTATOR} -in ${ANNOTATOR_DATA}/no_peaks.msp -invalid_spectra skip ${LIBRARY} ${SMALL_MODEL} -top_k 1
          -out_tsv ${ANNOTATOR_WORK}/skip_invalid.tsv
  MESSAGE "Skipped 1 spectra of '${ANNOTATOR_DATA}/no_peaks.msp': no peaks" EXISTS_FILE ${ANNOTATOR_WORK}/skip_invalid.tsv
  DEPENDS model_small)
annotator_compare(annotator_skip_invalid_tsv annotator_skip_invalid ${ANNOTATOR_WORK}/skip_invalid.tsv expected_skip_invalid.tsv)

# --- 5. Evaluator: the exact copies give top-1 = 1; a library without InChIKeys cannot be evaluated.
annotator_run(evaluator_exact_copies FIXTURE evaluator_exact_copies
  COMMAND ${EVALUATOR} -in ${ANNOTATOR_DATA}/queries.msp ${LIBRARY} ${SMALL_MODEL} -out ${ANNOTATOR_WORK}/evaluator.tsv
  MESSAGE "Evaluated 4 queries (0 skipped): top-1 1, top-5 1, top-10 1." EXISTS_FILE ${ANNOTATOR_WORK}/evaluator.tsv
  DEPENDS model_small)
annotator_compare(evaluator_exact_copies_report evaluator_exact_copies ${ANNOTATOR_WORK}/evaluator.tsv expected_evaluator.tsv)
# The Evaluator searches as the Annotator does: decoys embedded with the library are never among its hits, so
# its hit ratios against a library with decoys equal those against the same library without them.
add_test(NAME evaluator_ignores_decoys
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/evaluator_ignores_decoys.sh ${BIN}/SpecEmbeddingAnnotator ${BIN}/SpecEmbeddingEvaluator
                 ${SHARED_DIR}/data/massbank/dev_xlab_query.msp ${SHARED_DIR}/data/massbank/dev_xlab_ref.msp ${WORK}/evaluator_ignores_decoys)
annotator_run(evaluator_library_without_inchikeys EXPECT failure
  COMMAND ${EVALUATOR} -in ${ANNOTATOR_DATA}/queries.msp -database ${ANNOTATOR_DATA}/no_inchikey.msp ${SMALL_MODEL}
          -out ${ANNOTATOR_WORK}/evaluator_no_inchikey.tsv
  MESSAGE "library '${ANNOTATOR_DATA}/no_inchikey.msp' has no InChIKeys" ABSENT ${ANNOTATOR_WORK}/evaluator_no_inchikey.tsv
  DEPENDS model_small)
annotator_run(evaluator_queries_without_inchikeys EXPECT failure
  COMMAND ${EVALUATOR} -in ${ANNOTATOR_DATA}/queries.mgf -database ${ANNOTATOR_DATA}/library.msp ${SMALL_MODEL}
          -out ${ANNOTATOR_WORK}/evaluator_no_query_inchikey.tsv
  MESSAGE "has an InChIKey: cannot evaluate" ABSENT ${ANNOTATOR_WORK}/evaluator_no_query_inchikey.tsv
  DEPENDS model_small)

# Files other tools write: a GNPS-exported MSP whose RETENTIONTIME holds junk ("CCS:") is read, the junk
# ignored with one warning and its count; a Golm MSP (m/z:intensity pairs, GC-MS, no precursor) is read,
# and its spectra, unusable without a precursor, are skipped and counted with -invalid_spectra skip.
get_filename_component(DIALECTS "${CMAKE_CURRENT_SOURCE_DIR}/../data/readers/dialects" ABSOLUTE)
annotator_run(annotator_reads_gnps_msp_with_junk_fields
  COMMAND ${ANNOTATOR} -in ${DIALECTS}/gnps.msp ${SMALL_MODEL} -out_embeddings ${ANNOTATOR_WORK}/gnps_embeddings.tsv
  MESSAGE "ignored 2 unreadable 'RETENTIONTIME' values" EXISTS_FILE ${ANNOTATOR_WORK}/gnps_embeddings.tsv DEPENDS model_small)
annotator_run(annotator_skips_golm_spectra_without_precursor
  COMMAND ${ANNOTATOR} -in ${DIALECTS}/golm.msp ${SMALL_MODEL} -invalid_spectra skip -out_embeddings ${ANNOTATOR_WORK}/golm_embeddings.tsv
  MESSAGE "Skipped 2 spectra of" EXISTS_FILE ${ANNOTATOR_WORK}/golm_embeddings.tsv DEPENDS model_small)
annotator_run(annotator_skips_broken_records
  COMMAND ${ANNOTATOR} -in ${DIALECTS}/broken_records.msp ${SMALL_MODEL} -invalid_spectra skip -out_embeddings ${ANNOTATOR_WORK}/broken_embeddings.tsv
  MESSAGE "Skipped 1 records of" EXISTS_FILE ${ANNOTATOR_WORK}/broken_embeddings.tsv DEPENDS model_small)
annotator_run(annotator_names_the_broken_record EXPECT failure
  COMMAND ${ANNOTATOR} -in ${DIALECTS}/broken_records.msp ${SMALL_MODEL} -out_embeddings ${ANNOTATOR_WORK}/broken_error.tsv
  MESSAGE "record 2 (line 11, 'Bad peaks')" ABSENT ${ANNOTATOR_WORK}/broken_error.tsv DEPENDS model_small)

# Outputs that cannot be written (a folder in the output's place; as root also a read-only folder and a
# full disk, on small tmpfs mounts): exit code 5 (CANNOT_WRITE_OUTPUT_FILE), the path named, nothing left.
add_test(NAME annotator_write_failures
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/write_failures.sh ${BIN}/SpecEmbeddingAnnotator ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/queries.mgf
                 ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/library.msp ${WORK}/small.model ${WORK}/write_failures)
set_tests_properties(annotator_write_failures PROPERTIES FIXTURES_REQUIRED model_small SKIP_RETURN_CODE 77)

# kill -9 while the library is embedded: no output at the output paths; the rerun equals an uninterrupted run.
add_test(NAME annotator_kill_during_annotation
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/kill_during_annotation.sh ${BIN}/SpecEmbeddingAnnotator ${SHARED_DIR}/data/massbank/dev_query.msp
                 ${SHARED_DIR}/data/massbank/dev_ref.msp ${WORK}/reference-size.model ${WORK}/kill_during_annotation)
set_tests_properties(annotator_kill_during_annotation PROPERTIES FIXTURES_REQUIRED model_reference-size)

# 1 and 2 threads: embeddings within 1e-5, identical hit lists, libraries alike.
add_test(NAME annotator_thread_determinism
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/thread_determinism.sh ${BIN}/SpecEmbeddingAnnotator ${BIN}/CompareEmbeddings
                 ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/queries.mgf ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/library.msp
                 ${WORK}/reference-size.model ${WORK}/thread_determinism)
set_tests_properties(annotator_thread_determinism PROPERTIES FIXTURES_REQUIRED model_reference-size)

# -precision bf16: close to float32 where the CPU runs it (AVX512_BF16), float32 with the reason elsewhere.
add_test(NAME annotator_precision
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/precision.sh ${BIN}/SpecEmbeddingAnnotator
                 ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/queries.mgf ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/library.msp
                 ${WORK}/reference-size.model ${WORK}/precision)
set_tests_properties(annotator_precision PROPERTIES FIXTURES_REQUIRED model_reference-size PASS_REGULAR_EXPRESSION "PASS")

# Target-decoy q-values end to end: both decoy methods, decoys stored in and used from an embedding library,
# -fdr keeping exactly the hits within it, and -fdr without decoys refused.
# Libraries at scale: shards and -merge_libraries, float16 embeddings, the approximate index, -verify_library.
add_test(NAME annotator_library_scale
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/library_scale.sh ${BIN}/SpecEmbeddingAnnotator
                 ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/queries.mgf ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/library.msp
                 ${WORK}/small.model ${WORK}/reference-size.model ${WORK}/library_scale)
set_tests_properties(annotator_library_scale PROPERTIES FIXTURES_REQUIRED "model_small;model_reference-size" PASS_REGULAR_EXPRESSION "PASS")
add_test(NAME annotator_decoys_and_fdr
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/decoys_and_fdr.sh ${BIN}/SpecEmbeddingAnnotator
                 ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/queries.mgf ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo/library.msp
                 ${WORK}/small.model ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/models/default.model ${WORK}/decoys_and_fdr)
set_tests_properties(annotator_decoys_and_fdr PROPERTIES FIXTURES_REQUIRED model_small)
