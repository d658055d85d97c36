#pragma once
// What a model's scores mean, learned on compounds it was not trained on, and stored in its model file.
#include "CandidateScorer.h"
#include "ConfidenceModel.h"
#include "IsotonicMap.h"

#include <nlohmann/json.hpp>

#include <optional>

namespace SpecEmbedding
{
  /// The calibrations of one model; each is missing when the model was not calibrated for it.
  struct ModelCalibration
  {
    /// Embedding cosine of an analog hit -> the expected Tanimoto similarity (Morgan, radius 2, 2048
    /// bits) of its structure to the query's, fitted on the best training hits of held-out compounds.
    std::optional<IsotonicMap> analog_similarity;
    /// The same for the modified cosine of analog hits ranked by their peaks (fitSpectralAnalogSimilarity).
    std::optional<IsotonicMap> analog_spectral_similarity;
    /// Features of an identity or unfiltered hit (confidenceFeatures) -> the probability that it is the
    /// query's compound, for embedding search and for hybrid search, fitted on held-out compounds searched
    /// in an open world (fitConfidence).
    std::optional<ConfidenceModel> confidence, hybrid_confidence;
    /// The model file holds a confidence calibration of an earlier version, on other features: it is not
    /// read, and the model gives no confidence until recalibrated.
    bool outdated_confidence = false;
    /// The learned scorer of candidates (-rescoring learned), fitted on held-out compounds; the model file
    /// stores it (ModelFile), not toJson().
    std::optional<CandidateScorer> scorer;

    nlohmann::json toJson() const;
    static ModelCalibration fromJson(const nlohmann::json& json);
  };
}
