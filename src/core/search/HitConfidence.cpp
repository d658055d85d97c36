#include "HitConfidence.h"

#include <algorithm>
#include <cmath>

namespace SpecEmbedding
{
  namespace
  {
    std::string compoundOf(const LibraryEntry& entry)
    {
      const auto key = entry.compoundKey();
      return key.empty() ? "#" + entry.id : key;
    }
  }

  int confidenceSearchDepth(const SearchParameters& parameters)
  {
    int depth = std::max(parameters.top_k, kConfidenceCandidates);
    if (parameters.hybrid()) depth = std::min(depth, parameters.rescoring_candidates);
    return std::max(depth, parameters.top_k);
  }

  std::vector<std::vector<double>> confidenceFeatures(const Spectrum& query, const std::vector<Hit>& query_hits, const EmbeddingLibrary& library)
  {
    const SpectralScorer scorer(SpectralScorer::Method::Entropy);
    const auto prepared_query = scorer.prepare(peakListOf(query));
    std::vector<std::string> compounds;
    std::vector<double> spectral;
    std::vector<size_t> candidates; // indices into query_hits
    for (size_t i = 0; i < query_hits.size(); ++i)
    {
      const auto& hit = query_hits[i];
      compounds.push_back(compoundOf(library.entry(hit.library_index)));
      spectral.push_back(hit.kind == HitKind::Analog ? 0.0 : scorer.score(prepared_query, scorer.prepare(library.peaks(hit.library_index))));
      if (hit.kind != HitKind::Analog && candidates.size() < static_cast<size_t>(kConfidenceCandidates)) candidates.push_back(i);
    }
    std::vector<std::vector<double>> features(query_hits.size());
    for (size_t i = 0; i < query_hits.size(); ++i)
    {
      const auto& hit = query_hits[i];
      if (hit.kind == HitKind::Analog) continue;
      double best_other = -1.0, best_other_spectral = 0.0;
      size_t same = 0;
      for (const size_t c : candidates)
      {
        if (compounds[c] == compounds[i])
        {
          ++same;
          continue;
        }
        best_other = std::max(best_other, query_hits[c].score);
        best_other_spectral = std::max(best_other_spectral, spectral[c]);
      }
      const double difference = std::isnan(hit.mass_difference) ? 100.0 : std::abs(hit.mass_difference);
      features[i] = {hit.score,
                     hit.score - best_other,
                     std::log1p(difference / 0.01),
                     static_cast<double>(same) / static_cast<double>(std::max<size_t>(candidates.size(), 1)),
                     spectral[i],
                     spectral[i] - best_other_spectral};
    }
    return features;
  }
}
