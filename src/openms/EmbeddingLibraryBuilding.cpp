#include "EmbeddingLibraryBuilding.h"

#include "SettingParams.h"
#include "ShippedModels.h"
#include "SpectrumFiles.h"
#include "core/search/DecoySpectra.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/SYSTEM/File.h>
#include <OpenMS/SYSTEM/StopWatch.h>

#include <algorithm>

namespace OpenMS
{
  EmbeddingLibraryBuilding::EmbeddingLibraryBuilding() : DefaultParamHandler("EmbeddingLibraryBuilding")
  {
    defaults_ = settingsToParam(SpecEmbedding::LibraryBuildOptions::settings());
    defaultsToParam_();
  }

  void EmbeddingLibraryBuilding::updateMembers_()
  {
    options_ = settingsFromParam(SpecEmbedding::LibraryBuildOptions::settings(), param_);
  }

  bool EmbeddingLibraryBuilding::isEmbeddingLibrary(const String& database)
  {
    return String(File::basename(database)).toLower().hasSuffix(String(".") + kExtension);
  }

  SpecEmbedding::EmbeddingLibrary EmbeddingLibraryBuilding::load(const String& database, SpecEmbedding::LoadedModel& model,
                                                                 const SpectrumEmbedding& embedding, bool approximate_index) const
  {
    options_.validate();
    StopWatch watch;
    watch.start();
    if (isEmbeddingLibrary(database))
    {
      const auto check = options_.verify ? SpecEmbedding::LibraryCheck::Checksum : SpecEmbedding::LibraryCheck::Structure;
      auto library = SpecEmbedding::EmbeddingLibrary::load(database, check);
      library.requireModel(model.weights_sha256, database);
      if (options_.decoys && library.decoyCount() == 0)
      {
        throw SpecEmbedding::ParameterError("the embedding library '" + database + "' has no decoys: embed its spectral library again with -decoys");
      }
      OPENMS_LOG_INFO << "Loaded the embedding library '" << database << "': " << library.size() - library.decoyCount() << " spectra"
                      << (library.decoyCount() ? " and " + String(library.decoyCount()) + " decoys" : String()) << ", "
                      << (library.precision() == torch::kFloat16 ? "float16" : "float32") << " embeddings, in " << watch.getClockTime() << " s"
                      << (options_.verify ? ", checksum verified" : ", memory-mapped") << "." << std::endl;
      return library;
    }
    // Streamed block by block: a shard job keeps only its own spectra, so its memory follows the shard's size.
    const auto tokenizer = model.encoder->config().tokenizer();
    const auto& settings = embedding.options();
    const auto shards = static_cast<size_t>(options_.shards), shard = static_cast<size_t>(options_.shard);
    std::vector<SpecEmbedding::Spectrum> spectra;
    std::vector<torch::Tensor> block_embeddings;
    size_t usable = 0;
    startProgress(0, 0, "embedding the library"); // the count is unknown until the file is read
    readSpectrumBlocks(database, tokenizer, settings.invalid_spectra, static_cast<size_t>(settings.spectra_per_block), [&](SpectrumBlock&& block) {
      std::vector<SpecEmbedding::TokenSequence> tokens;
      for (size_t i = 0; i < block.spectra.size(); ++i, ++usable)
      {
        if (usable % shards != shard) continue;
        spectra.push_back(std::move(block.spectra[i]));
        tokens.push_back(std::move(block.tokens[i]));
      }
      if (tokens.empty()) return;
      block_embeddings.push_back(model.encoder->embed(tokens, settings.spectra_per_batch));
      setProgress(static_cast<SignedSize>(spectra.size()));
    });
    endProgress();
    const double seconds = watch.getClockTime();
    OPENMS_LOG_INFO << "Embedded " << spectra.size() << " library spectra in " << seconds << " s ("
                    << spectra.size() / std::max(seconds, 1e-9) << " spectra/s, " << torch::get_num_threads() << " threads)"
                    << (shards > 1 ? ": shard " + String(shard) + " of " + String(shards) + ", every " + String(shards) + "th of the " +
                                       String(usable) + " usable spectra"
                                   : String())
                    << "." << std::endl;
    auto embeddings = block_embeddings.empty() ? torch::empty({0, model.encoder->config().outputDim()}) : torch::cat(block_embeddings);
    size_t decoys = 0;
    if (options_.decoys)
    {
      auto decoy_spectra = SpecEmbedding::makeDecoys(spectra, options_.decoy_method);
      const auto decoy_tokens = SpecEmbedding::tokenizeSpectra(decoy_spectra, tokenizer, SpecEmbedding::InvalidSpectrumPolicy::Skip, "decoys");
      OPENMS_LOG_INFO << "Made " << decoy_tokens.tokens.size() << " decoy spectra (" << SpecEmbedding::toString(options_.decoy_method) << ")."
                      << std::endl;
      embeddings = torch::cat({embeddings, embedding.embed(model.encoder, decoy_tokens.tokens, "embedding the decoys")});
      for (const size_t i : decoy_tokens.indices) spectra.push_back(std::move(decoy_spectra[i]));
      decoys = decoy_tokens.tokens.size();
    }
    // A shard's compounds would be those of its part: the joined library finds its own.
    auto library = SpecEmbedding::EmbeddingLibrary::build(spectra, embeddings, model.weights_sha256, decoys, options_.scalarType());
    return indexed_(shards == 1 ? compounds_(library) : std::move(library), approximate_index && shards == 1);
  }

  SpecEmbedding::EmbeddingLibrary EmbeddingLibraryBuilding::merge(const StringList& shards, const String& model_option, bool approximate_index) const
  {
    std::vector<SpecEmbedding::EmbeddingLibrary> libraries;
    std::vector<std::string> names;
    for (const auto& shard : shards)
    {
      libraries.push_back(SpecEmbedding::EmbeddingLibrary::load(shard, SpecEmbedding::LibraryCheck::Checksum));
      names.push_back(shard);
    }
    if (!model_option.empty()) libraries.front().requireModel(loadModel(model_option).weights_sha256, shards.front());
    return indexed_(compounds_(SpecEmbedding::EmbeddingLibrary::merge(libraries, names)), approximate_index);
  }

  SpecEmbedding::EmbeddingLibrary EmbeddingLibraryBuilding::compounds_(const SpecEmbedding::EmbeddingLibrary& library) const
  {
    StopWatch watch;
    watch.start();
    auto with_compounds = library.withCompounds();
    const auto& compounds = with_compounds.compounds();
    OPENMS_LOG_INFO << "Library compounds: " << compounds.size() << " (" << library.decoyCount() << " of them decoys), "
                    << (compounds.hasNeighbours() ? "with" : "without") << " their nearest neighbours by structure, in " << watch.getClockTime()
                    << " s." << std::endl;
    return with_compounds;
  }

  SpecEmbedding::EmbeddingLibrary EmbeddingLibraryBuilding::indexed_(SpecEmbedding::EmbeddingLibrary library, bool approximate_index) const
  {
    if (!approximate_index) return library;
    const auto lists = SpecEmbedding::ApproximateIndex::defaultLists(static_cast<int64_t>(library.size()));
    StopWatch watch;
    watch.start();
    auto indexed = library.withApproximateIndex(lists);
    OPENMS_LOG_INFO << "Built the approximate search index: " << indexed.approximateIndex().lists() << " lists (FAISS k-means) in "
                    << watch.getClockTime() << " s." << std::endl;
    return indexed;
  }
}
