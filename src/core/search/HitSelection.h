#pragma once
// Which of a search's hits are reported: each query's best top_k.
#include "../Hit.h"

#include <vector>

namespace SpecEmbedding
{
  /// Keeps each query's top_k best identity (or unfiltered) hits and its analog_hits best analog hits (all of
  /// them where analog_hits is negative); each kind best first.
  void keepBestHits(std::vector<std::vector<Hit>>& hits, int top_k, int analog_hits = -1);
}
