#include "core/Errors.h"
#include "core/train/Augmenter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace SpecEmbedding;

namespace
{
  /// A precursor token and 40 peaks; the intensities of 17 of them lie below 0.3.
  TokenSequence sampleTokens()
  {
    TokenSequence tokens;
    tokens.mz.push_back(412.5f);
    tokens.intensity.push_back(2.0f);
    for (int i = 0; i < 40; ++i)
    {
      tokens.mz.push_back(50.0f + 9.5f * static_cast<float>(i));
      tokens.intensity.push_back(i == 23 ? 1.0f : (i % 7 < 3 ? 0.05f + 0.005f * static_cast<float>(i) : 0.35f + 0.015f * static_cast<float>(i)));
    }
    return tokens;
  }

  size_t lowIntensityPeaks(const TokenSequence& tokens)
  {
    return static_cast<size_t>(std::count_if(tokens.intensity.begin() + 1, tokens.intensity.end(), [](float x) { return x < 0.3f; }));
  }
}

TEST(Augmenter, KeepsThePrecursorTokenFirstAndPeaksInMzOrder)
{
  const auto tokens = sampleTokens();
  std::mt19937_64 random(7);
  for (int trial = 0; trial < 50; ++trial)
  {
    const auto augmented = Augmenter()(tokens, random);
    EXPECT_EQ(augmented.mz[0], tokens.mz[0]);
    EXPECT_EQ(augmented.intensity[0], tokens.intensity[0]);
    for (size_t i = 2; i < augmented.size(); ++i) EXPECT_LT(augmented.mz[i - 1], augmented.mz[i]);
  }
}

TEST(Augmenter, RemovesAFifthOfTheLowIntensityPeaksAndNothingElse)
{
  const auto tokens = sampleTokens();
  const size_t low = lowIntensityPeaks(tokens);
  ASSERT_EQ(low, 17u);
  const size_t removed = 3; // floor(0.2 x 17)
  std::map<float, size_t> times_removed;
  std::mt19937_64 random(11);
  for (int trial = 0; trial < 200; ++trial)
  {
    const auto augmented = Augmenter()(tokens, random);
    ASSERT_EQ(augmented.size(), tokens.size() - removed);
    for (size_t i = 1; i < tokens.size(); ++i)
    {
      const bool kept = std::find(augmented.mz.begin(), augmented.mz.end(), tokens.mz[i]) != augmented.mz.end();
      if (tokens.intensity[i] >= 0.3f) EXPECT_TRUE(kept) << "peak at " << tokens.mz[i];
      if (!kept) ++times_removed[tokens.mz[i]];
    }
  }
  // Uniform choice: over 200 draws every low-intensity peak goes some time (expected ~35 times).
  EXPECT_EQ(times_removed.size(), low);
}

TEST(Augmenter, ScalesIntensitiesWithinFifteenPercentThenRenormalises)
{
  const auto tokens = sampleTokens();
  std::mt19937_64 random(3);
  for (int trial = 0; trial < 50; ++trial)
  {
    const auto augmented = Augmenter()(tokens, random);
    // out_i = in_i x f_i / max_j(in_j x f_j), f in [0.85, 1.15]: the ratios out/in share the
    // divisor, so they differ at most by the factor 1.15 / 0.85.
    double lowest_ratio = INFINITY, highest_ratio = 0.0, highest = 0.0;
    for (size_t i = 1; i < augmented.size(); ++i)
    {
      const auto original = std::find(tokens.mz.begin(), tokens.mz.end(), augmented.mz[i]) - tokens.mz.begin();
      const double ratio = augmented.intensity[i] / tokens.intensity[original];
      lowest_ratio = std::min(lowest_ratio, ratio);
      highest_ratio = std::max(highest_ratio, ratio);
      highest = std::max(highest, static_cast<double>(augmented.intensity[i]));
    }
    EXPECT_EQ(highest, 1.0);
    EXPECT_LE(highest_ratio / lowest_ratio, 1.15 / 0.85 + 1e-6);
    EXPECT_GT(highest_ratio / lowest_ratio, 1.0); // the factors do vary
  }
}

TEST(Augmenter, SameGeneratorStateGivesTheSameAugmentation)
{
  const auto tokens = sampleTokens();
  std::mt19937_64 first(5), second(5);
  const auto a = Augmenter()(tokens, first);
  const auto b = Augmenter()(tokens, second);
  EXPECT_EQ(a.mz, b.mz);
  EXPECT_EQ(a.intensity, b.intensity);
}

TEST(Augmenter, FewLowIntensityPeaksMeansNoneRemoved)
{
  TokenSequence tokens;
  tokens.mz = {300.0f, 100.0f, 150.0f, 200.0f, 250.0f};
  tokens.intensity = {2.0f, 0.1f, 0.2f, 1.0f, 0.5f}; // two low peaks: floor(0.4) = 0 removed
  std::mt19937_64 random(1);
  EXPECT_EQ(Augmenter()(tokens, random).size(), tokens.size());
}

TEST(Augmenter, RejectsSettingsOutsideTheUnitInterval)
{
  AugmentationSettings settings;
  settings.removal_max = 1.5;
  EXPECT_THROW(Augmenter{settings}, ParameterError);
}

TEST(Augmenter, AddsNoisePeaksBelowThePrecursorAndShiftsThePrecursorWithinItsPpm)
{
  const auto tokens = sampleTokens();
  AugmentationSettings settings;
  settings.removal_max = 0.0;
  settings.rate_intensity = 0.0;
  settings.noise_peaks = 10;
  settings.noise_intensity = 0.02;
  settings.precursor_ppm = 5.0;
  std::mt19937_64 random(3);
  size_t most_added = 0, least_added = 100;
  bool shifted = false;
  for (int trial = 0; trial < 200; ++trial)
  {
    const auto augmented = Augmenter(settings)(tokens, random);
    ASSERT_GE(augmented.size(), tokens.size());
    const size_t added = augmented.size() - tokens.size();
    ASSERT_LE(added, 10u);
    most_added = std::max(most_added, added);
    least_added = std::min(least_added, added);
    // |shift| <= 5 ppm of 412.5, float rounding aside.
    EXPECT_LE(std::abs(augmented.mz[0] - tokens.mz[0]), 412.5f * 5e-6f + 1e-4f);
    shifted = shifted || augmented.mz[0] != tokens.mz[0];
    EXPECT_EQ(augmented.intensity[0], tokens.intensity[0]);
    size_t noise = 0;
    for (size_t i = 1; i < augmented.size(); ++i)
    {
      if (i > 1) EXPECT_LE(augmented.mz[i - 1], augmented.mz[i]);
      const bool original = std::find(tokens.mz.begin() + 1, tokens.mz.end(), augmented.mz[i]) != tokens.mz.end();
      if (original) continue;
      ++noise;
      EXPECT_LE(augmented.mz[i], tokens.mz[0]);
      EXPECT_LE(augmented.intensity[i], 0.02f);
    }
    EXPECT_EQ(noise, added);
  }
  EXPECT_EQ(least_added, 0u);
  EXPECT_EQ(most_added, 10u);
  EXPECT_TRUE(shifted);
}

TEST(Augmenter, NoisePeaksNeverLengthenTheSpectrum)
{
  // A spectrum of max_peaks peaks stays within them: of its peaks and the noise, the most intense stay.
  TokenSequence tokens;
  tokens.mz = {500.0f};
  tokens.intensity = {2.0f};
  for (int i = 0; i < 99; ++i)
  {
    tokens.mz.push_back(50.0f + 4.0f * static_cast<float>(i));
    tokens.intensity.push_back(0.5f + 0.005f * static_cast<float>(i));
  }
  AugmentationSettings settings;
  settings.noise_peaks = 10;
  settings.noise_intensity = 1.0;
  std::mt19937_64 random(9);
  for (int trial = 0; trial < 50; ++trial) EXPECT_EQ(Augmenter(settings)(tokens, random).size(), tokens.size());
}

TEST(Augmenter, WithoutNoiseSettingsDrawsAsTheReferenceDoes)
{
  // The noise settings at their defaults draw no random numbers, so the reference's augmentation is unchanged.
  const auto tokens = sampleTokens();
  AugmentationSettings settings;
  settings.noise_intensity = 0.5;
  std::mt19937_64 a(5), b(5);
  for (int trial = 0; trial < 20; ++trial)
  {
    const auto plain = Augmenter()(tokens, a);
    const auto same = Augmenter(settings)(tokens, b);
    EXPECT_EQ(plain.mz, same.mz);
    EXPECT_EQ(plain.intensity, same.intensity);
  }
}
