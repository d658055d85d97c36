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
}
