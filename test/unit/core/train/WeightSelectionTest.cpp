#include "core/train/WeightSelection.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace SpecEmbedding;

namespace
{
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  /// A module with one parameter of the given value.
  struct Single : torch::nn::Module
  {
    explicit Single(float value) { weight = register_parameter("weight", torch::full({2}, value)); }
    torch::Tensor weight;
  };

  float keptValue(const WeightSnapshot& weights) { return weights.at("weight")[0].item<float>(); }
}

TEST(TrainWeightSelection, KeepsTheBestHitRatioWithTiesByTheLowerLoss)
{
  WeightSelection selection(0, 0);
  selection.begin(Single(0.0f));
  EXPECT_EQ(keptValue(selection.best()), 0.0f);
  EXPECT_TRUE(selection.offer(1, {1.0, 0.5}, Single(1.0f)));
  EXPECT_FALSE(selection.offer(2, {0.5, 0.4}, Single(2.0f))); // lower loss, lower hit ratio
  EXPECT_TRUE(selection.offer(3, {0.9, 0.5}, Single(3.0f)));  // same hit ratio, lower loss
  EXPECT_FALSE(selection.offer(4, {0.95, 0.5}, Single(4.0f)));
  EXPECT_EQ(selection.bestEpoch(), 3u);
  EXPECT_EQ(selection.bestHitRatio(), 0.5);
  EXPECT_EQ(selection.bestLoss(), 0.9);
  EXPECT_EQ(keptValue(selection.best()), 3.0f);
  EXPECT_FALSE(selection.stoppedEarly());
}

TEST(TrainWeightSelection, WithoutHitRatioTheLossDecides)
{
  WeightSelection selection(0, 0);
  selection.begin(Single(0.0f));
  EXPECT_TRUE(selection.offer(1, {1.0, kNaN}, Single(1.0f)));
  EXPECT_TRUE(selection.offer(2, {0.8, kNaN}, Single(2.0f)));
  EXPECT_FALSE(selection.offer(3, {0.9, kNaN}, Single(3.0f)));
  EXPECT_EQ(selection.bestEpoch(), 2u);
}

TEST(TrainWeightSelection, StopsAfterPatienceEpochsWithoutImprovement)
{
  WeightSelection selection(2, 0);
  selection.begin(Single(0.0f));
  selection.offer(1, {1.0, 0.5}, Single(1.0f));
  selection.offer(2, {1.0, 0.4}, Single(2.0f));
  EXPECT_FALSE(selection.stoppedEarly());
  selection.offer(3, {1.0, 0.3}, Single(3.0f));
  EXPECT_TRUE(selection.stoppedEarly());
}

TEST(TrainWeightSelection, AveragesTheEpochsFromTheFirstAveragedOneAndKeepsTheAverage)
{
  WeightSelection selection(0, 2);
  selection.begin(Single(0.0f));
  for (size_t epoch = 1; epoch <= 4; ++epoch) selection.addToAverage(epoch, Single(static_cast<float>(epoch)));
  ASSERT_TRUE(selection.averaging());
  EXPECT_EQ(selection.firstAveragedEpoch(4), 2u);
  EXPECT_FLOAT_EQ(keptValue(selection.average()), 3.0f); // (2 + 3 + 4) / 3
  selection.keepAverage(4, {0.7, 0.6});
  EXPECT_EQ(selection.bestEpoch(), 4u);
  EXPECT_EQ(selection.bestHitRatio(), 0.6);
  EXPECT_FLOAT_EQ(keptValue(selection.best()), 3.0f);
}

TEST(TrainWeightSelection, CountersRoundTripThroughJson)
{
  WeightSelection selection(3, 1);
  selection.begin(Single(0.0f));
  selection.offer(1, {1.0, 0.5}, Single(1.0f));
  selection.offer(2, {1.1, kNaN}, Single(2.0f));
  selection.addToAverage(1, Single(1.0f));
  nlohmann::json json;
  selection.writeJson(json);
  WeightSelection restored(3, 1);
  restored.restore(json, selection.best(), selection.average());
  EXPECT_EQ(restored.bestEpoch(), 1u);
  EXPECT_EQ(restored.bestHitRatio(), 0.5);
  EXPECT_EQ(restored.bestLoss(), 1.0);
  EXPECT_TRUE(restored.averaging());
  EXPECT_EQ(restored.firstAveragedEpoch(1), 1u);
  // One more epoch without improvement stops a run that had one already, as the original would.
  restored.offer(3, {1.2, 0.4}, Single(3.0f));
  restored.offer(4, {1.2, 0.4}, Single(4.0f));
  EXPECT_TRUE(restored.stoppedEarly());
}
