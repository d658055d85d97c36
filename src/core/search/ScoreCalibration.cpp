#include "ScoreCalibration.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace SpecEmbedding
{
  void applyCalibration(std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries, const EmbeddingLibrary& library,
                        const ModelCalibration& calibration, bool hybrid)
  {
    const auto& confidence = hybrid ? calibration.hybrid_confidence : calibration.confidence;
    // Queries in parallel: the confidence features score the peaks of each query's candidates.
    at::parallel_for(0, static_cast<int64_t>(hits.size()), 16, [&](int64_t begin, int64_t end) {
      for (int64_t q = begin; q < end; ++q)
      {
        auto& query_hits = hits[q];
        for (auto& hit : query_hits)
        {
          if (hit.kind != HitKind::Analog) continue;
          const bool by_peaks = std::isfinite(hit.spectral_score);
          const auto& map = by_peaks ? calibration.analog_spectral_similarity : calibration.analog_similarity;
          if (map) hit.predicted_similarity = (*map)(by_peaks ? hit.spectral_score : hit.embedding_score);
        }
        if (!confidence) continue;
        const auto features = confidenceFeatures(queries.at(q), query_hits, library);
        for (size_t i = 0; i < query_hits.size(); ++i)
        {
          if (query_hits[i].kind != HitKind::Analog) query_hits[i].confidence = (*confidence)(features[i], query_hits[i].rank);
        }
      }
    });
  }
}
