#include "SpectrumEmbedding.h"

#include "SettingParams.h"
#include "ShippedModels.h"
#include "SpectrumFiles.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/SYSTEM/StopWatch.h>

#include <algorithm>
#include <set>

namespace OpenMS
{
  namespace
  {
    /// "N spectra/s, T threads" of `spectra` embedded in the watch's time.
    String speed(size_t spectra, const StopWatch& watch)
    {
      return String(spectra / std::max(watch.getClockTime(), 1e-9)) + " spectra/s, " + String(torch::get_num_threads()) + " threads";
    }
  }

  SpectrumEmbedding::SpectrumEmbedding() : DefaultParamHandler("SpectrumEmbedding")
  {
    defaults_ = settingsToParam(SpecEmbedding::EmbeddingOptions::settings());
    defaultsToParam_();
  }

  void SpectrumEmbedding::updateMembers_()
  {
    options_ = settingsFromParam(SpecEmbedding::EmbeddingOptions::settings(), param_);
  }

  SpecEmbedding::LoadedModel SpectrumEmbedding::loadModel(const String& model_option, const String& queries) const
  {
    std::set<std::string> modes;
    if (model_option.empty() && severalShippedModels() && !queries.empty())
    {
      ReadReport report;
      readSpectra(queries, [&](MSSpectrum&& spectrum) { modes.insert(toCoreSpectrum(spectrum, 0).ion_mode); }, options_.invalid_spectra, report);
    }
    auto model = OpenMS::loadModel(model_option, modes);
    if (model.calibration.outdated_confidence)
    {
      OPENMS_LOG_WARN << "Warning: the model's confidence calibration is from an earlier version and is not used, so hits get no confidence: "
                         "recalibrate the model with SpecEmbeddingTrainer -calibrate." << std::endl;
    }
    const auto precision = SpecEmbedding::decidePrecision(options_.precision);
    model.encoder->setPrecision(precision.use);
    OPENMS_LOG_INFO << "Embedding precision: " << precision.message << "." << std::endl;
    return model;
  }

  size_t SpectrumEmbedding::embedBlocks(const String& file, Size map_index, SpecEmbedding::LoadedModel& model,
                                        const std::function<void(SearchedBlock&& block)>& process) const
  {
    const auto tokenizer = model.encoder->config().tokenizer();
    std::set<std::string> modes_seen;
    size_t without_mode = 0, embedded = 0;
    StopWatch watch;
    watch.start();
    const size_t read = readSpectrumBlocks(file, tokenizer, options_.invalid_spectra, static_cast<size_t>(options_.spectra_per_block),
                                           [&](SpectrumBlock&& spectra) {
      for (const auto& spectrum : spectra.spectra)
      {
        without_mode += spectrum.ion_mode.empty();
        if (!modes_seen.insert(spectrum.ion_mode).second || model.serves(spectrum.ion_mode)) continue;
        OPENMS_LOG_WARN << "Warning: the model was not trained on " << spectrum.ion_mode << "-mode spectra; expect lower accuracy for them." << std::endl;
      }
      SearchedBlock block;
      block.map_index = map_index;
      block.embeddings = model.encoder->embed(spectra.tokens, options_.spectra_per_batch);
      block.spectra = std::move(spectra.spectra);
      block.input_index = std::move(spectra.input_index);
      embedded += block.spectra.size();
      process(std::move(block));
      OPENMS_LOG_INFO << "Queries: " << embedded << " embedded and searched (" << speed(embedded, watch) << ")." << std::endl;
    });
    if (tokenizer.ionModeToken() && without_mode > 0)
    {
      OPENMS_LOG_WARN << "Warning: " << without_mode << " spectra of '" << file
                      << "' state no ion mode; the model, which reads the ion mode, treats them as positive-mode spectra." << std::endl;
    }
    return read;
  }

  torch::Tensor SpectrumEmbedding::embed(SpecEmbedding::SpectrumEncoder& encoder, const std::vector<SpecEmbedding::TokenSequence>& tokens,
                                         const String& label) const
  {
    startProgress(0, static_cast<SignedSize>(tokens.size()), label);
    StopWatch watch;
    watch.start();
    auto embeddings = encoder->embed(tokens, options_.spectra_per_batch, [&](size_t done) { setProgress(static_cast<SignedSize>(done)); });
    endProgress();
    OPENMS_LOG_INFO << "Embedded " << tokens.size() << " spectra in " << watch.getClockTime() << " s (" << speed(tokens.size(), watch) << ")."
                    << std::endl;
    return embeddings;
  }
}
