#include "core/search/SpectralAnalogSearch.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  // The query at 300 with fragments 100 and 200; library entries by precursor m/z:
  // 0: 300.001 (identity window), 1: 316 (+16, fragments 100 and 216: both match, one across the shift),
  // 2: 350 (fragment 100 only), 3: 450 (beyond the 100 Da analog window), 4: no precursor,
  // 5: 280 (no shared fragment), 6: 316 (like 1, excluded by the caller).
  const std::vector<Spectrum> kLibrary = {
    TestSupport::makeSpectrum("identity", 300.001, {100.0, 200.0}, {1.0, 1.0}),
    TestSupport::makeSpectrum("plus16", 316.0, {100.0, 216.0}, {1.0, 1.0}),
    TestSupport::makeSpectrum("one fragment", 350.0, {100.0, 120.0}, {1.0, 1.0}),
    TestSupport::makeSpectrum("too far", 450.0, {100.0, 200.0}, {1.0, 1.0}),
    TestSupport::makeSpectrum("no precursor", 0.0, {100.0, 200.0}, {1.0, 1.0}),
    TestSupport::makeSpectrum("disjoint", 280.0, {110.0, 210.0}, {1.0, 1.0}),
    TestSupport::makeSpectrum("excluded", 316.0, {100.0, 216.0}, {1.0, 1.0})};

  SpectralAnalogSearch search()
  {
    std::vector<double> precursors;
    for (const auto& spectrum : kLibrary) precursors.push_back(spectrum.precursor_mz);
    const auto index = std::make_shared<const FragmentIndex>(kLibrary.size(), [](int64_t j) { return peakListOf(kLibrary[j]); }, 0.02);
    return SpectralAnalogSearch(torch::tensor(precursors, torch::kFloat64), index, 100.0);
  }
}

TEST(SpectralAnalogSearch, RanksTheAnalogWindowByModifiedCosine)
{
  const auto analogs = search();
  const auto query = TestSupport::makeSpectrum("q", 300.0, {100.0, 200.0}, {1.0, 1.0});
  const auto found = analogs.best(query, 0.01, 5, [](int64_t j) { return j == 6; });
  ASSERT_EQ(found.size(), 2u);
  // Entry 1 matches both fragments (200 across the +16 shift): cosine 1. Entry 2 matches one of two equal
  // peaks on each side (square roots of 1): 0.5.
  EXPECT_EQ(found[0].library_index, 1);
  EXPECT_NEAR(found[0].score, 1.0, 1e-12);
  EXPECT_EQ(found[1].library_index, 2);
  EXPECT_NEAR(found[1].score, 0.5, 1e-12);
  EXPECT_EQ(analogs.best(query, 0.01, 1, [](int64_t) { return false; }).size(), 1u);
}

TEST(SpectralAnalogSearch, AQueryWithoutPrecursorHasNoAnalogs)
{
  const auto analogs = search();
  const auto query = TestSupport::makeSpectrum("q", 0.0, {100.0, 200.0}, {1.0, 1.0});
  EXPECT_TRUE(analogs.best(query, 0.01, 5, [](int64_t) { return false; }).empty());
}
