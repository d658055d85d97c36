#include "BoostedTrees.h"

#include "../Errors.h"

#include <limits>
#include <stdexcept>
#include <string>

#ifdef SPECEMBEDDING_WITH_XGBOOST
#include <xgboost/c_api.h>
#endif

namespace SpecEmbedding
{
#ifdef SPECEMBEDDING_WITH_XGBOOST
  namespace
  {
    /// Throws std::runtime_error with XGBoost's message when a call failed.
    void check(int status)
    {
      if (status != 0) throw std::runtime_error(std::string("XGBoost: ") + XGBGetLastError());
    }

    /// A dense matrix as XGBoost's DMatrix; NaN is missing.
    std::shared_ptr<void> matrix(const std::vector<float>& features, size_t columns)
    {
      if (columns == 0 || features.size() % columns != 0) throw std::invalid_argument("features must be rows of the model's width");
      DMatrixHandle handle = nullptr;
      check(XGDMatrixCreateFromMat(features.data(), features.size() / columns, columns, std::numeric_limits<float>::quiet_NaN(), &handle));
      return std::shared_ptr<void>(handle, [](void* made) { XGDMatrixFree(made); });
    }

    std::shared_ptr<void> booster(const DMatrixHandle* training, bst_ulong count)
    {
      BoosterHandle handle = nullptr;
      check(XGBoosterCreate(training, count, &handle));
      return std::shared_ptr<void>(handle, [](void* made) { XGBoosterFree(made); });
    }
  }

  bool BoostedTrees::available()
  {
    return true;
  }

  BoostedTrees BoostedTrees::fit(const std::vector<float>& features, size_t columns, const std::vector<float>& labels, const Settings& settings,
                                 const std::vector<float>& weights)
  {
    const auto data = matrix(features, columns);
    if (labels.size() != features.size() / columns) throw std::invalid_argument("boosted trees need one label per row");
    if (labels.empty()) throw std::invalid_argument("boosted trees need rows to fit");
    check(XGDMatrixSetFloatInfo(data.get(), "label", labels.data(), labels.size()));
    if (!weights.empty())
    {
      if (weights.size() != labels.size()) throw std::invalid_argument("boosted trees need one weight per row");
      check(XGDMatrixSetFloatInfo(data.get(), "weight", weights.data(), weights.size()));
    }
    BoostedTrees trees;
    DMatrixHandle training = data.get();
    trees.booster_ = booster(&training, 1);
    trees.columns_ = columns;
    const auto set = [&](const char* name, const std::string& value) { check(XGBoosterSetParam(trees.booster_.get(), name, value.c_str())); };
    set("objective", settings.objective);
    set("max_depth", std::to_string(settings.max_depth));
    set("eta", std::to_string(settings.learning_rate));
    set("subsample", std::to_string(settings.subsample));
    set("colsample_bytree", std::to_string(settings.column_sample));
    set("min_child_weight", std::to_string(settings.min_child_weight));
    set("seed", std::to_string(settings.seed));
    set("tree_method", "hist");
    set("verbosity", "0");
    for (int round = 0; round < settings.rounds; ++round) check(XGBoosterUpdateOneIter(trees.booster_.get(), round, data.get()));
    return trees;
  }

  std::vector<float> BoostedTrees::predict(const std::vector<float>& features) const
  {
    if (features.empty()) return {};
    const auto data = matrix(features, columns_);
    bst_ulong length = 0;
    const float* result = nullptr;
    check(XGBoosterPredict(booster_.get(), data.get(), 0, 0, 0, &length, &result));
    return std::vector<float>(result, result + length);
  }

  std::string BoostedTrees::toJson() const
  {
    bst_ulong length = 0;
    const char* bytes = nullptr;
    check(XGBoosterSaveModelToBuffer(booster_.get(), R"({"format": "json"})", &length, &bytes));
    return std::string(bytes, length);
  }

  BoostedTrees BoostedTrees::fromJson(const std::string& json, size_t columns)
  {
    BoostedTrees trees;
    trees.booster_ = booster(nullptr, 0);
    trees.columns_ = columns;
    if (XGBoosterLoadModelFromBuffer(trees.booster_.get(), json.data(), json.size()) != 0)
    {
      throw std::invalid_argument(std::string("XGBoost cannot read the trees: ") + XGBGetLastError());
    }
    bst_ulong width = 0;
    check(XGBoosterGetNumFeature(trees.booster_.get(), &width));
    if (width != columns) throw std::invalid_argument("trees of " + std::to_string(width) + " features, not " + std::to_string(columns));
    return trees;
  }

  std::map<size_t, double> BoostedTrees::totalGain() const
  {
    bst_ulong count = 0, dimensions = 0;
    const char** names = nullptr;
    const bst_ulong* shape = nullptr;
    const float* scores = nullptr;
    check(XGBoosterFeatureScore(booster_.get(), R"({"importance_type": "total_gain"})", &count, &names, &dimensions, &shape, &scores));
    std::map<size_t, double> gain;
    // Unnamed features are "f<index>".
    for (bst_ulong i = 0; i < count; ++i) gain[std::stoul(std::string(names[i]).substr(1))] = scores[i];
    return gain;
  }
#else
  namespace
  {
    ParameterError unavailable()
    {
      return ParameterError("this build has no XGBoost (Debian: libxgboost-dev), which the learned scorer needs");
    }
  }

  bool BoostedTrees::available()
  {
    return false;
  }

  BoostedTrees BoostedTrees::fit(const std::vector<float>&, size_t, const std::vector<float>&, const Settings&, const std::vector<float>&)
  {
    throw unavailable();
  }

  std::vector<float> BoostedTrees::predict(const std::vector<float>&) const
  {
    throw unavailable();
  }

  std::string BoostedTrees::toJson() const
  {
    throw unavailable();
  }

  BoostedTrees BoostedTrees::fromJson(const std::string&, size_t)
  {
    throw unavailable();
  }

  std::map<size_t, double> BoostedTrees::totalGain() const
  {
    throw unavailable();
  }
#endif
}
