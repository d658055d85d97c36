#include "core/search/FragmentIndex.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace SpecEmbedding;

namespace
{
  /// Random spectra whose fragments often coincide (a small m/z grid with jitter) and whose precursors often
  /// differ by a fragment's worth, so that matches across the precursor shift are common.
  std::vector<PeakList> randomSpectra(size_t count, std::mt19937_64& random)
  {
    std::uniform_int_distribution<int> peaks(1, 12), grid(0, 60), shift(0, 5);
    std::uniform_real_distribution<double> jitter(-0.015, 0.015), intensity(0.01, 1.0);
    std::vector<PeakList> spectra(count);
    for (auto& spectrum : spectra)
    {
      spectrum.precursor_mz = 300.0 + 14.0 * shift(random);
      for (int i = 0, n = peaks(random); i < n; ++i)
      {
        spectrum.mz.push_back(50.0 + 4.0 * grid(random) + jitter(random));
        spectrum.intensity.push_back(intensity(random));
      }
    }
    return spectra;
  }

  /// Every accepted entry scored pairwise: the ranking the index must reproduce.
  std::vector<IndexedScore> pairwise(const std::vector<PeakList>& library, const PeakList& query, size_t k, const std::function<bool(int64_t)>& accept)
  {
    const SpectralScorer scorer(SpectralScorer::Method::ModifiedCosine);
    const auto prepared = scorer.prepare(query);
    std::vector<IndexedScore> scores;
    for (size_t j = 0; j < library.size(); ++j)
    {
      if (!accept(static_cast<int64_t>(j))) continue;
      const double score = scorer.score(prepared, scorer.prepare(library[j]));
      if (score > 0.0) scores.push_back({static_cast<int64_t>(j), score});
    }
    std::sort(scores.begin(), scores.end(), [](const IndexedScore& a, const IndexedScore& b) {
      return a.score != b.score ? a.score > b.score : a.library_index < b.library_index;
    });
    if (scores.size() > k) scores.resize(k);
    return scores;
  }
}

TEST(FragmentIndex, BestEqualsThePairwiseModifiedCosineOnRandomSpectra)
{
  std::mt19937_64 random(11);
  const auto library = randomSpectra(400, random);
  const FragmentIndex index(library.size(), [&](int64_t j) { return library[static_cast<size_t>(j)]; }, 0.02);
  const auto queries = randomSpectra(60, random);
  for (size_t q = 0; q < queries.size(); ++q)
  {
    const auto accept = [&](int64_t j) { return j % 7 != static_cast<int64_t>(q % 7); }; // some entries excluded
    for (const size_t k : {1u, 5u, 50u})
    {
      const auto expected = pairwise(library, queries[q], k, accept);
      const auto found = index.best(queries[q], k, accept);
      ASSERT_EQ(found.size(), expected.size()) << "query " << q << ", k " << k;
      for (size_t i = 0; i < found.size(); ++i)
      {
        EXPECT_EQ(found[i].library_index, expected[i].library_index) << "query " << q << ", k " << k << ", rank " << i;
        EXPECT_NEAR(found[i].score, expected[i].score, 1e-6);
      }
    }
  }
}

TEST(FragmentIndex, BoundsHoldEveryPairAcrossThePrecursorShift)
{
  // The query at 300 (fragments 100, 200); entry 0 at 316 holds 100 and 216 (200 + 16 across the shift),
  // entry 1 at 300 holds 150 only, entry 2 has no precursor and holds 216 only (no shift without one).
  const std::vector<PeakList> library = {{{100.0, 216.0}, {1.0, 1.0}, 316.0}, {{150.0}, {1.0}, 300.0}, {{216.0}, {1.0}, NAN}};
  const FragmentIndex index(library.size(), [&](int64_t j) { return library[static_cast<size_t>(j)]; }, 0.02);
  const SpectralScorer scorer(SpectralScorer::Method::ModifiedCosine);
  const auto query = scorer.prepare({{100.0, 200.0}, {1.0, 1.0}, 300.0});
  const auto bounds = index.bounds(query);
  ASSERT_EQ(bounds.size(), 1u);
  EXPECT_EQ(bounds[0].library_index, 0);
  EXPECT_NEAR(bounds[0].score, 1.0, 1e-6); // both pairs, each 1/sqrt(2) x 1/sqrt(2)
  const auto best = index.best({{100.0, 200.0}, {1.0, 1.0}, 300.0}, 3, {});
  ASSERT_EQ(best.size(), 1u);
  EXPECT_NEAR(best[0].score, scorer.score(query, index.prepared(0)), 1e-12);
}
