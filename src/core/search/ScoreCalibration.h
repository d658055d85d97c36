#pragma once
// What a model's scores mean, learned on compounds it was not trained on, and stored in its model file.
#include "HitConfidence.h"
#include "LibrarySearch.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <utility>
#include <vector>

namespace SpecEmbedding
{
  /// A non-decreasing map fitted by isotonic regression (pool adjacent violators): the mean of y for
  /// each run of x, as knots, applied by linear interpolation between them and constant beyond the ends.
  class IsotonicMap
  {
  public:
    IsotonicMap() = default;

    /// Fits y as a non-decreasing function of x; points with non-finite values are left out. Throws
    /// std::invalid_argument without any point.
    static IsotonicMap fit(std::vector<std::pair<double, double>> points);

    double operator()(double x) const;

    const std::vector<double>& knots() const { return x_; }
    const std::vector<double>& values() const { return y_; }

    nlohmann::json toJson() const;
    /// Throws std::invalid_argument for knots that are not increasing or values that decrease.
    static IsotonicMap fromJson(const nlohmann::json& json);

  private:
    std::vector<double> x_, y_;
  };

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

    nlohmann::json toJson() const;
    static ModelCalibration fromJson(const nlohmann::json& json);
  };

  /// Sets the predicted structural similarity of the analog hits (from their modified cosine where they have
  /// one, else from their embedding cosine) and the confidence of the other hits
  /// where the model has those calibrations; hits[i] are the hits of queries[i], from hybrid search where
  /// hybrid. For confidences, a query's hits must reach kConfidenceCandidates deep (then keepBestHits).
  void applyCalibration(std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries, const EmbeddingLibrary& library,
                        const ModelCalibration& calibration, bool hybrid);

  /// Keeps each query's top_k best identity (or unfiltered) hits and all its analog hits.
  void keepBestHits(std::vector<std::vector<Hit>>& hits, int top_k);
}
