#include "core/calibration/ModelCalibration.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

using namespace SpecEmbedding;

TEST(ModelCalibration, IsotonicFitPoolsViolatorsAndInterpolates)
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

TEST(ModelCalibration, EqualXAreOneKnotAndTheMapRoundTripsThroughJson)
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

TEST(ModelCalibration, LogisticFitRecoversTheProbabilitiesOfAToySet)
{
  // At x = 0, 1, 2, 3 the labels are positive 1, 2, 6 and 9 times out of 10: the fitted probabilities rise
  // with x, their mean equals the share of positives (a property of the logistic maximum likelihood fit),
  // and the model round-trips through JSON.
  std::vector<std::vector<double>> x;
  std::vector<bool> y;
  const int positives[] = {1, 2, 6, 9};
  for (int value = 0; value < 4; ++value)
  {
    for (int i = 0; i < 10; ++i)
    {
      x.push_back({static_cast<double>(value)});
      y.push_back(i < positives[value]);
    }
  }
  const auto model = LogisticModel::fit(x, y, 0.0);
  double mean = 0.0;
  for (int value = 0; value < 4; ++value) mean += model({static_cast<double>(value)}) * 10.0 / 40.0;
  EXPECT_NEAR(mean, 18.0 / 40.0, 1e-6);
  EXPECT_LT(model({0.0}), 0.15);
  EXPECT_GT(model({3.0}), 0.8);
  EXPECT_LT(model({1.0}), model({2.0}));
  EXPECT_DOUBLE_EQ(LogisticModel::fromJson(model.toJson())({1.5}), model({1.5}));
  EXPECT_THROW(LogisticModel::fit({{0.0}, {1.0}}, {true, true}), std::invalid_argument);
}

TEST(ModelCalibration, ConfidenceModelsOfOtherFeaturesAreNotRead)
{
  // An earlier version's calibration (one logistic model of four features, under "confidence") gives no
  // confidence, and is flagged as outdated; so is a confidence model that names other features, which
  // ConfidenceModel itself refuses. The rest of the calibration is read.
  const auto earlier = LogisticModel::fit({{0.9, 0.3, 0.0, 0.5}, {0.2, -0.7, 3.0, 0.25}}, {true, false});
  const auto old_file = ModelCalibration::fromJson({{"confidence", earlier.toJson()}});
  EXPECT_FALSE(old_file.confidence);
  EXPECT_TRUE(old_file.outdated_confidence);
  const auto six = LogisticModel::fit({{0.9, 0.3, 0.0, 0.5, 0.9, 0.4}, {0.2, -0.7, 3.0, 0.25, 0.1, -0.6}}, {true, false});
  auto json = ConfidenceModel{six, six}.toJson();
  EXPECT_FALSE(ModelCalibration::fromJson({{"hit_confidence", json}}).outdated_confidence);
  json["features"] = {"score", "margin", "log_mass_difference", "agreement"};
  EXPECT_THROW(ConfidenceModel::fromJson(json), std::invalid_argument);
  ModelCalibration other_features;
  other_features.analog_similarity = IsotonicMap::fit({{0.0, 0.1}, {1.0, 0.9}});
  auto file = other_features.toJson();
  file["hit_confidence"] = json;
  const auto read = ModelCalibration::fromJson(file);
  EXPECT_FALSE(read.confidence);
  EXPECT_TRUE(read.outdated_confidence);
  EXPECT_TRUE(read.analog_similarity);
}
