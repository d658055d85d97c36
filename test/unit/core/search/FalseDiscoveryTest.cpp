// Target-decoy q-values and the decoy spectra they need.
#include "core/Errors.h"
#include "core/search/DecoySpectra.h"
#include "core/search/FalseDiscovery.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

using namespace SpecEmbedding;

TEST(SearchFalseDiscovery, QValuesOfAHandMadeTargetDecoyList)
{
  // Best first: T .9, T .8, D .7, T .6, T .5, D .4, D .3, T .2. The estimated FDR at each threshold is
  // decoys / targets at or above it: 0, 0, 1/2, 1/3, 1/4, 2/4, 3/4, 3/5; a q-value is the lowest FDR of a
  // threshold at or below the hit's score.
  const std::vector<double> scores = {0.5, 0.9, 0.7, 0.2, 0.8, 0.4, 0.6, 0.3};
  const std::vector<bool> decoy = {false, false, true, false, false, true, false, true};
  const auto q = targetDecoyQValues(scores, decoy);
  const std::vector<double> expected = {0.25, 0.0, 0.25, 0.6, 0.0, 0.5, 0.25, 0.6};
  ASSERT_EQ(q.size(), expected.size());
  for (size_t i = 0; i < q.size(); ++i) EXPECT_NEAR(q[i], expected[i], 1e-12) << "entry " << i;
}

TEST(SearchFalseDiscovery, EqualScoresAreAcceptedTogether)
{
  // T .9, then T and D at .75: at .75 one decoy per two targets, for both.
  const auto q = targetDecoyQValues({0.9, 0.75, 0.75}, {false, false, true});
  EXPECT_DOUBLE_EQ(q[0], 0.0);
  EXPECT_DOUBLE_EQ(q[1], 0.5);
  EXPECT_DOUBLE_EQ(q[2], 0.5);
  EXPECT_DOUBLE_EQ(targetDecoyQValues({0.4}, {true})[0], 1.0); // only decoys: capped at 1
  EXPECT_THROW(targetDecoyQValues({0.4}, {}), ParameterError);
}

namespace
{
  Spectrum spectrum(const std::string& id, double precursor, std::vector<double> mz)
  {
    Spectrum s;
    s.id = id;
    s.name = id;
    s.inchikey = "AAAAAAAAAAAAAA-BBBBBBBBBB-N";
    s.smiles = "CCO";
    s.formula = "C2H6O";
    s.ion_mode = "positive";
    s.adduct = "[M+H]+";
    s.precursor_mz = precursor;
    s.charge = 1;
    for (double value : mz)
    {
      s.mz.push_back(value);
      s.intensity.push_back(value); // distinct intensities
    }
    return s;
  }

  std::vector<Spectrum> smallLibrary()
  {
    return {spectrum("a", 300.0, {77.04, 91.05, 105.07, 121.06, 150.10, 300.0}), spectrum("b", 250.0, {77.04, 95.05, 133.1, 160.2, 201.3}),
            spectrum("c", 400.0, {91.05, 133.1, 180.3, 222.4, 281.2, 350.5, 399.9}), spectrum("d", 180.0, {65.0, 91.05, 119.2, 150.10})};
  }
}

TEST(SearchFalseDiscovery, DecoysKeepThePrecursorAndDrawFragmentsElsewhere)
{
  const auto library = smallLibrary();
  const double tolerance = 0.01;
  const auto decoys = makeDecoys(library, DecoyMethod::SpectrumBased, tolerance, 7);
  ASSERT_EQ(decoys.size(), library.size());
  std::set<double> library_mz;
  for (const auto& s : library) library_mz.insert(s.mz.begin(), s.mz.end());
  for (size_t i = 0; i < library.size(); ++i)
  {
    const auto& target = library[i];
    const auto& decoy = decoys[i];
    SCOPED_TRACE(target.id);
    EXPECT_EQ(decoy.id, "DECOY_" + target.id);
    EXPECT_EQ(decoy.precursor_mz, target.precursor_mz);
    EXPECT_EQ(decoy.ion_mode, target.ion_mode);
    EXPECT_EQ(decoy.adduct, target.adduct);
    EXPECT_EQ(decoy.charge, target.charge);
    EXPECT_TRUE(decoy.inchikey.empty() && decoy.smiles.empty() && decoy.formula.empty());
    EXPECT_EQ(decoy.mz.size(), target.mz.size());
    ASSERT_EQ(decoy.intensity.size(), decoy.mz.size());
    for (size_t p = 0; p < decoy.mz.size(); ++p)
    {
      const double mz = decoy.mz[p];
      EXPECT_TRUE(library_mz.count(mz)) << mz << " is no library peak";
      if (p > 0) EXPECT_GT(mz - decoy.mz[p - 1], tolerance) << "peaks closer than the tolerance";
      EXPECT_GT(decoy.intensity[p], 0.0);
      if (std::abs(mz - target.precursor_mz) <= tolerance) continue; // the target's own precursor peak
      EXPECT_LT(mz, target.precursor_mz - tolerance);
      for (double fragment : target.mz) EXPECT_GT(std::abs(mz - fragment), tolerance) << "decoy peak at the target's fragment " << fragment;
    }
  }
  // The target's precursor peak stays.
  EXPECT_TRUE(std::count(decoys[0].mz.begin(), decoys[0].mz.end(), 300.0));
}

TEST(SearchFalseDiscovery, DecoysAreDeterministicForASeed)
{
  const auto library = smallLibrary();
  const auto once = makeDecoys(library, DecoyMethod::SpectrumBased, 0.01, 7), again = makeDecoys(library, DecoyMethod::SpectrumBased, 0.01, 7);
  const auto other = makeDecoys(library, DecoyMethod::SpectrumBased, 0.01, 8);
  bool differs = false;
  for (size_t i = 0; i < library.size(); ++i)
  {
    EXPECT_EQ(once[i].mz, again[i].mz);
    EXPECT_EQ(once[i].intensity, again[i].intensity);
    differs = differs || once[i].mz != other[i].mz;
  }
  EXPECT_TRUE(differs);
  EXPECT_THROW(makeDecoys(library, DecoyMethod::SpectrumBased, 0.0), ParameterError);
  EXPECT_THROW(fromWord<DecoyMethod>("shuffled"), ParameterError);
}

TEST(SearchFalseDiscovery, TheCurveGivesScoresBetweenBestHitsTheirThresholdsQValue)
{
  // Best hits as in the hand-made list; a score of 0.65 is accepted by thresholds in (0.6, 0.65], which
  // accept the best hits down to 0.7 (FDR 1/2), and by every lower threshold: q = 1/4. Above all: 0.
  const QValueCurve curve({0.5, 0.9, 0.7, 0.2, 0.8, 0.4, 0.6, 0.3}, {false, false, true, false, false, true, false, true});
  EXPECT_DOUBLE_EQ(curve(0.65), 0.25);
  EXPECT_DOUBLE_EQ(curve(0.95), 0.0);
  EXPECT_DOUBLE_EQ(curve(0.85), 0.0);
  EXPECT_DOUBLE_EQ(curve(0.1), 0.6);
  EXPECT_DOUBLE_EQ(QValueCurve({}, {})(0.5), 1.0);
}

TEST(SearchFalseDiscovery, QValuesFromConfidencesAreTheMeanErrorOfTheAcceptedBestHits)
{
  // Best hits of confidence 0.99, 0.9, 0.9, 0.6 and 0.2 (and one without): accepting down to 0.99 expects
  // 0.01 false hits of 1; down to 0.9, (0.01 + 0.1 + 0.1) / 3 = 0.07; down to 0.6, 0.61 / 4 = 0.1525; all,
  // 1.41 / 5 = 0.282. The q-value of a confidence is the lowest FDR of a threshold that accepts it; none
  // is 1.
  const auto curve = QValueCurve::fromConfidences({0.9, 0.2, 0.99, std::nan(""), 0.6, 0.9});
  EXPECT_NEAR(curve(0.99), 0.01, 1e-12);
  EXPECT_NEAR(curve(0.9), 0.07, 1e-12);
  EXPECT_NEAR(curve(0.95), 0.01, 1e-12); // accepted by thresholds in (0.9, 0.95], which accept 0.99 alone
  EXPECT_NEAR(curve(0.6), 0.1525, 1e-12);
  EXPECT_NEAR(curve(0.2), 0.282, 1e-12);
  EXPECT_NEAR(curve(1.0), 0.01, 1e-12);
  EXPECT_DOUBLE_EQ(curve(std::nan("")), 1.0);
  EXPECT_DOUBLE_EQ(QValueCurve::fromConfidences({})(0.5), 1.0);
}

TEST(SearchFalseDiscovery, IsomerLikeDecoysKeepHalfOfTheTargetsFragments)
{
  const auto library = smallLibrary();
  const double tolerance = 0.01;
  const auto decoys = makeDecoys(library, DecoyMethod::IsomerLike, tolerance, 7);
  ASSERT_EQ(decoys.size(), library.size());
  for (size_t i = 0; i < library.size(); ++i)
  {
    const auto& target = library[i];
    const auto& decoy = decoys[i];
    SCOPED_TRACE(target.id);
    EXPECT_EQ(decoy.precursor_mz, target.precursor_mz);
    EXPECT_EQ(decoy.mz.size(), target.mz.size());
    size_t fragments = 0, kept = 0;
    for (double fragment : target.mz)
    {
      if (std::abs(fragment - target.precursor_mz) <= tolerance) continue;
      ++fragments;
      kept += std::count(decoy.mz.begin(), decoy.mz.end(), fragment);
    }
    EXPECT_EQ(kept, (fragments + 1) / 2);
    for (size_t p = 1; p < decoy.mz.size(); ++p) EXPECT_GT(decoy.mz[p] - decoy.mz[p - 1], tolerance);
  }
  EXPECT_EQ(toString(fromWord<DecoyMethod>("isomer_like")), "isomer_like");
}
