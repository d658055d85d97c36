#pragma once
// False discovery rates of library hits by target-decoy competition.
#include "../Hit.h"
#include "../Settings.h"

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

  /// Where the hits' q-values come from.
  enum class QValueMethod
  {
    Auto,       ///< TargetDecoy for a library with decoys, else None
    Confidence, ///< from the calibrated confidence of the queries' best hits (QValueCurve::fromConfidences)
    TargetDecoy,
    None
  };

  template <>
  struct EnumWords<QValueMethod>
  {
    static constexpr const char* what = "q-value method";
    static constexpr std::pair<QValueMethod, const char*> words[] = {
      {QValueMethod::Auto, "auto"}, {QValueMethod::Confidence, "confidence"}, {QValueMethod::TargetDecoy, "target_decoy"}, {QValueMethod::None, "none"}};
  };

  /// Which hits a search reports by their false discovery rate.
  struct QValueOptions
  {
    QValueMethod method = QValueMethod::Auto;
    double fdr = 1.0; ///< hits with a q-value above this are removed; 1: none

    /// The user settings (TOPP parameters of the search tools).
    static const SettingTable<QValueOptions>& settings();

    /// Throws ParameterError for an fdr below 1 without q-values.
    void validate() const;

    /// The method for a library with or without decoys: Auto is TargetDecoy with decoys, else None. Throws
    /// ParameterError for TargetDecoy without decoys, and for an fdr below 1 that gets no q-values.
    QValueMethod resolve(bool with_decoys) const;
  };

  /// Gives a query's identity (or unfiltered) hits, best first, their q-values from curve (over their scores,
  /// by_score, else over their confidences), and removes those above fdr. A hit below the query's best is
  /// accepted no sooner than the best (the two have their own confidence models, so a lower hit may be more
  /// confident). Analog hits are left as they are.
  void assignQValues(std::vector<Hit>& query_hits, const QValueCurve& curve, bool by_score, double fdr);
}
