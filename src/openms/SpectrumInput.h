#pragma once
// Loads a spectra file through the OpenMS adapters and tokenises it for the encoder.
#include "core/Spectrum.h"
#include "core/SpectrumValidation.h"
#include "core/model/SpectrumEncoder.h"

#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/String.h>

namespace OpenMS
{
  struct SpectrumInput
  {
    std::vector<SpecEmbedding::Spectrum> spectra;   ///< every MS2 spectrum of the file, in file order
    SpecEmbedding::TokenizedSpectra tokenized;      ///< the usable ones

    /// The usable spectra, parallel to tokenized.tokens.
    std::vector<SpecEmbedding::Spectrum> usableSpectra() const;
  };

  /// Reads the MS2 spectra of an MSP, MGF or mzML file as core spectra, in file order.
  std::vector<SpecEmbedding::Spectrum> loadCoreSpectra(const String& filename);

  /// Reads MSP, MGF or mzML (MS2 only) and tokenises. Logs counts and skipped spectra by reason.
  SpectrumInput loadSpectrumInput(const String& filename, const SpecEmbedding::Tokenizer& tokenizer,
                                  SpecEmbedding::InvalidSpectrumPolicy policy);

  /// Embeds token sequences with progress reporting (raw encoder output, one row per sequence).
  torch::Tensor embedWithProgress(SpecEmbedding::SpectrumEncoder& encoder, const std::vector<SpecEmbedding::TokenSequence>& tokens,
                                  int batch_size, ProgressLogger::LogType log_type, const String& label);
}
