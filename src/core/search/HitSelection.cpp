#include "HitSelection.h"

#include <algorithm>
#include <map>

namespace SpecEmbedding
{
  void removeDecoyHits(std::vector<std::vector<Hit>>& hits, const EmbeddingLibrary& library)
  {
    for (auto& query_hits : hits)
    {
      query_hits.erase(std::remove_if(query_hits.begin(), query_hits.end(), [&](const Hit& hit) { return library.isDecoy(hit.library_index); }),
                       query_hits.end());
      std::map<HitKind, int> rank;
      for (auto& hit : query_hits) hit.rank = ++rank[hit.kind];
    }
  }

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
