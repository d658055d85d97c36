#pragma once
// Library search as an OpenMS algorithm: the core search's settings as parameters (DefaultParamHandler),
// cached in updateMembers_() as OpenMS's algorithm classes do, with OpenMS progress around the search.
#include "core/search/LibrarySearch.h"

#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/DefaultParamHandler.h>

namespace OpenMS
{
  class SpecEmbeddingSearchAlgorithm : public DefaultParamHandler, public ProgressLogger
  {
  public:
    SpecEmbeddingSearchAlgorithm();

    /// The search settings, as of the last setParameters().
    const SpecEmbedding::SearchParameters& searchParameters() const { return parameters_; }

    /// Throws SpecEmbedding::ParameterError for settings that cannot work: call it before long work.
    void validateParameters() const { parameters_.validate(); }

    /// Hits per query, best first, at most top_k each; Hit::query_index is the position in queries.
    std::vector<std::vector<SpecEmbedding::Hit>> search(const torch::Tensor& query_raw_embeddings,
                                                        const std::vector<SpecEmbedding::Spectrum>& queries,
                                                        const SpecEmbedding::EmbeddingLibrary& library, int top_k) const;

  protected:
    void updateMembers_() override;

  private:
    SpecEmbedding::SearchParameters parameters_;
  };
}
