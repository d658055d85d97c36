#include "CandidateScorer.h"

#include <cmath>
#include <stdexcept>

namespace SpecEmbedding
{
  const std::vector<std::string>& candidateFeatureNames()
  {
    static const std::vector<std::string> names = {
      "embedding_cosine", "embedding_rank", "embedding_margin", "entropy", "entropy_margin", "modified_cosine", "cosine",
      "matched_peaks", "explained_intensity", "mass_difference", "absolute_ppm", "known_modification", "compound_best_cosine",
      "compound_mean_cosine", "compound_spectra", "compound_agreement", "compound_best_entropy", "neighbourhood_cosine",
      "neighbourhood_tanimoto", "query_peaks", "query_precursor_mz", "negative_mode"};
    return names;
  }

  std::vector<double> identityFeatures(const float* row)
  {
    // Positions in candidateFeatureNames().
    constexpr size_t kEmbeddingCosine = 0, kEmbeddingMargin = 2, kEntropy = 3, kAbsolutePpm = 10;
    const double ppm = std::isnan(row[kAbsolutePpm]) ? 1e6 : row[kAbsolutePpm]; // an unknown precursor is far off
    return {row[kEmbeddingCosine], row[kEntropy], row[kEmbeddingMargin], std::log1p(ppm)};
  }

  std::vector<float> CandidateScorer::identityProbabilities(const std::vector<float>& rows) const
  {
    const size_t width = candidateFeatureNames().size();
    std::vector<float> probabilities;
    for (size_t r = 0; r + width <= rows.size(); r += width) probabilities.push_back(static_cast<float>(identity(identityFeatures(rows.data() + r))));
    return probabilities;
  }

  double CandidateScorer::confidence(double p, bool best) const
  {
    return best && best_confidence ? (*best_confidence)(p) : p;
  }

  std::vector<std::string> CandidateScorer::treesJson() const
  {
    return {similarity.toJson()};
  }

  nlohmann::json CandidateScorer::toJson() const
  {
    nlohmann::json json = {{"format_version", kFormatVersion}, {"features", candidateFeatureNames()}, {"identity", identity.toJson()}, {"summary", summary}};
    if (best_confidence) json["best_confidence"] = best_confidence->toJson();
    return json;
  }

  CandidateScorer CandidateScorer::fromJson(const nlohmann::json& json, const std::vector<std::string>& trees_json)
  {
    if (json.value("format_version", 0) != kFormatVersion)
    {
      throw std::invalid_argument("a scorer of format " + std::to_string(json.value("format_version", 0)) + ", not " + std::to_string(kFormatVersion));
    }
    if (json.at("features").get<std::vector<std::string>>() != candidateFeatureNames()) throw std::invalid_argument("a scorer of other features");
    if (trees_json.size() != 1) throw std::invalid_argument("a scorer needs one set of trees");
    CandidateScorer scorer;
    const size_t columns = candidateFeatureNames().size();
    scorer.identity = LogisticModel::fromJson(json.at("identity"));
    if (scorer.identity.size() != 4) throw std::invalid_argument("an identity model of other features");
    scorer.similarity = BoostedTrees::fromJson(trees_json[0], columns);
    if (json.contains("best_confidence")) scorer.best_confidence = IsotonicMap::fromJson(json.at("best_confidence"));
    scorer.summary = json.value("summary", nlohmann::json::object());
    return scorer;
  }
}
