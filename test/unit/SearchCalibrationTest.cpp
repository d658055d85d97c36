#include "core/search/ScoreCalibration.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

TEST(SearchCalibration, IsotonicFitPoolsViolatorsAndInterpolates)
{
  // y rises with x except at 0.3, where 0.5 then 0.1 are pooled to 0.3 at x 0.35.
  const auto map = IsotonicMap::fit({{0.1, 0.0}, {0.3, 0.5}, {0.4, 0.1}, {0.8, 0.9}, {std::nan(""), 1.0}});
  EXPECT_EQ(map.knots(), (std::vector<double>{0.1, 0.35, 0.8}));
  EXPECT_EQ(map.values(), (std::vector<double>{0.0, 0.3, 0.9}));
  EXPECT_DOUBLE_EQ(map(0.0), 0.0);       // constant below the first knot
  EXPECT_DOUBLE_EQ(map(0.575), 0.6);     // halfway between 0.35 and 0.8
  EXPECT_DOUBLE_EQ(map(1.0), 0.9);
  EXPECT_TRUE(std::isnan(map(std::nan(""))));
  EXPECT_THROW(IsotonicMap::fit({}), std::invalid_argument);
}

TEST(SearchCalibration, EqualXAreOneKnotAndTheMapRoundTripsThroughJson)
{
  const auto map = IsotonicMap::fit({{0.5, 0.2}, {0.5, 0.4}, {0.9, 0.8}});
  EXPECT_EQ(map.knots(), (std::vector<double>{0.5, 0.9}));
  EXPECT_DOUBLE_EQ(map.values()[0], 0.3);
  ModelCalibration calibration;
  calibration.analog_similarity = map;
  const auto again = ModelCalibration::fromJson(calibration.toJson());
  ASSERT_TRUE(again.analog_similarity);
  EXPECT_EQ(again.analog_similarity->knots(), map.knots());
  EXPECT_FALSE(ModelCalibration::fromJson(nlohmann::json::object()).analog_similarity);
  EXPECT_THROW(IsotonicMap::fromJson({{"knots", {0.5, 0.4}}, {"values", {0.1, 0.2}}}), std::invalid_argument);
}

TEST(SearchCalibration, OnlyAnalogHitsGetAPredictedSimilarity)
{
  ModelCalibration calibration;
  calibration.analog_similarity = IsotonicMap::fit({{0.0, 0.1}, {1.0, 0.9}});
  std::vector<std::vector<Hit>> hits = {{Hit{0, 0, 1, 0.5, 0.5, NAN, HitKind::Identity}, Hit{0, 1, 1, 0.5, 0.5, NAN, HitKind::Analog}}};
  applyCalibration(hits, calibration);
  EXPECT_TRUE(std::isnan(hits[0][0].predicted_similarity));
  EXPECT_DOUBLE_EQ(hits[0][1].predicted_similarity, 0.5);
}
