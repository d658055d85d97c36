// Expected values: transformers' get_cosine_schedule_with_warmup lambda, evaluated in Python.
#include "core/train/LearningRateSchedule.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

TEST(TrainSchedule, LinearWarmUpThenHalfCosineToZero)
{
  const LearningRateSchedule schedule(1e-3, 10, 100);
  EXPECT_DOUBLE_EQ(schedule.rate(0), 0.0);
  EXPECT_DOUBLE_EQ(schedule.rate(5), 0.0005);
  EXPECT_DOUBLE_EQ(schedule.rate(9), 0.0009000000000000001);
  EXPECT_DOUBLE_EQ(schedule.rate(10), 0.001);
  EXPECT_DOUBLE_EQ(schedule.rate(32), 0.0008596699001693256);
  EXPECT_DOUBLE_EQ(schedule.rate(55), 0.0005);
  EXPECT_DOUBLE_EQ(schedule.rate(99), 3.0458649045211895e-07);
  EXPECT_DOUBLE_EQ(schedule.rate(100), 0.0);
}

TEST(TrainSchedule, WarmupIsTheFloorOfTheFractionOfAllSteps)
{
  EXPECT_EQ(LearningRateSchedule::withWarmupFraction(1.0, 0.1, 95).warmupSteps(), 9u);
  const auto no_warmup = LearningRateSchedule::withWarmupFraction(1.0, 0.1, 7);
  EXPECT_EQ(no_warmup.warmupSteps(), 0u);
  EXPECT_DOUBLE_EQ(no_warmup.factor(0), 1.0);
  EXPECT_DOUBLE_EQ(no_warmup.factor(3), 0.6112604669781572);
}
