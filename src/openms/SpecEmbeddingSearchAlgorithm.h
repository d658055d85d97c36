#pragma once
// Library search as an OpenMS algorithm: its parameters (DefaultParamHandler) mapped onto the core search.
#include "core/search/LibrarySearch.h"

#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/DefaultParamHandler.h>

namespace OpenMS
{
  class SpecEmbeddingSearchAlgorithm : public DefaultParamHandler, public ProgressLogger
  {
  public:
    SpecEmbeddingSearchAlgorithm();

    SpecEmbedding::SearchParameters searchParameters() const;

    /// Hits per query, best first; Hit::query_index is the position in queries.
    std::vector<std::vector<SpecEmbedding::Hit>> search(const torch::Tensor& query_raw_embeddings,
                                                        const std::vector<SpecEmbedding::Spectrum>& queries,
                                                        const SpecEmbedding::EmbeddingLibrary& library) const;
  };
}
