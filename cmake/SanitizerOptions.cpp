// Default options of the sanitizers, compiled into every executable of a SPECEMBEDDING_SANITIZE build
// (cmake/Sanitizers.cmake), so that tests, tools and fuzz targets behave the same however they are
// started. ASAN_OPTIONS, UBSAN_OPTIONS and LSAN_OPTIONS still override them.

extern "C"
{
  // exitcode 199: a sanitizer report must not pass for an OpenMS exit code, which the TOPP tests that
  // expect a failure accept (test/topp/RunTool.cmake refuses codes above 100).
  const char* __asan_default_options() { return "exitcode=199:detect_stack_use_after_return=1:strict_string_checks=1"; }

  const char* __ubsan_default_options() { return "print_stacktrace=1:exitcode=199"; }

  // Leaks of LibTorch itself, not ours to fix: PyTorchStreamReader loses miniz's reader state when it
  // refuses an archive (a truncated or foreign model, library or checkpoint file). LibTorch is built
  // without frame pointers, so such a stack ends in libtorch_cpu and only its module can be named.
  const char* __lsan_default_suppressions() { return "leak:libtorch_cpu.so\n"; }
  // libFuzzer checks for leaks after every new input; the list of suppressions used each time is noise.
  const char* __lsan_default_options() { return "print_suppressions=0"; }
}
