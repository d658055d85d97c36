# The installation (install rules and CPack in the top CMakeLists.txt): the tools installed as the Debian
# package lays them out (DESTDIR + prefix /usr), run from elsewhere with no source tree to lean on.
# Included from CMakeLists.txt; uses its WORK and add_tool_test.

set(INSTALL_WORK "${WORK}/install")
set(ROOT "${INSTALL_WORK}/root")
set(PREFIX "${ROOT}/usr")
set(SHARE "${PREFIX}/share/SpecEmbedding")

add_test(NAME install_into_destdir
  COMMAND sh -c "rm -rf '${INSTALL_WORK}' && mkdir -p '${INSTALL_WORK}/elsewhere' && DESTDIR='${ROOT}' '${CMAKE_COMMAND}' --install '${CMAKE_BINARY_DIR}' --prefix /usr")
set_tests_properties(install_into_destdir PROPERTIES FIXTURES_SETUP installed)

# Tools in bin/, plugin libraries in lib/ found through RPATH $ORIGIN/../lib (not the build tree's lib/),
# share/SpecEmbedding with the models and their cards, CTDs, demo data and the workflow.
add_test(NAME install_layout COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/check_installed_layout.sh" "${PREFIX}")
set_tests_properties(install_layout PROPERTIES FIXTURES_REQUIRED installed)

# The installed Annotator, started from another folder, annotates the installed demo data with the default
# model under the prefix.
add_tool_test(install_annotator_demo
  COMMAND ${PREFIX}/bin/SpecEmbeddingAnnotator -test -in ${SHARE}/demo/queries.mgf -database ${SHARE}/demo/library.msp -out_tsv hits.tsv
  MESSAGE "Model '${SHARE}/models/default.model' (a shipped model)" EXISTS_FILE ${INSTALL_WORK}/elsewhere/hits.tsv DEPENDS installed)
set_tests_properties(install_annotator_demo PROPERTIES WORKING_DIRECTORY "${INSTALL_WORK}/elsewhere" FIXTURES_SETUP installed_hits)
add_test(NAME install_annotator_demo_hits
  COMMAND sh -c "n=$(($(wc -l < '${INSTALL_WORK}/elsewhere/hits.tsv') - 1)) && echo \"$n hits\" && test \"$n\" -gt 0")
set_tests_properties(install_annotator_demo_hits PROPERTIES FIXTURES_REQUIRED installed_hits)

# Installed without share/ (only the runtime component), the tools stop with a clear error rather than
# reading the source tree's models.
add_test(NAME install_runtime_only
  COMMAND sh -c "rm -rf '${WORK}/install-runtime-only' && DESTDIR='${WORK}/install-runtime-only' '${CMAKE_COMMAND}' --install '${CMAKE_BINARY_DIR}' --prefix /usr --component runtime")
set_tests_properties(install_runtime_only PROPERTIES FIXTURES_SETUP installed_runtime_only)
add_tool_test(install_without_share_fails EXPECT failure
  COMMAND ${WORK}/install-runtime-only/usr/bin/SpecEmbeddingAnnotator -test -in ${SHARE}/demo/queries.mgf -database ${SHARE}/demo/library.msp
          -out_tsv ${WORK}/install-runtime-only/hits.tsv
  MESSAGE "expect them in '${WORK}/install-runtime-only/usr/share/SpecEmbedding/models'" ABSENT ${WORK}/install-runtime-only/hits.tsv
  DEPENDS "installed;installed_runtime_only")

# TOPPAS: /usr/bin/ExecutePipeline finds a workflow's tools only beside its own real path, so the package
# installs the tools into /usr/bin. This test puts the installed tree over /usr (a read-only overlay in a
# private mount namespace, which the rest of the machine does not see), exactly where the package puts it,
# and runs the installed workflow with the real /usr/bin/ExecutePipeline: no copy, no symlink, no -model.
# Without the right to mount (not root, no user namespaces) it is skipped.
add_test(NAME install_pipeline_beside_execute_pipeline
  COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/run_over_usr.sh" "${PREFIX}" sh "${CMAKE_CURRENT_SOURCE_DIR}/run_installed_pipeline.sh" "${INSTALL_WORK}/pipeline")
set_tests_properties(install_pipeline_beside_execute_pipeline PROPERTIES FIXTURES_REQUIRED installed SKIP_RETURN_CODE 77
  ENVIRONMENT "OPENMS_DISABLE_UPDATE_CHECK=ON;QT_QPA_PLATFORM=offscreen")

# The Debian package: built by CPack from this build, for /usr, with the runtime libraries as Depends.
set(DEB_WORK "${WORK}/deb")
add_test(NAME deb_package
  COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/check_deb_package.sh" "${CMAKE_BINARY_DIR}" "${DEB_WORK}" "${PROJECT_VERSION}")
