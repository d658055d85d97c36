#include "FeatureHits.h"

#include <algorithm>

namespace SpecEmbedding
{
  const SettingTable<FeatureHitsOptions>& FeatureHitsOptions::settings()
  {
    static const SettingTable<FeatureHitsOptions> table = {
      numberSetting("feature_top_k", &FeatureHitsOptions::top_k, "With -in_features: best compounds reported per feature.", 1),
    };
    return table;
  }

  FeatureHits::FeatureHits(size_t features) : spectra_(features, 0), candidates_(features) {}

  void FeatureHits::add(size_t feature, const std::vector<Hit>& spectrum_hits, const EmbeddingLibrary& library,
                        const SpectrumReference& spectrum)
  {
    ++spectra_.at(feature);
    auto& candidates = candidates_[feature];
    bool first = true;
    for (const auto& hit : spectrum_hits)
    {
      if (hit.kind == HitKind::Analog) continue;
      const auto& entry = library.entry(hit.library_index);
      std::string compound = entry.compoundKey();
      if (compound.empty()) compound = "#" + std::to_string(hit.library_index);
      auto candidate = std::find_if(candidates.begin(), candidates.end(), [&](const Candidate& c) { return c.compound == compound; });
      if (candidate == candidates.end())
      {
        candidates.push_back({compound, {hit, spectrum, 0}});
        candidate = candidates.end() - 1;
      }
      else if (hit.score > candidate->best.hit.score)
      {
        candidate->best.hit = hit;
        candidate->best.spectrum = spectrum;
      }
      candidate->best.agreeing_spectra += first;
      first = false;
    }
  }

  std::vector<FeatureHit> FeatureHits::best(size_t feature, size_t top_k) const
  {
    std::vector<FeatureHit> hits;
    for (const auto& candidate : candidates_.at(feature)) hits.push_back(candidate.best);
    std::sort(hits.begin(), hits.end(), [](const FeatureHit& a, const FeatureHit& b) {
      if (a.hit.score != b.hit.score) return a.hit.score > b.hit.score;
      if (a.agreeing_spectra != b.agreeing_spectra) return a.agreeing_spectra > b.agreeing_spectra;
      return a.hit.library_index < b.hit.library_index;
    });
    if (hits.size() > top_k) hits.resize(top_k);
    for (size_t i = 0; i < hits.size(); ++i) hits[i].hit.rank = static_cast<int>(i + 1);
    return hits;
  }
}
