#include "core/calibration/BoostedTrees.h"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace SpecEmbedding;

namespace
{
  /// Two columns: the label is whether the first exceeds 0.5; the second is constant.
  void toySet(std::vector<float>& features, std::vector<float>& labels)
  {
    for (int i = 0; i < 200; ++i)
    {
      const float x = static_cast<float>(i) / 200.0f;
      features.insert(features.end(), {x, 1.0f});
      labels.push_back(x > 0.5f ? 1.0f : 0.0f);
    }
  }
}

TEST(BoostedTrees, FitPredictAndRoundTripThroughJson)
{
  if (!BoostedTrees::available()) GTEST_SKIP() << "this build has no XGBoost";
  std::vector<float> features, labels;
  toySet(features, labels);
  BoostedTrees::Settings settings;
  settings.rounds = 50;
  settings.subsample = 1.0;
  settings.column_sample = 1.0;
  const auto trees = BoostedTrees::fit(features, 2, labels, settings);
  const auto predicted = trees.predict({0.9f, 1.0f, 0.1f, 1.0f, NAN, 1.0f});
  ASSERT_EQ(predicted.size(), 3u);
  EXPECT_GT(predicted[0], 0.8f);
  EXPECT_LT(predicted[1], 0.2f);
  const auto again = BoostedTrees::fromJson(trees.toJson(), 2);
  EXPECT_EQ(again.predict({0.9f, 1.0f, 0.1f, 1.0f, NAN, 1.0f}), predicted);
  const auto gain = trees.totalGain();
  EXPECT_EQ(gain.count(0), 1u);
  EXPECT_EQ(gain.count(1), 0u); // a constant column is never split on
  EXPECT_THROW(BoostedTrees::fromJson(trees.toJson(), 3), std::invalid_argument);
  EXPECT_THROW(BoostedTrees::fromJson("{not trees", 2), std::invalid_argument);
  EXPECT_THROW(trees.predict({1.0f, 2.0f, 3.0f}), std::invalid_argument);
}
