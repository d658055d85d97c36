#pragma once
// How the tools embed the spectra of a file: the settings every tool that embeds spectra shares.
#include "../Settings.h"
#include "../SpectrumTokenization.h"
#include "Precision.h"

#include <cstdint>

namespace SpecEmbedding
{
  struct EmbeddingOptions
  {
    Precision precision = Precision::Float32; ///< of the encoder's matrix products (decidePrecision falls back where it would not pay)
    InvalidSpectrumPolicy invalid_spectra = InvalidSpectrumPolicy::Error;
    int64_t spectra_per_batch = 64;   ///< spectra embedded in one forward pass
    int64_t spectra_per_block = 4096; ///< query spectra read, embedded and searched together

    /// The user settings (TOPP parameters of the tools that embed spectra).
    static const SettingTable<EmbeddingOptions>& settings();
  };
}
