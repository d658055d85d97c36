#include "HitSelection.h"

namespace SpecEmbedding
{
  void keepBestHits(std::vector<std::vector<Hit>>& hits, int top_k, int analog_hits)
  {
    for (auto& query_hits : hits)
    {
      std::vector<Hit> kept;
      int best = 0, best_analogs = 0;
      for (auto& hit : query_hits)
      {
        const bool analog = hit.kind == HitKind::Analog;
        if (analog ? analog_hits < 0 || best_analogs++ < analog_hits : best++ < top_k) kept.push_back(std::move(hit));
      }
      query_hits = std::move(kept);
    }
  }
}
