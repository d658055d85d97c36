#include "SpectrumInput.h"

#include "SpectrumFileLoader.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/KERNEL/MSExperiment.h>

#include <chrono>

namespace OpenMS
{
  std::vector<SpecEmbedding::Spectrum> SpectrumInput::usableSpectra() const
  {
    std::vector<SpecEmbedding::Spectrum> usable;
    usable.reserve(tokenized.indices.size());
    for (size_t index : tokenized.indices) usable.push_back(spectra[index]);
    return usable;
  }

  std::vector<SpecEmbedding::Spectrum> loadCoreSpectra(const String& filename)
  {
    PeakMap experiment;
    loadSpectra(filename, experiment);
    return toCoreSpectra(experiment);
  }

  SpectrumInput loadSpectrumInput(const String& filename, const SpecEmbedding::Tokenizer& tokenizer,
                                  SpecEmbedding::InvalidSpectrumPolicy policy)
  {
    SpectrumInput input;
    input.spectra = loadCoreSpectra(filename);
    input.tokenized = SpecEmbedding::tokenizeSpectra(input.spectra, tokenizer, policy, filename);
    OPENMS_LOG_INFO << "Read " << input.spectra.size() << " MS2 spectra from '" << filename << "', "
                    << input.tokenized.indices.size() << " usable." << std::endl;
    for (const auto& [reason, count] : input.tokenized.skipped)
    {
      OPENMS_LOG_WARN << "Skipped " << count << " spectra of '" << filename << "': " << reason << std::endl;
    }
    return input;
  }

  torch::Tensor embedWithProgress(SpecEmbedding::SpectrumEncoder& encoder, const std::vector<SpecEmbedding::TokenSequence>& tokens,
                                  int batch_size, ProgressLogger::LogType log_type, const String& label)
  {
    ProgressLogger progress;
    progress.setLogType(log_type);
    progress.startProgress(0, static_cast<SignedSize>(tokens.size()), label);
    const auto start = std::chrono::steady_clock::now();
    auto embeddings = encoder->embed(tokens, batch_size, [&](size_t done) { progress.setProgress(static_cast<SignedSize>(done)); });
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    progress.endProgress();
    OPENMS_LOG_INFO << "Embedded " << tokens.size() << " spectra in " << seconds.count() << " s ("
                    << tokens.size() / std::max(seconds.count(), 1e-9) << " spectra/s, " << torch::get_num_threads() << " threads)." << std::endl;
    return embeddings;
  }
}
