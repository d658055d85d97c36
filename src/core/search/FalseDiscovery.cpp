#include "FalseDiscovery.h"

#include "../Errors.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <numeric>

namespace SpecEmbedding
{
  QValueCurve::QValueCurve(const std::vector<double>& scores, const std::vector<bool>& decoy)
  {
    if (scores.size() != decoy.size()) throw ParameterError("q-values need one decoy flag per score");
    // A decoy best hit stands for a false target hit: it counts as false, but not as accepted.
    std::map<double, std::pair<double, double>, std::greater<double>> counts;
    for (size_t i = 0; i < scores.size(); ++i) (decoy[i] ? counts[scores[i]].second : counts[scores[i]].first) += 1.0;
    build(counts);
  }

  QValueCurve QValueCurve::fromConfidences(const std::vector<double>& confidences)
  {
    std::map<double, std::pair<double, double>, std::greater<double>> counts;
    for (const double confidence : confidences)
    {
      if (!std::isfinite(confidence)) continue;
      auto& count = counts[confidence];
      count.first += 1.0;
      count.second += 1.0 - confidence;
    }
    QValueCurve curve;
    curve.build(counts);
    return curve;
  }

  void QValueCurve::build(const std::map<double, std::pair<double, double>, std::greater<double>>& counts)
  {
    double accepted = 0.0, false_ones = 0.0;
    for (const auto& [score, count] : counts)
    {
      accepted += count.first;
      false_ones += count.second;
      thresholds_.push_back(score);
      q_.push_back(accepted > 0.0 ? std::min(1.0, false_ones / accepted) : 1.0);
    }
    for (size_t i = q_.size(); i-- > 1;) q_[i - 1] = std::min(q_[i - 1], q_[i]);
  }

  double QValueCurve::operator()(double score) const
  {
    if (thresholds_.empty() || std::isnan(score)) return 1.0;
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

  const SettingTable<QValueOptions>& QValueOptions::settings()
  {
    using O = QValueOptions;
    static const SettingTable<O> table = {
      enumSetting("q_values", &O::method,
                  "How hits get q-values, the lowest false discovery rate at which each is accepted (all hits are then held until "
                  "every query is searched): confidence (from the model's calibrated confidence of the queries' best hits: the "
                  "estimated FDR of the hits accepted is the mean of 1 - confidence over them, Kall et al., J Proteome Res 2008; "
                  "measured closest to the true FDR in open-world search, bench/open_world.sh), target_decoy (competition against "
                  "the library's decoys; not with learned search, whose scorer ranks decoys too low), none, or auto: with a library with "
                  "decoys target_decoy (confidence in learned search), else none."),
      numberSetting("fdr", &O::fdr, "Keep only hits with a q-value up to this (needs q_values); 1: keep all.", 0.0, 1.0),
    };
    return table;
  }

  void QValueOptions::validate() const
  {
    validateSettings(settings(), *this);
    if (fdr < 1.0 && method == QValueMethod::None)
    {
      throw ParameterError("-fdr needs q-values: set -q_values confidence, or target_decoy with a library with decoys (-decoys)");
    }
  }

  QValueMethod QValueOptions::resolve(bool with_decoys) const
  {
    validate();
    const auto resolved = method == QValueMethod::Auto ? (with_decoys ? QValueMethod::TargetDecoy : QValueMethod::None) : method;
    if (resolved == QValueMethod::TargetDecoy && !with_decoys)
    {
      throw ParameterError("-q_values target_decoy needs decoys, and the library has none: embed it with -decoys");
    }
    if (fdr < 1.0 && resolved == QValueMethod::None)
    {
      throw ParameterError("-fdr needs q-values: set -q_values confidence, or target_decoy with a library with decoys (-decoys)");
    }
    return resolved;
  }

  void assignQValues(std::vector<Hit>& query_hits, const QValueCurve& curve, bool by_score, double fdr)
  {
    double best_q = 0.0;
    for (auto& hit : query_hits)
    {
      if (hit.kind == HitKind::Analog) continue;
      hit.q_value = std::max(best_q, curve(by_score ? hit.score : hit.confidence));
      if (hit.rank == 1) best_q = hit.q_value;
    }
    query_hits.erase(std::remove_if(query_hits.begin(), query_hits.end(), [&](const Hit& hit) { return hit.q_value > fdr; }), query_hits.end());
  }
}
