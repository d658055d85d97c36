#pragma once
// Logistic regression on standardised features, the model of the hit confidence.
#include <nlohmann/json.hpp>

#include <vector>

namespace SpecEmbedding
{
  /// p = 1 / (1 + exp(-(bias + weights . standardised features))), fitted by Newton's method with a small
  /// L2 penalty (logistic regression).
  class LogisticModel
  {
  public:
    /// Throws std::invalid_argument for no rows, rows of unequal length or a single class.
    static LogisticModel fit(const std::vector<std::vector<double>>& features, const std::vector<bool>& labels, double l2 = 1e-3);

    double operator()(const std::vector<double>& features) const;
    /// The number of features.
    size_t size() const { return weights_.size(); }

    nlohmann::json toJson() const;
    /// Throws std::invalid_argument for inconsistent sizes.
    static LogisticModel fromJson(const nlohmann::json& json);

  private:
    std::vector<double> mean_, scale_, weights_;
    double bias_ = 0.0;
  };
}
