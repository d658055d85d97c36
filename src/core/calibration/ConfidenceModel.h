#pragma once
// The confidence of a hit of embedding or hybrid search: the probability that it is the query's compound,
// from the features that search/HitConfidence computes.
#include "LogisticModel.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Names of the features the confidence model reads (confidenceFeatures in search/HitConfidence.h), in order.
  std::vector<std::string> confidenceFeatureNames();

  /// The confidence of the hits of one kind of search: a logistic model of the confidence features for each
  /// query's best hit, whose margins are never negative, and one for its other hits.
  struct ConfidenceModel
  {
    LogisticModel best_hit, other_hits;

    /// The probability that hit `rank` (1: the best) with these features is the query's compound.
    double operator()(const std::vector<double>& features, int rank) const;

    nlohmann::json toJson() const;
    /// Throws std::invalid_argument for a model of other features than confidenceFeatureNames().
    static ConfidenceModel fromJson(const nlohmann::json& json);
  };
}
