#pragma once
// The confidence of a hit: the probability that it is the query's compound, from what the search knows.
#include "EmbeddingLibrary.h"
#include "LibrarySearch.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Candidates per query that the confidence features look at: a query's hits are searched to at
  /// least this depth, whatever top_k the user asked for.
  constexpr int kConfidenceCandidates = 10;

  /// How deep to search for top_k hits so that confidences see kConfidenceCandidates candidates, or twice
  /// as many where decoys are set aside first: at least top_k, and in hybrid search at most the candidates
  /// it re-scores.
  int confidenceSearchDepth(const SearchParameters& parameters, bool with_decoys);

  /// What tells a hit that is the query's compound from one that is not, among the query's hits (best
  /// first, at least kConfidenceCandidates deep): its score (the combined score in hybrid search), its margin
  /// over the best hit of another compound, how far its precursor m/z is from the query's (log(1 +
  /// |difference| / 0.01 Da); 100 Da when unknown), the share of the query's candidates that are its
  /// compound, and in hybrid search its spectral score. A library entry without an InChIKey is a compound
  /// of its own. Analog hits are not scored.
  std::vector<double> confidenceFeatures(const std::vector<Hit>& query_hits, size_t hit, const EmbeddingLibrary& library, bool hybrid);

  /// Names of confidenceFeatures' values, in order.
  std::vector<std::string> confidenceFeatureNames(bool hybrid);

  /// p = 1 / (1 + exp(-(bias + weights . standardised features))), fitted by Newton's method with a small
  /// L2 penalty (logistic regression).
  class LogisticModel
  {
  public:
    /// Throws std::invalid_argument for no rows, rows of unequal length or a single class.
    static LogisticModel fit(const std::vector<std::vector<double>>& features, const std::vector<bool>& labels, double l2 = 1e-3);

    double operator()(const std::vector<double>& features) const;

    nlohmann::json toJson() const;
    /// Throws std::invalid_argument for inconsistent sizes.
    static LogisticModel fromJson(const nlohmann::json& json);

  private:
    std::vector<double> mean_, scale_, weights_;
    double bias_ = 0.0;
  };
}
