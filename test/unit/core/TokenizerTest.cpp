#include "core/Errors.h"
#include "core/Tokenizer.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  Spectrum makeSpectrum(std::vector<double> mz, std::vector<double> intensity, double precursor = 300.0)
  {
    Spectrum spectrum;
    spectrum.id = "test";
    spectrum.precursor_mz = precursor;
    spectrum.mz = std::move(mz);
    spectrum.intensity = std::move(intensity);
    return spectrum;
  }
}

TEST(Tokenizer, PrecursorTokenFirstAndIntensitiesNormalised)
{
  const auto tokens = Tokenizer(100).tokenize(makeSpectrum({50.0, 60.0, 70.0}, {10.0, 40.0, 20.0}, 123.456));
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_FLOAT_EQ(tokens.mz[0], 123.456f);
  EXPECT_FLOAT_EQ(tokens.intensity[0], 2.0f);
  EXPECT_FLOAT_EQ(tokens.mz[1], 50.0f);
  EXPECT_FLOAT_EQ(tokens.intensity[1], 0.25f);
  EXPECT_FLOAT_EQ(tokens.intensity[2], 1.0f);
  EXPECT_FLOAT_EQ(tokens.intensity[3], 0.5f);
}

TEST(Tokenizer, KeepsTheMostIntenseMaxLenMinusOnePeaksInMzOrder)
{
  std::vector<double> mz, intensity;
  for (int i = 0; i < 150; ++i)
  {
    mz.push_back(100.0 + i);
    intensity.push_back((i * 37) % 150 + 1.0); // a permutation of 1..150
  }
  const auto tokens = Tokenizer(100).tokenize(makeSpectrum(mz, intensity));
  ASSERT_EQ(tokens.size(), 100u);
  for (size_t i = 2; i < tokens.size(); ++i) EXPECT_LT(tokens.mz[i - 1], tokens.mz[i]);
  // The 99 kept peaks are those with intensity 52..150: normalised by 150, all >= 52/150.
  for (size_t i = 1; i < tokens.size(); ++i) EXPECT_GE(tokens.intensity[i], 52.0f / 150.0f - 1e-7f);
}

TEST(Tokenizer, TiesAtTheCutOffKeepTheHigherMz)
{
  // Three peaks share the lowest kept intensity; max_len 3 keeps two peaks.
  const auto tokens = Tokenizer(3).tokenize(makeSpectrum({100.0, 200.0, 300.0, 400.0}, {5.0, 5.0, 9.0, 5.0}));
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_FLOAT_EQ(tokens.mz[1], 300.0f);
  EXPECT_FLOAT_EQ(tokens.mz[2], 400.0f);
  // Deterministic: the same input always gives the same tokens.
  const auto again = Tokenizer(3).tokenize(makeSpectrum({100.0, 200.0, 300.0, 400.0}, {5.0, 5.0, 9.0, 5.0}));
  EXPECT_EQ(again.mz, tokens.mz);
}

TEST(Tokenizer, NormalisesInFloat32)
{
  const auto tokens = Tokenizer(100).tokenize(makeSpectrum({100.0, 200.0}, {1.0 / 3.0, 3.0e7}));
  EXPECT_EQ(tokens.intensity[1], static_cast<float>(1.0 / 3.0) / static_cast<float>(3.0e7));
}

TEST(Tokenizer, MissingPrecursorIsAClearError)
{
  const auto spectrum = makeSpectrum({100.0}, {1.0}, 0.0);
  const Tokenizer tokenizer(100);
  ASSERT_TRUE(tokenizer.problem(spectrum).has_value());
  EXPECT_EQ(*tokenizer.problem(spectrum), "no precursor m/z");
  try
  {
    tokenizer.tokenize(spectrum);
    FAIL() << "expected InputError";
  }
  catch (const InputError& error)
  {
    EXPECT_NE(std::string(error.what()).find("'test'"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("no precursor"), std::string::npos);
  }
}

TEST(Tokenizer, NoPeaksAndNonFiniteValuesAreProblems)
{
  const Tokenizer tokenizer(100);
  EXPECT_EQ(*tokenizer.problem(makeSpectrum({}, {})), "no peaks");
  EXPECT_EQ(*tokenizer.problem(makeSpectrum({100.0}, {0.0})), "no peaks");
  EXPECT_EQ(*tokenizer.problem(makeSpectrum({100.0}, {std::nan("")})), "non-finite m/z or intensity");
}
