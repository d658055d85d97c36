#pragma once
// The best library hits of queries whose compounds are not in the library: what analog search returns.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace SpecEmbedding
{
  struct AnalogHits
  {
    torch::Tensor cosine; ///< [queries, k] float, best first
    torch::Tensor index;  ///< [queries, k] int64 library rows
  };

  /// The k library rows of highest cosine for every query row, among those of the query's group (ion mode).
  /// Embeddings need not be normalised; k is at most the library size.
  AnalogHits bestAnalogHits(const torch::Tensor& queries, const std::vector<int>& query_groups, const torch::Tensor& library,
                            const std::vector<int>& library_groups, int64_t k);
}
