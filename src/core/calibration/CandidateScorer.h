#pragma once
// The learned scorer: from what is known of a query's candidate (its features, computed by
// search/CandidateFeatures), the probability that it is the query's compound, and the Tanimoto similarity
// expected of its structure to the query's. Fitted on held-out compounds (train/ScorerTraining) and stored in
// the model file beside the weights.
#include "BoostedTrees.h"
#include "IsotonicMap.h"
#include "LogisticModel.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Names of the features the scorer reads, in order (what each is: search/CandidateFeatures.h).
  const std::vector<std::string>& candidateFeatureNames();

  /// The candidate features the identity model reads, chosen by measurement (bench/scorer_recipe.py): trees on
  /// all features fitted the held-out MassBank compounds but ranked other labs' spectra worse than these four.
  std::vector<double> identityFeatures(const float* row);

  struct CandidateScorer
  {
    static constexpr int kFormatVersion = 1;

    /// The probability that the candidate is the query's compound: logistic in its embedding cosine, spectral
    /// entropy similarity, embedding margin and log(1 + ppm) of its precursor difference (identityFeatures).
    LogisticModel identity;
    BoostedTrees similarity; ///< the expected Morgan Tanimoto similarity of the candidate's structure to the query's
    /// Maps the identity probability of a query's best candidate to the share of such best candidates that are
    /// the query's compound, fitted on folds held out of the fit; missing: the probability is the confidence.
    std::optional<IsotonicMap> best_confidence;
    nlohmann::json summary = nlohmann::json::object(); ///< what it was fitted on, and how each feature weighs

    /// The confidence of a query's candidate with identity probability p; best: the query's best candidate.
    double confidence(double p, bool best) const;

    /// The identity probability of each row of features (row-major, candidateFeatureNames().size() wide).
    std::vector<float> identityProbabilities(const std::vector<float>& rows) const;

    /// The description (format version, features, identity model, calibration, summary); the similarity trees
    /// are treesJson(), which the model file stores beside it with their checksums.
    nlohmann::json toJson() const;
    std::vector<std::string> treesJson() const;
    /// Throws std::invalid_argument for another format, other features, or trees XGBoost cannot read;
    /// ParameterError without XGBoost in this build.
    static CandidateScorer fromJson(const nlohmann::json& json, const std::vector<std::string>& trees_json);
  };
}
