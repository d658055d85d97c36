#include "ConfidenceModel.h"

#include <stdexcept>

namespace SpecEmbedding
{
  std::vector<std::string> confidenceFeatureNames()
  {
    return {"score", "margin", "log_mass_difference", "agreement", "spectral_score", "spectral_margin"};
  }

  double ConfidenceModel::operator()(const std::vector<double>& features, int rank) const
  {
    return rank == 1 ? best_hit(features) : other_hits(features);
  }

  nlohmann::json ConfidenceModel::toJson() const
  {
    return {{"features", confidenceFeatureNames()}, {"best_hit", best_hit.toJson()}, {"other_hits", other_hits.toJson()}};
  }

  ConfidenceModel ConfidenceModel::fromJson(const nlohmann::json& json)
  {
    if (json.at("features").get<std::vector<std::string>>() != confidenceFeatureNames())
    {
      throw std::invalid_argument("the confidence model was fitted on other features");
    }
    ConfidenceModel model{LogisticModel::fromJson(json.at("best_hit")), LogisticModel::fromJson(json.at("other_hits"))};
    if (model.best_hit.size() != confidenceFeatureNames().size() || model.other_hits.size() != confidenceFeatureNames().size())
    {
      throw std::invalid_argument("the confidence model needs a weight per feature");
    }
    return model;
  }
}
