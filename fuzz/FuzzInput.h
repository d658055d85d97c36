#pragma once
// What every fuzz target needs: its input as a file (the readers under test take a path), and the
// line between a clean error and a finding.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>

namespace SpecEmbeddingFuzz
{
  /// Writes the input to this process's input file, whose extension the readers choose the format by,
  /// and returns its path: in memory (/dev/shm) where there is one, unique per process (libFuzzer's
  /// -jobs), removed at exit.
  const std::string& writeInput(const uint8_t* data, size_t size, const std::string& extension);

  /// An exception the reader does not document: a finding. Prints its type and message, then aborts,
  /// which libFuzzer reports as a crash with the input that caused it.
  [[noreturn]] void undocumentedError(const std::exception& error);
}
