# Sanitizer and fuzzing builds (scripts/run-tests.sh builds build-asan this way, fuzz/run.sh uses it too).
#
# SPECEMBEDDING_SANITIZE: everything we compile gets AddressSanitizer and UndefinedBehaviorSanitizer;
# UB aborts (-fno-sanitize-recover) so that it fails the test that hit it. LibTorch, OpenMS, Qt and RDKit
# stay uninstrumented: ASan still sees their heap (it replaces malloc) but not their own bad accesses.
# SPECEMBEDDING_FUZZ (clang only): the libFuzzer targets of fuzz/, and coverage instrumentation for
# our code so that the fuzzer is guided through the readers. Implies SPECEMBEDDING_SANITIZE.
option(SPECEMBEDDING_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(SPECEMBEDDING_FUZZ "Build the libFuzzer targets in fuzz/ (clang; implies SPECEMBEDDING_SANITIZE)" OFF)

if(SPECEMBEDDING_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SPECEMBEDDING_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  set(SPECEMBEDDING_SANITIZE ON)
endif()

if(SPECEMBEDDING_SANITIZE)
  # -O1 as ASan recommends (readable stacks, far quicker to build than -O3); -g1: line tables for the reports.
  # No vptr check: it needs the typeinfo of every polymorphic OpenMS class we call, and Debian's libOpenMS
  # does not export that of FeatureMap and ConsensusMap (their key functions are inside it).
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined -fno-omit-frame-pointer -O1 -g1)
  add_link_options(-fsanitize=address,undefined)
  if(SPECEMBEDDING_FUZZ)
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # clang's -fopenmp links LLVM's libomp beside the libgomp that LibTorch, OpenMS and OpenBLAS use; our
    # code has no OpenMP pragmas, so link libgomp alone, as the gcc build does.
    find_library(SPECEMBEDDING_LIBGOMP NAMES gomp libgomp.so.1 REQUIRED)
    set(OpenMP_CXX_FLAGS "-fopenmp=libgomp" CACHE STRING "")
    set(OpenMP_CXX_LIB_NAMES "gomp" CACHE STRING "")
    set(OpenMP_gomp_LIBRARY "${SPECEMBEDDING_LIBGOMP}" CACHE FILEPATH "")
  endif()
  # The sanitizers' default options and suppressions; src/CMakeLists.txt compiles them into every target
  # that links the core, which is every executable but CompareEmbeddings.
  set(SPECEMBEDDING_SANITIZER_OPTIONS "${CMAKE_CURRENT_LIST_DIR}/SanitizerOptions.cpp")
endif()
