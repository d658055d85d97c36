#include "ModelCalibration.h"

#include <stdexcept>

namespace SpecEmbedding
{
  nlohmann::json ModelCalibration::toJson() const
  {
    nlohmann::json json = nlohmann::json::object();
    if (analog_similarity) json["analog_similarity"] = analog_similarity->toJson();
    if (analog_spectral_similarity) json["analog_spectral_similarity"] = analog_spectral_similarity->toJson();
    if (confidence) json["hit_confidence"] = confidence->toJson();
    if (hybrid_confidence) json["hybrid_hit_confidence"] = hybrid_confidence->toJson();
    return json;
  }

  ModelCalibration ModelCalibration::fromJson(const nlohmann::json& json)
  {
    ModelCalibration calibration;
    if (json.contains("analog_similarity")) calibration.analog_similarity = IsotonicMap::fromJson(json.at("analog_similarity"));
    if (json.contains("analog_spectral_similarity"))
    {
      calibration.analog_spectral_similarity = IsotonicMap::fromJson(json.at("analog_spectral_similarity"));
    }
    // "confidence" and "hybrid_confidence": one logistic model each, of the features of earlier versions.
    calibration.outdated_confidence = json.contains("confidence") || json.contains("hybrid_confidence");
    const auto read = [&](const char* key, std::optional<ConfidenceModel>& model) {
      if (!json.contains(key)) return;
      try
      {
        model = ConfidenceModel::fromJson(json.at(key));
      }
      catch (const std::invalid_argument&)
      {
        calibration.outdated_confidence = true; // fitted on features this version does not compute
      }
    };
    read("hit_confidence", calibration.confidence);
    read("hybrid_hit_confidence", calibration.hybrid_confidence);
    return calibration;
  }
}
