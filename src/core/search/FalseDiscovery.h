#pragma once
// False discovery rates of library hits by target-decoy competition.
#include "EmbeddingLibrary.h"
#include "LibrarySearch.h"

#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace SpecEmbedding
{
  /// q-values of hits: the lowest estimated false discovery rate (FDR) of a score threshold that accepts
  /// the hit, over the queries' best hits. Equal scores are accepted together.
  class QValueCurve
  {
  public:
    /// By target-decoy competition (Elias & Gygi, Nat Methods 2007; for spectral libraries Scheubert et al.,
    /// Nat Commun 2017), from each query's best hit over the target and the decoy library: scores[i], a decoy
    /// hit where decoy[i]. Accepting every hit scoring at least t, the estimated FDR is (decoy best hits >= t)
    /// / (target best hits >= t), at most 1.
    QValueCurve(const std::vector<double>& scores, const std::vector<bool>& decoy);

    /// From the confidences of the queries' best hits, the probabilities that they are right (Käll et al.,
    /// "Posterior error probabilities and false discovery rates: two sides of the same coin", J Proteome Res
    /// 7, 40 (2008)): accepting every best hit of confidence at least c, the estimated FDR is the mean of
    /// 1 - confidence over them. The curve is over confidences; non-finite ones are left out.
    static QValueCurve fromConfidences(const std::vector<double>& confidences);

    double operator()(double score) const;

  private:
    QValueCurve() = default;
    /// counts: per distinct score, highest first, the hits it accepts and how many of them are expected false.
    void build(const std::map<double, std::pair<double, double>, std::greater<double>>& counts);

    std::vector<double> thresholds_; ///< the distinct best-hit scores, highest first
    std::vector<double> q_;          ///< per threshold, the lowest FDR of it and every lower threshold
  };

  /// The q-value of each entry (QValueCurve), decoys included.
  std::vector<double> targetDecoyQValues(const std::vector<double>& scores, const std::vector<bool>& decoy);
}
