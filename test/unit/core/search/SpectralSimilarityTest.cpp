#include "core/Errors.h"
#include "core/search/SpectralSimilarity.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  double xLog2X(double x) { return x * std::log2(x); }
  // One matched peak pair's contribution to the entropy similarity, halved as in ms_entropy.
  double matchedPair(double a, double b) { return (xLog2X(a + b) - xLog2X(a) - xLog2X(b)) / 2.0; }
}

TEST(SearchSpectralSimilarity, IdenticalSpectraScoreOne)
{
  const PeakList peaks{{80.0, 120.5, 300.2}, {10.0, 100.0, 35.0}};
  EXPECT_NEAR(entropySimilarity(peaks, peaks), 1.0, 1e-12);
  EXPECT_NEAR(entropySimilarity(peaks, peaks, 0.02, false), 1.0, 1e-12);
  EXPECT_NEAR(greedyCosine(peaks, peaks), 1.0, 1e-12);
}

TEST(SearchSpectralSimilarity, DisjointSpectraScoreZero)
{
  const PeakList a{{100.0, 200.0}, {1.0, 2.0}};
  const PeakList b{{100.5, 300.0}, {1.0, 2.0}};
  EXPECT_EQ(entropySimilarity(a, b), 0.0);
  EXPECT_EQ(entropySimilarity(a, b, 0.02, false), 0.0);
  EXPECT_EQ(greedyCosine(a, b), 0.0);
  EXPECT_EQ(entropySimilarity(a, PeakList{}), 0.0);
  EXPECT_EQ(greedyCosine(PeakList{}, b), 0.0);
}

TEST(SearchSpectralSimilarity, UnweightedEntropyOfAPartialOverlap)
{
  // Normalised: a = {100: 0.75, 200: 0.25}, b = {100: 0.5, 300: 0.5}; only m/z 100 matches.
  const PeakList a{{100.0, 200.0}, {3.0, 1.0}};
  const PeakList b{{100.01, 300.0}, {1.0, 1.0}};
  EXPECT_NEAR(entropySimilarity(a, b, 0.02, false), matchedPair(0.75, 0.5), 1e-12);
  EXPECT_NEAR(entropySimilarity(a, b, 0.02, false), 0.6068441215, 1e-9);
}

TEST(SearchSpectralSimilarity, WeightedEntropyFlattensLowEntropySpectra)
{
  const PeakList a{{100.0, 200.0}, {3.0, 1.0}};
  const PeakList b{{100.0, 300.0}, {1.0, 1.0}};
  // a's entropy is below 3, so its intensities are raised to 0.25 + 0.25 * entropy and renormalised;
  // b's stay equal.
  const double entropy = -(0.75 * std::log(0.75) + 0.25 * std::log(0.25));
  const double weight = 0.25 + 0.25 * entropy;
  const double weighted_100 = std::pow(0.75, weight) / (std::pow(0.75, weight) + std::pow(0.25, weight));
  EXPECT_NEAR(entropySimilarity(a, b), matchedPair(weighted_100, 0.5), 1e-12);
  EXPECT_NEAR(entropySimilarity(a, b), 0.5491821195, 1e-9);
}

TEST(SearchSpectralSimilarity, EntropyCentroidsCloseAndDropsNoisePeaks)
{
  // 100.00 and 100.01 are closer than twice the tolerance and merge into one peak of intensity 2;
  // the peak at 250 is under 1 % of the highest and is dropped.
  const PeakList split{{100.0, 100.01, 200.0, 250.0}, {1.0, 1.0, 2.0, 0.01}};
  const PeakList merged{{100.005, 200.0}, {2.0, 2.0}};
  EXPECT_NEAR(entropySimilarity(split, merged), 1.0, 1e-12);

  const SpectralScorer scorer(SpectralScorer::Method::UnweightedEntropy, 0.02);
  const auto prepared = scorer.prepare(split);
  ASSERT_EQ(prepared.size(), 2u);
  EXPECT_NEAR(prepared.mz[0], 100.005, 1e-9);
  EXPECT_NEAR(prepared.intensity[0], 0.5, 1e-12);
}

TEST(SearchSpectralSimilarity, EntropyRespectsTheFragmentTolerance)
{
  const PeakList a{{100.0}, {1.0}};
  const PeakList b{{100.03}, {1.0}};
  EXPECT_EQ(entropySimilarity(a, b, 0.02), 0.0);
  EXPECT_NEAR(entropySimilarity(a, b, 0.05), 1.0, 1e-12);
}

TEST(SearchSpectralSimilarity, CosineOfAPartialOverlap)
{
  // Only m/z 100 matches: 3 * 3 / (|(3, 4)| * |(3, 4)|).
  const PeakList a{{100.0, 200.0}, {3.0, 4.0}};
  const PeakList b{{100.01, 300.0}, {3.0, 4.0}};
  EXPECT_NEAR(greedyCosine(a, b), 9.0 / 25.0, 1e-12);
}

TEST(SearchSpectralSimilarity, CosineTakesTheLargestProductFirstAndEachPeakOnce)
{
  // Both peaks of a lie within the tolerance of b's single peak; the pair 100.03 x 100.015 (2 x 2) wins.
  const PeakList a{{100.0, 100.03}, {1.0, 2.0}};
  const PeakList b{{100.015}, {2.0}};
  EXPECT_NEAR(greedyCosine(a, b), 4.0 / (std::sqrt(5.0) * 2.0), 1e-12);
}

namespace
{
  PeakList withPrecursor(PeakList peaks, double precursor_mz)
  {
    peaks.precursor_mz = precursor_mz;
    return peaks;
  }

  double modifiedCosine(const PeakList& a, const PeakList& b)
  {
    const SpectralScorer scorer(SpectralScorer::Method::ModifiedCosine);
    return scorer.score(scorer.prepare(a), scorer.prepare(b));
  }
}

TEST(SearchSpectralSimilarity, ModifiedCosineMatchesFragmentsAcrossThePrecursorShift)
{
  // b is a plus 14 Da on the fragment at 250. Square-root intensities: a = (2, 3), b = (2, 3).
  const auto a = withPrecursor(PeakList{{100.0, 250.0}, {4.0, 9.0}}, 300.0);
  const auto b = withPrecursor(PeakList{{100.0, 264.0}, {4.0, 9.0}}, 314.0);
  EXPECT_NEAR(modifiedCosine(a, b), (2.0 * 2.0 + 3.0 * 3.0) / 13.0, 1e-12);
  EXPECT_NEAR(modifiedCosine(b, a), 1.0, 1e-12);
  // Without both precursors, only the fragment at 100 matches: the cosine of the square roots.
  EXPECT_NEAR(modifiedCosine(a, withPrecursor(b, std::nan(""))), 4.0 / 13.0, 1e-12);
  EXPECT_NEAR(modifiedCosine(PeakList{a.mz, a.intensity}, b), 4.0 / 13.0, 1e-12);
  EXPECT_NEAR(modifiedCosine(withPrecursor(a, 0.0), b), 4.0 / 13.0, 1e-12); // 0: unknown, as in Spectrum
}

TEST(SearchSpectralSimilarity, ModifiedCosineMatchesEachPeakOnce)
{
  // b's single peak (114) matches a's 114 directly and a's 100 across the shift of -14: it counts once,
  // 1 x (1 / sqrt(2)).
  const auto a = withPrecursor(PeakList{{100.0, 114.0}, {1.0, 1.0}}, 200.0);
  const auto b = withPrecursor(PeakList{{114.0}, {1.0}}, 214.0);
  EXPECT_NEAR(modifiedCosine(a, b), 1.0 / std::sqrt(2.0), 1e-12);
  EXPECT_EQ(fromWord<SpectralScorer::Method>("modified_cosine"), SpectralScorer::Method::ModifiedCosine);
  EXPECT_EQ(toString(SpectralScorer::Method::ModifiedCosine), "modified_cosine");
}

TEST(SearchSpectralSimilarity, UnsortedInputAndZeroIntensitiesAreHandled)
{
  const PeakList sorted{{100.0, 200.0}, {1.0, 2.0}};
  const PeakList unsorted{{200.0, 150.0, 100.0}, {2.0, 0.0, 1.0}};
  EXPECT_NEAR(entropySimilarity(sorted, unsorted), 1.0, 1e-12);
  EXPECT_NEAR(greedyCosine(sorted, unsorted), 1.0, 1e-12);
}

TEST(SearchSpectralSimilarity, InvalidSettingsAreRejected)
{
  EXPECT_THROW(SpectralScorer(SpectralScorer::Method::Entropy, 0.0), ParameterError);
  EXPECT_THROW(SpectralScorer(SpectralScorer::Method::Cosine, std::nan("")), ParameterError);
  EXPECT_THROW(fromWord<SpectralScorer::Method>("dot"), ParameterError);
  EXPECT_EQ(fromWord<SpectralScorer::Method>("unweighted_entropy"), SpectralScorer::Method::UnweightedEntropy);
  EXPECT_THROW(entropySimilarity(PeakList{{100.0}, {}}, PeakList{{100.0}, {1.0}}), InputError);
}
