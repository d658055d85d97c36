#pragma once
// Which of a search's hits are reported: each query's best top_k.
#include "../Hit.h"

#include <vector>

namespace SpecEmbedding
{
  /// Keeps each query's top_k best identity (or unfiltered) hits and all its analog hits.
  void keepBestHits(std::vector<std::vector<Hit>>& hits, int top_k);
}
