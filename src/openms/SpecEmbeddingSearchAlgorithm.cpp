#include "SpecEmbeddingSearchAlgorithm.h"

#include "SettingParams.h"

namespace OpenMS
{
  SpecEmbeddingSearchAlgorithm::SpecEmbeddingSearchAlgorithm() : DefaultParamHandler("SpecEmbeddingSearchAlgorithm")
  {
    defaults_ = settingsToParam(SpecEmbedding::SearchParameters::settings());
    defaultsToParam_();
  }

  void SpecEmbeddingSearchAlgorithm::updateMembers_()
  {
    parameters_ = settingsFromParam(SpecEmbedding::SearchParameters::settings(), param_);
  }

  std::vector<std::vector<SpecEmbedding::Hit>> SpecEmbeddingSearchAlgorithm::search(const torch::Tensor& query_raw_embeddings,
                                                                                    const std::vector<SpecEmbedding::Spectrum>& queries,
                                                                                    const SpecEmbedding::EmbeddingLibrary& library,
                                                                                    int top_k) const
  {
    auto parameters = parameters_;
    parameters.top_k = top_k;
    startProgress(0, static_cast<SignedSize>(queries.size()), "searching the library");
    auto hits = SpecEmbedding::searchLibrary(query_raw_embeddings, queries, library, parameters,
                                             [&](size_t done) { setProgress(static_cast<SignedSize>(done)); });
    endProgress();
    return hits;
  }
}
