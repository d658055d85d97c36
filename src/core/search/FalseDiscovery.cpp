#include "FalseDiscovery.h"

#include "../Errors.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <numeric>

namespace SpecEmbedding
{
  QValueCurve::QValueCurve(const std::vector<double>& scores, const std::vector<bool>& decoy)
  {
    if (scores.size() != decoy.size()) throw ParameterError("q-values need one decoy flag per score");
    std::map<double, std::pair<size_t, size_t>, std::greater<double>> counts; // score -> (targets, decoys)
    for (size_t i = 0; i < scores.size(); ++i) (decoy[i] ? counts[scores[i]].second : counts[scores[i]].first) += 1;
    size_t targets = 0, decoys = 0;
    for (const auto& [score, count] : counts)
    {
      targets += count.first;
      decoys += count.second;
      thresholds_.push_back(score);
      q_.push_back(targets > 0 ? std::min(1.0, static_cast<double>(decoys) / static_cast<double>(targets)) : 1.0);
    }
    for (size_t i = q_.size(); i-- > 1;) q_[i - 1] = std::min(q_[i - 1], q_[i]);
  }

  double QValueCurve::operator()(double score) const
  {
    if (thresholds_.empty()) return 1.0;
    // The group whose threshold accepts the score with the fewest others: its own, else that of the lowest
    // threshold above it (the highest one for a score above all); q_ then holds the lowest FDR from there down.
    const auto above = static_cast<size_t>(std::lower_bound(thresholds_.begin(), thresholds_.end(), score, std::greater<double>()) -
                                           thresholds_.begin());
    const bool own = above < thresholds_.size() && thresholds_[above] == score;
    return q_[own || above == 0 ? above : above - 1];
  }

  std::vector<double> targetDecoyQValues(const std::vector<double>& scores, const std::vector<bool>& decoy)
  {
    const QValueCurve curve(scores, decoy);
    std::vector<double> q;
    for (const double score : scores) q.push_back(curve(score));
    return q;
  }

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
}
