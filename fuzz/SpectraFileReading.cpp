#include "SpectraFileReading.h"

#include "FuzzInput.h"
#include "core/Errors.h"
#include "core/SpectrumTokenization.h"
#include "openms/LibraryRecords.h"
#include "openms/SpectrumFiles.h"

namespace SpecEmbeddingFuzz
{
  void readSpectraFile(const std::string& path)
  {
    // With the ion-mode token, negative spectra take their own branch of the tokenizer.
    static const SpecEmbedding::Tokenizer tokenizer(100, true);
    for (const auto policy : {SpecEmbedding::InvalidSpectrumPolicy::Error, SpecEmbedding::InvalidSpectrumPolicy::Skip})
    {
      try
      {
        std::vector<SpecEmbedding::Spectrum> spectra;
        OpenMS::ReadReport report;
        OpenMS::readSpectra(
          path, [&](OpenMS::MSSpectrum&& spectrum) { spectra.push_back(OpenMS::toCoreSpectrum(spectrum, spectra.size())); }, policy,
          report);
        SpecEmbedding::tokenizeSpectra(spectra, tokenizer, policy, path);
      }
      catch (const SpecEmbedding::InputError&)
      {
      }
      catch (const std::exception& error)
      {
        undocumentedError(error);
      }
    }
  }
}
