// Expected values come from the reference SupConLoss / TanimotoScoreLoss formulas, evaluated with
// PyTorch 1.13 (Python) on the same tiny batches.
#include "core/Errors.h"
#include "core/train/SupConLoss.h"
#include "core/train/StructureRankingLoss.h"
#include "core/train/TanimotoLoss.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

namespace
{
  // [3 samples, 2 views, 4 dims]
  torch::Tensor separatedFeatures()
  {
    return torch::tensor({1.0f, 0.5f, -0.2f, 0.3f, 0.9f, 0.4f, -0.1f, 0.5f,
                          -0.3f, 1.2f, 0.4f, 0.0f, -0.1f, 1.0f, 0.6f, -0.2f,
                          0.2f, -0.4f, 1.1f, 0.7f, 0.5f, -0.6f, 0.8f, 0.9f}).view({3, 2, 4});
  }

  torch::Tensor closeFeatures()
  {
    return torch::tensor({1.0f, 0.2f, 0.1f, 0.3f, 0.6f, 0.8f, 0.3f, 0.1f,
                          0.7f, 0.6f, 0.2f, 0.0f, 0.9f, 0.1f, 0.4f, 0.2f,
                          0.5f, 0.5f, 0.5f, 0.5f, 0.3f, 0.9f, 0.1f, 0.4f}).view({3, 2, 4});
  }

  torch::Tensor labels(std::vector<int64_t> values)
  {
    return torch::tensor(values, torch::kLong);
  }

  torch::Tensor tanimotoTargets()
  {
    return torch::tensor({1.0f, 0.25f, 0.6f, 0.25f, 1.0f, 0.1f, 0.6f, 0.1f, 1.0f}).view({3, 3});
  }
}

TEST(LossSupCon, MatchesTheReferenceWithDistinctCompounds)
{
  EXPECT_NEAR(SupConLoss(0.05, 0.05)(closeFeatures(), labels({0, 1, 2})).item<double>(), 3.1602249145507812, 1e-4);
  EXPECT_NEAR(SupConLoss(0.05, 0.05)(separatedFeatures(), labels({0, 1, 2})).item<double>(), 2.8709571324725403e-06, 1e-7);
}

TEST(LossSupCon, ScalesWithTemperatureOverBaseTemperature)
{
  EXPECT_NEAR(SupConLoss(0.5, 0.25)(closeFeatures(), labels({0, 1, 2})).item<double>(), 3.249113082885742, 1e-4);
  EXPECT_NEAR(SupConLoss(0.2, 0.1)(separatedFeatures(), labels({0, 1, 2})).item<double>(), 0.13129973411560059, 1e-5);
}

TEST(LossSupCon, SharedLabelsArePositives)
{
  EXPECT_NEAR(SupConLoss(0.05, 0.05)(closeFeatures(), labels({3, 3, 1})).item<double>(), 2.3008010387420654, 1e-4);
  EXPECT_NEAR(SupConLoss(0.05, 0.05)(separatedFeatures(), labels({5, 7, 5})).item<double>(), 6.892340183258057, 1e-3);
}

TEST(LossSupCon, NegativeSimilaritiesPassTheLeakyRelu)
{
  const auto features = torch::tensor({1.0f, 0.0f, 0.8f, 0.6f, -1.0f, 0.1f, -0.7f, -0.7f}).view({2, 2, 2});
  EXPECT_NEAR(SupConLoss(0.5, 0.5)(features, labels({0, 1})).item<double>(), 0.38757723569869995, 1e-5);
}

TEST(LossSupCon, RejectsFeaturesWithoutViewDimension)
{
  EXPECT_THROW(SupConLoss()(torch::ones({3, 4}), labels({0, 1, 2})), ParameterError);
  EXPECT_THROW(SupConLoss(0.0, 0.05), ParameterError);
}

TEST(LossTanimoto, MatchesTheReferenceMse)
{
  const auto all = torch::ones({3}, torch::kBool);
  EXPECT_NEAR(TanimotoLoss()(separatedFeatures(), tanimotoTargets(), all).item<double>(), 0.06214957684278488, 1e-6);
}

TEST(LossTanimoto, CompoundsWithoutFingerprintAreLeftOutOfTheMean)
{
  // The reference value is the plain MSE over compounds 0 and 2 only.
  const auto usable = torch::tensor({true, false, true});
  auto targets = tanimotoTargets();
  targets[1] = 0.0f; // what MorganFingerprints reports for a missing fingerprint
  targets.select(1, 1).fill_(0.0f);
  EXPECT_NEAR(TanimotoLoss()(separatedFeatures(), targets, usable).item<double>(), 0.09822797775268555, 1e-6);
}

TEST(LossTanimoto, NoUsablePairGivesAZeroThatBackpropagates)
{
  auto features = separatedFeatures().requires_grad_(true);
  const auto loss = TanimotoLoss()(features, tanimotoTargets(), torch::zeros({3}, torch::kBool));
  EXPECT_EQ(loss.item<double>(), 0.0);
  loss.backward();
  EXPECT_EQ(features.grad().abs().sum().item<double>(), 0.0);
}

TEST(LossTanimoto, BalancedWeighsEveryOccupiedBinTheSame)
{
  // One view each: cosines 0 (0-1), 1 (0-2), 0 (1-2), worked out by hand.
  const auto features = torch::tensor({1.0f, 0.0f, 0.0f, 1.0f, 2.0f, 0.0f}).view({3, 1, 2});
  const auto all = torch::ones({3}, torch::kBool);
  // Pairs in bins 2, 6 and 1: the mean of the three squared errors; the self-pairs are left out.
  const auto spread = torch::tensor({1.0f, 0.25f, 0.6f, 0.25f, 1.0f, 0.1f, 0.6f, 0.1f, 1.0f}).view({3, 3});
  EXPECT_NEAR(TanimotoLoss(10)(features, spread, all).item<double>(), (0.0625 + 0.16 + 0.01) / 3, 1e-6);
  EXPECT_NEAR(TanimotoLoss()(features, spread, all).item<double>(), 2 * (0.0625 + 0.16 + 0.01) / 9, 1e-6);
  // Pairs 0-1 and 0-2 share bin 2, 1-2 is alone in bin 9: each bin weighs one half.
  const auto crowded = torch::tensor({1.0f, 0.25f, 0.21f, 0.25f, 1.0f, 0.9f, 0.21f, 0.9f, 1.0f}).view({3, 3});
  EXPECT_NEAR(TanimotoLoss(10)(features, crowded, all).item<double>(), 0.5 * (0.0625 + 0.6241) / 2 + 0.5 * 0.81, 1e-6);
}

TEST(LossCombined, GradientMatchesTheReference)
{
  auto features = separatedFeatures().requires_grad_(true);
  const auto loss = SupConLoss(0.05, 0.05)(features, labels({0, 1, 2})) +
                    30.0 * TanimotoLoss()(features, tanimotoTargets(), torch::ones({3}, torch::kBool));
  loss.backward();
  const std::vector<double> expected = {-0.3204001784324646, 0.6225239038467407, -2.3105850219726562, -1.5099297761917114};
  for (int64_t d = 0; d < 4; ++d) EXPECT_NEAR(features.grad()[0][0][d].item<double>(), expected[d], 1e-4);
}

TEST(LossStructureRanking, IsTheCrossEntropyOfTanimotoAndCosineSoftmaxesOverOtherCompounds)
{
  // One view each, unit vectors: cosines 0 (0-1), 1 (0-2), 0 (1-2). Row 0 ranks compounds 1 and 2.
  const auto features = torch::tensor({1.0f, 0.0f, 0.0f, 1.0f, 2.0f, 0.0f}).view({3, 1, 2});
  const auto tanimoto = torch::tensor({1.0f, 0.25f, 0.6f, 0.25f, 1.0f, 0.1f, 0.6f, 0.1f, 1.0f}).view({3, 3});
  const double t = 0.1, c = 0.5;
  // Row i: targets softmax(T_ij / t), log-probabilities log softmax(cos_ij / c), over j != i.
  const auto row = [&](double ta, double tb, double ca, double cb) {
    const double qa = std::exp(ta / t) / (std::exp(ta / t) + std::exp(tb / t));
    const double log_norm = std::log(std::exp(ca / c) + std::exp(cb / c));
    return -(qa * (ca / c - log_norm) + (1 - qa) * (cb / c - log_norm));
  };
  const double expected = (row(0.25, 0.6, 0.0, 1.0) + row(0.25, 0.1, 0.0, 0.0) + row(0.6, 0.1, 1.0, 0.0)) / 3;
  const auto all = torch::ones({3}, torch::kBool);
  EXPECT_NEAR(StructureRankingLoss(c, t)(features, tanimoto, all).item<double>(), expected, 1e-5);

  // Without fingerprints for compound 1, rows 0 and 2 each have one other compound (cross entropy 0),
  // and row 1 is left out.
  auto features_with_grad = features.clone().requires_grad_(true);
  const auto loss = StructureRankingLoss(c, t)(features_with_grad, tanimoto, torch::tensor({true, false, true}));
  EXPECT_NEAR(loss.item<double>(), 0.0, 1e-6);
  loss.backward();
  EXPECT_TRUE(torch::isfinite(features_with_grad.grad()).all().item<bool>());
  EXPECT_THROW(StructureRankingLoss(0.0, 0.1), ParameterError);
}

TEST(LossStructureRanking, ViewsOfTheSameCompoundAreNotRanked)
{
  // Two views per compound: each view ranks only the two views of the other compound, whose targets
  // are equal (one Tanimoto), so its term is -(log p_a + log p_b) / 2 over those two alone.
  const std::vector<std::vector<double>> rows = {{1.0, 0.0}, {0.6, 0.8}, {0.0, 1.0}, {0.8, 0.6}};
  const auto features = torch::tensor({1.0f, 0.0f, 0.6f, 0.8f, 0.0f, 1.0f, 0.8f, 0.6f}).view({2, 2, 2});
  const auto tanimoto = torch::tensor({1.0f, 0.3f, 0.3f, 1.0f}).view({2, 2});
  const double c = 0.5;
  const auto cosine = [&](size_t i, size_t j) { return rows[i][0] * rows[j][0] + rows[i][1] * rows[j][1]; };
  const auto term = [&](size_t i, size_t a, size_t b) {
    const double log_norm = std::log(std::exp(cosine(i, a) / c) + std::exp(cosine(i, b) / c));
    return -0.5 * ((cosine(i, a) / c - log_norm) + (cosine(i, b) / c - log_norm));
  };
  const double expected = (term(0, 2, 3) + term(1, 2, 3) + term(2, 0, 1) + term(3, 0, 1)) / 4;
  EXPECT_NEAR(StructureRankingLoss(c, 0.1)(features, tanimoto, torch::ones({2}, torch::kBool)).item<double>(), expected, 1e-5);
}
