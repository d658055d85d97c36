#pragma once
// Gradient-boosted decision trees (XGBoost, through its C API): fitted on a dense matrix of features,
// stored as XGBoost's own JSON model.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  class BoostedTrees
  {
  public:
    /// XGBoost's training parameters.
    struct Settings
    {
      std::string objective = "binary:logistic"; ///< or "reg:logistic" for targets in [0, 1]
      int rounds = 300;
      int max_depth = 6;
      double learning_rate = 0.05;
      double subsample = 0.8;
      double column_sample = 0.8;
      double min_child_weight = 1.0;
      uint64_t seed = 42;
    };

    /// Whether this build has XGBoost; without it fit() and fromJson() throw ParameterError.
    static bool available();

    /// Fits trees to labels from rows x columns features (row-major; NaN: missing), each row weighted by
    /// weights (none: 1).
    static BoostedTrees fit(const std::vector<float>& features, size_t columns, const std::vector<float>& labels, const Settings& settings,
                            const std::vector<float>& weights = {});

    /// The prediction for each row of features (row-major, columns wide; NaN: missing). Not for concurrent calls.
    std::vector<float> predict(const std::vector<float>& features) const;

    size_t columns() const { return columns_; }

    /// XGBoost's JSON model.
    std::string toJson() const;
    /// Throws std::invalid_argument for a model XGBoost cannot read or of another width than columns.
    static BoostedTrees fromJson(const std::string& json, size_t columns);

    /// Each column's total gain over the trees' splits, by column index; columns never split on are left out.
    std::map<size_t, double> totalGain() const;

  private:
    std::shared_ptr<void> booster_; ///< BoosterHandle
    size_t columns_ = 0;
  };
}
