#pragma once
// The MSP and MGF targets' common body: a spectra file read as the tools read it.
#include <string>

namespace SpecEmbeddingFuzz
{
  /// Reads the file with readSpectra (the format by its extension), converts each spectrum to the core's
  /// and tokenises them, once with broken records an error and once skipping them. InputError is the
  /// readers' documented error; anything else is a finding.
  void readSpectraFile(const std::string& path);
}
