#pragma once
// Which of a search's hits are reported: not the decoys, and each query's best top_k.
#include "../Hit.h"
#include "EmbeddingLibrary.h"

#include <vector>

namespace SpecEmbedding
{
  /// Removes the decoy hits (EmbeddingLibrary::isDecoy) and numbers each query's remaining hits of each kind
  /// from rank 1 again.
  void removeDecoyHits(std::vector<std::vector<Hit>>& hits, const EmbeddingLibrary& library);

  /// Keeps each query's top_k best identity (or unfiltered) hits and all its analog hits.
  void keepBestHits(std::vector<std::vector<Hit>>& hits, int top_k);
}
