#pragma once
// Embedding the spectra of a file as an OpenMS algorithm: the embedding settings as parameters
// (DefaultParamHandler), the choice of the model for the queries, and the queries streamed block by block.
#include "SearchedBlock.h"
#include "core/io/ModelFile.h"
#include "core/model/EmbeddingOptions.h"

#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/DefaultParamHandler.h>

#include <functional>

namespace OpenMS
{
  class SpectrumEmbedding : public DefaultParamHandler, public ProgressLogger
  {
  public:
    SpectrumEmbedding();

    /// The settings, as of the last setParameters().
    const SpecEmbedding::EmbeddingOptions& options() const { return options_; }

    /// The model for the queries in `queries`: `model_option`, or the shipped model that serves their ion modes
    /// (read from the file only when the shipped models differ in the modes they serve; the default model when
    /// `queries` is empty), set to embed in the precision this CPU runs fast, which the log names.
    SpecEmbedding::LoadedModel loadModel(const String& model_option, const String& queries) const;

    /// Reads the spectra of `file` as a stream, in blocks of spectra_per_block spectra, and hands each block of
    /// usable spectra with their raw embeddings to process (map_index set); memory does not grow with the file.
    /// Warns once per ion mode the model was not trained on, and logs the speed. Returns the number of MS2
    /// spectra read.
    size_t embedBlocks(const String& file, Size map_index, SpecEmbedding::LoadedModel& model,
                       const std::function<void(SearchedBlock&& block)>& process) const;

    /// The raw embeddings of token sequences, with progress under `label` and the speed in the log.
    torch::Tensor embed(SpecEmbedding::SpectrumEncoder& encoder, const std::vector<SpecEmbedding::TokenSequence>& tokens, const String& label) const;

  protected:
    void updateMembers_() override;

  private:
    SpecEmbedding::EmbeddingOptions options_;
  };
}
