#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace SpecEmbedding
{
  struct HitRatio
  {
    double ratio = 0.0; ///< hits / queries; NaN without queries
    size_t queries = 0;
  };

  /// Top-1 hit ratio of the "replicate" protocol within one set of spectra: every compound with
  /// at least two spectra gives one query (a spectrum chosen from the seed), searched by cosine
  /// similarity against all the other spectra; a hit when the best one is of the same compound.
  /// embeddings: [spectra, dim]; compound_of_row: the compound of each row. distractors: when
  /// defined, [spectra, dim] of other compounds added to the library (never a hit), which makes
  /// the protocol a large-library search. With groups (of the rows, and of the distractors' rows), a
  /// query only meets spectra of its own group: the ion mode, as the search tools filter by it.
  HitRatio replicateTopOneHitRatio(const torch::Tensor& embeddings, const std::vector<size_t>& compound_of_row, uint64_t seed,
                                   const torch::Tensor& distractors = {}, const std::vector<int>& group_of_row = {},
                                   const std::vector<int>& group_of_distractor = {});
}
