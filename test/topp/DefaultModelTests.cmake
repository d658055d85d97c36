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
