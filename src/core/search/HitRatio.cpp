#include "HitRatio.h"

#include "../Errors.h"

#include <algorithm>
#include <limits>
#include <unordered_set>

namespace SpecEmbedding
{
  HitRatios computeHitRatios(const std::vector<std::vector<Hit>>& hits, const std::vector<std::string>& query_keys,
                             const std::vector<std::string>& library_keys, const std::string& library_name)
  {
    if (hits.size() != query_keys.size()) throw std::invalid_argument("hit ratios need one hit list per query key");
    const std::unordered_set<std::string> library_compounds(library_keys.begin(), library_keys.end());
    if (std::none_of(library_keys.begin(), library_keys.end(), [](const std::string& key) { return !key.empty(); }))
    {
      throw InputError("library '" + library_name + "' has no InChIKeys: cannot evaluate");
    }

    HitRatios ratios;
    size_t found_within[3] = {0, 0, 0};
    constexpr int kDepths[3] = {1, 5, 10};
    for (size_t q = 0; q < hits.size(); ++q)
    {
      const auto& key = query_keys[q];
      if (key.empty())
      {
        ++ratios.skipped;
        continue;
      }
      ++ratios.evaluated;
      ratios.in_library += library_compounds.count(key);
      // The first rank at which the right compound appears.
      int first_rank = std::numeric_limits<int>::max();
      for (const auto& hit : hits[q])
      {
        if (hit.library_index >= library_keys.size()) throw std::out_of_range("hit names library entry " + std::to_string(hit.library_index) + " beyond the library");
        if (hit.kind == HitKind::Analog) continue; // ranked among the analogs, not an identification
        if (library_keys[hit.library_index] == key) first_rank = std::min(first_rank, hit.rank);
      }
      for (int d = 0; d < 3; ++d) found_within[d] += first_rank <= kDepths[d];
    }
    const auto share = [&](size_t found) { return ratios.evaluated ? static_cast<double>(found) / ratios.evaluated : std::numeric_limits<double>::quiet_NaN(); };
    ratios.top1 = share(found_within[0]);
    ratios.top5 = share(found_within[1]);
    ratios.top10 = share(found_within[2]);
    return ratios;
  }

  HitRatios computeHitRatios(const std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries,
                             const EmbeddingLibrary& library, const std::string& library_name)
  {
    std::vector<std::string> query_keys, library_keys;
    for (const auto& query : queries) query_keys.push_back(query.compoundKey());
    for (size_t i = 0; i < library.size(); ++i) library_keys.push_back(library.entry(i).compoundKey());
    return computeHitRatios(hits, query_keys, library_keys, library_name);
  }
}
