#include "LearnedScoring.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <map>

namespace SpecEmbedding
{
  LearnedScoring::LearnedScoring(const EmbeddingLibrary& library, const CandidateScorer& scorer, double fragment_tolerance)
    : features_(library, fragment_tolerance), scorer_(scorer)
  {
  }

  std::vector<float> LearnedScoring::features(const std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries,
                                              const torch::Tensor& query_raw_embeddings)
  {
    features_.prepare(hits);
    const auto units = torch::nn::functional::normalize(query_raw_embeddings.detach().to(torch::kCPU, torch::kFloat32),
                                                        torch::nn::functional::NormalizeFuncOptions().p(2).dim(1));
    std::vector<std::vector<float>> rows(hits.size());
    at::parallel_for(0, static_cast<int64_t>(hits.size()), 1, [&](int64_t begin, int64_t end) {
      for (int64_t q = begin; q < end; ++q) rows[q] = features_.rows(queries[q], units[q], hits[q]);
    });
    std::vector<float> all;
    for (const auto& query_rows : rows) all.insert(all.end(), query_rows.begin(), query_rows.end());
    return all;
  }

  void LearnedScoring::apply(std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries, const torch::Tensor& query_raw_embeddings,
                             double min_score)
  {
    const auto rows = features(hits, queries, query_raw_embeddings);
    const auto identity = scorer_.identityProbabilities(rows);
    const auto similarity = scorer_.similarity.predict(rows);
    size_t row = 0;
    for (auto& query_hits : hits)
    {
      double best_identity = -1.0;
      size_t best = query_hits.size();
      for (size_t i = 0; i < query_hits.size(); ++i, ++row)
      {
        auto& hit = query_hits[i];
        hit.predicted_similarity = similarity[row];
        if (hit.kind == HitKind::Analog)
        {
          hit.score = similarity[row];
          continue;
        }
        hit.score = identity[row];
        if (hit.score > best_identity || (hit.score == best_identity && hit.library_index < query_hits[best].library_index))
        {
          best_identity = hit.score;
          best = i;
        }
      }
      for (size_t i = 0; i < query_hits.size(); ++i)
      {
        if (query_hits[i].kind != HitKind::Analog) query_hits[i].confidence = scorer_.confidence(query_hits[i].score, i == best);
      }
      query_hits.erase(std::remove_if(query_hits.begin(), query_hits.end(), [&](const Hit& hit) { return hit.score < min_score; }), query_hits.end());
      // Identity (or unfiltered) hits first, then analog hits, each best first.
      std::stable_sort(query_hits.begin(), query_hits.end(), [](const Hit& a, const Hit& b) {
        const bool a_analog = a.kind == HitKind::Analog, b_analog = b.kind == HitKind::Analog;
        if (a_analog != b_analog) return b_analog;
        return a.score != b.score ? a.score > b.score : a.library_index < b.library_index;
      });
      std::map<HitKind, int> rank;
      for (auto& hit : query_hits) hit.rank = ++rank[hit.kind];
    }
  }
}
