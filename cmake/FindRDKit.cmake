# Debian's librdkit-dev ships no CMake package: find its headers and the few libraries we link.
# RDKit::RDKit: SMILES parsing and fingerprints (the core). RDKit::MolDraw2D, when its library exists:
# structure drawings (the OpenMS library's reports).
find_path(RDKit_INCLUDE_DIR GraphMol/ROMol.h PATH_SUFFIXES rdkit)
set(_rdkit_components Fingerprints SmilesParse GraphMol DataStructs RDGeneral)
set(RDKit_LIBRARIES "")
foreach(_component IN LISTS _rdkit_components)
  find_library(RDKit_${_component}_LIBRARY NAMES RDKit${_component})
  list(APPEND RDKit_LIBRARIES ${RDKit_${_component}_LIBRARY})
endforeach()
find_library(RDKit_MolDraw2D_LIBRARY NAMES RDKitMolDraw2D)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(RDKit REQUIRED_VARS RDKit_INCLUDE_DIR
  RDKit_Fingerprints_LIBRARY RDKit_SmilesParse_LIBRARY RDKit_GraphMol_LIBRARY
  RDKit_DataStructs_LIBRARY RDKit_RDGeneral_LIBRARY)
if(RDKit_FOUND AND NOT TARGET RDKit::RDKit)
  add_library(RDKit::RDKit INTERFACE IMPORTED)
  set_target_properties(RDKit::RDKit PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${RDKit_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${RDKit_LIBRARIES}")
endif()
if(RDKit_FOUND AND RDKit_MolDraw2D_LIBRARY AND NOT TARGET RDKit::MolDraw2D)
  add_library(RDKit::MolDraw2D INTERFACE IMPORTED)
  set_target_properties(RDKit::MolDraw2D PROPERTIES INTERFACE_LINK_LIBRARIES "${RDKit_MolDraw2D_LIBRARY};RDKit::RDKit")
endif()
