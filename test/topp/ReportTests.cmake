# Tests of the Annotator's outputs to look at: the HTML report (-out_html), rendered by headless Chromium,
# and the molecular network (-out_network), read by networkx. Both on the demo run (share/SpecEmbedding/demo,
# the shipped default model, as scripts/run-demo.sh runs it). Included from CMakeLists.txt; uses its BIN,
# WORK and add_tool_test. The report's screenshot stays in ${REPORT_WORK}/demo_report.png for a look.

set(REPORT_WORK "${WORK}/report")
set(REPORT_DEMO ${PROJECT_SOURCE_DIR}/share/SpecEmbedding/demo)
set(REPORT_ANNOTATOR ${BIN}/SpecEmbeddingAnnotator -test -in ${REPORT_DEMO}/queries.mgf -database ${REPORT_DEMO}/library.msp -top_k 3)
find_program(REPORT_CHROMIUM NAMES chromium chromium-browser)
if(NOT REPORT_CHROMIUM)
  message(WARNING "Chromium (Debian package 'chromium') not found: report_html_renders will fail")
  set(REPORT_CHROMIUM chromium)
endif()

add_test(NAME report_workdir COMMAND sh -c "rm -rf '${REPORT_WORK}' && mkdir -p '${REPORT_WORK}'")
set_tests_properties(report_workdir PROPERTIES FIXTURES_SETUP report_workdir)

# The demo run: the report, and a network whose threshold some of the 12 dissimilar demo queries pass...
add_tool_test(report_demo_run
  COMMAND ${REPORT_ANNOTATOR} -out_html ${REPORT_WORK}/demo.html
          -out_network ${REPORT_WORK}/demo.graphml -network_min_similarity 0.2 -network_max_edges 2
  MESSAGE "Wrote the HTML report" EXISTS_FILE ${REPORT_WORK}/demo.graphml DEPENDS report_workdir)
set_tests_properties(report_demo_run PROPERTIES FIXTURES_SETUP report_demo)
# ...and the complete network of the same queries (every pair), from which the check recomputes the edges.
add_tool_test(report_demo_complete_network
  COMMAND ${REPORT_ANNOTATOR} -out_network ${REPORT_WORK}/demo_complete.graphml -network_min_similarity -1 -network_max_edges 11
  MESSAGE "(12 queries, 66 edges)" DEPENDS report_workdir)
set_tests_properties(report_demo_complete_network PROPERTIES FIXTURES_SETUP report_demo_complete)

# The page renders: table rows, histogram, and with #expand=0 a mirror plot with matched peaks and an RDKit
# structure in the DOM; the screenshot is not blank and shows matched peaks.
add_test(NAME report_html_renders
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/check_html_report.py ${REPORT_CHROMIUM} ${REPORT_WORK}/demo.html
          ${REPORT_WORK}/demo_report.png 12)
set_tests_properties(report_html_renders PROPERTIES FIXTURES_REQUIRED report_demo TIMEOUT 600)

add_test(NAME report_network_graphml
  COMMAND /usr/bin/python3 ${CMAKE_CURRENT_SOURCE_DIR}/check_network.py ${REPORT_WORK}/demo.graphml 0.2 2
          ${REPORT_WORK}/demo_complete.graphml 12)
set_tests_properties(report_network_graphml PROPERTIES FIXTURES_REQUIRED "report_demo;report_demo_complete")
