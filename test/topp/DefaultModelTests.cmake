# The shipped default model: it loads (which verifies its weights against their stored checksum),
# the tools use it when no -model is given, and its checksum is the one its model card states.
set(DEFAULT_MODEL_CARD ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/models/default.model.md)
set(DEMO ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo)
set(card_checksum "no model card at ${DEFAULT_MODEL_CARD}")
if(EXISTS ${DEFAULT_MODEL_CARD})
  # A new card (new model) re-runs the configuration, so that the test checks the card's checksum.
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${DEFAULT_MODEL_CARD})
  file(STRINGS ${DEFAULT_MODEL_CARD} card_line REGEX "^weights_sha256: [0-9a-f]+$")
  string(REGEX REPLACE "^weights_sha256: " "" card_checksum "${card_line}")
endif()
add_tool_test(default_model_matches_its_card
  COMMAND ${BIN}/SpecEmbeddingAnnotator -test -in ${DEMO}/queries.mgf -database ${DEMO}/library.msp
          -out_tsv ${WORK}/demo_hits.tsv
  MESSAGE "weights sha256 ${card_checksum}." EXISTS_FILE ${WORK}/demo_hits.tsv)

# The default search (no options) is the learned scorer's: identity hits with their confidence and one analog hit
# with its predicted similarity, on the demo data with the shipped default model.
add_tool_test(default_search_is_learned
  COMMAND ${BIN}/SpecEmbeddingAnnotator -test -in ${DEMO}/queries.mgf -database ${DEMO}/library.msp -out_tsv ${WORK}/demo_learned.tsv
  MESSAGE "Ranking: the model's learned scorer@@12 queries with at least one hit, 12 analog hits" EXISTS_FILE ${WORK}/demo_learned.tsv)
add_test(NAME default_search_is_learned_columns
  COMMAND /usr/bin/python3 -c "
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\\t'))
best = [r for r in rows if r['rank'] == '1' and r['kind'] == 'unfiltered']
analogs = [r for r in rows if r['kind'] == 'analog']
assert len(best) == 12 and all(0 <= float(r['confidence']) <= 1 for r in best), 'identity hits need a confidence'
assert len(analogs) == 12 and all(0 <= float(r['predicted_similarity']) <= 1 for r in analogs), 'analog hits need a predicted similarity'
print('PASS')" ${WORK}/demo_learned.tsv)
set_tests_properties(default_search_is_learned PROPERTIES FIXTURES_SETUP demo_learned)
set_tests_properties(default_search_is_learned_columns PROPERTIES FIXTURES_REQUIRED demo_learned PASS_REGULAR_EXPRESSION "PASS")

# A negative-mode query without -model is answered by the shipped default model with its learned scorer
# (measured the best choice for negative queries too), and the log says that it was trained on positive spectra.
set(NEGATIVE_DEV "${SHARED_DIR}/data/massbank-negative")
add_tool_test(negative_query_gets_the_default_model
  COMMAND ${BIN}/SpecEmbeddingAnnotator -test -in ${NEGATIVE_DEV}/dev_query.msp -database ${NEGATIVE_DEV}/dev_query.msp -out_tsv ${WORK}/negative_hits.tsv
  MESSAGE "default.model' (a shipped model), trained on positive-mode spectra@@not trained on negative-mode spectra@@Ranking: the model's learned scorer@@270 queries with at least one hit"
  EXISTS_FILE ${WORK}/negative_hits.tsv)
