#include "HitSelection.h"

namespace SpecEmbedding
{
  void keepBestHits(std::vector<std::vector<Hit>>& hits, int top_k)
  {
    for (auto& query_hits : hits)
    {
      std::vector<Hit> kept;
      int best = 0;
      for (auto& hit : query_hits)
      {
        if (hit.kind == HitKind::Analog || best++ < top_k) kept.push_back(std::move(hit));
      }
      query_hits = std::move(kept);
    }
  }
}
