#include "core/calibration/CandidateScorer.h"
#include "core/search/CandidateFeatures.h"
#include "core/search/MorganFingerprints.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;
using TestSupport::makeSpectrum;

namespace
{
  // Compound A (ethanol): two spectra; B (propanol), 15.994915 Da (+O) above the query, fragments 100 and
  // 166 (150 + O); C (benzene) 100 Da above. Embeddings along three axes; the query's is (0.6, 0.8, 0).
  EmbeddingLibrary library()
  {
    const std::vector<Spectrum> spectra = {
      makeSpectrum("a1", 200.0, {100.0, 150.0}, {1.0, 1.0}, "AAAAAAAAAAAAAA-X", "CCO", "positive"),
      makeSpectrum("a2", 200.0, {100.0}, {1.0}, "AAAAAAAAAAAAAA-X", "CCO", "positive"),
      makeSpectrum("b", 215.994915, {100.0, 166.0}, {1.0, 1.0}, "BBBBBBBBBBBBBB-X", "CCCO", "positive"),
      makeSpectrum("c", 300.0, {50.0}, {1.0}, "CCCCCCCCCCCCCC-X", "c1ccccc1", "positive")};
    const auto embeddings = torch::tensor({{1.0f, 0.0f, 0.0f}, {0.8f, 0.6f, 0.0f}, {0.0f, 1.0f, 0.0f}, {0.0f, 0.0f, 1.0f}});
    return EmbeddingLibrary::build(spectra, embeddings, "model").withCompounds();
  }

  Hit candidate(size_t entry, double cosine, double mass_difference)
  {
    Hit hit{0, entry, 1, cosine, cosine, NAN};
    hit.kind = HitKind::Unfiltered;
    hit.mass_difference = mass_difference;
    return hit;
  }

  float feature(const std::vector<float>& rows, size_t candidate, const std::string& name)
  {
    const auto& names = candidateFeatureNames();
    const auto column = static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
    EXPECT_LT(column, names.size()) << name;
    return rows.at(candidate * names.size() + column);
  }
}

TEST(CandidateFeatures, KnownModifications)
{
  EXPECT_TRUE(knownModification(15.994915));   // +O
  EXPECT_TRUE(knownModification(-162.0528));   // a hexose lost
  EXPECT_TRUE(knownModification(21.98));       // Na for H, within 5 mDa
  EXPECT_FALSE(knownModification(0.0));
  EXPECT_FALSE(knownModification(16.02));
  EXPECT_FALSE(knownModification(NAN));
}

TEST(CandidateFeatures, OfHandMadeCandidates)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "the neighbourhood features need RDKit";
  const auto built = library();
  CandidateFeatures features(built);
  const auto query = makeSpectrum("q", 200.0, {100.0, 150.0}, {1.0, 1.0}, "", "", "positive");
  const std::vector<Hit> candidates = {candidate(0, 0.6, 0.0), candidate(1, 0.96, 0.0), candidate(2, 0.8, 15.994915), candidate(3, 0.0, 100.0)};
  features.prepare({candidates});
  const auto rows = features.rows(query, torch::tensor({0.6f, 0.8f, 0.0f}), candidates);
  ASSERT_EQ(rows.size(), 4 * candidateFeatureNames().size());

  // The embedding: ranks 3, 1, 2, 4; margins over the best candidate of another compound.
  EXPECT_FLOAT_EQ(feature(rows, 1, "embedding_cosine"), 0.96f);
  EXPECT_FLOAT_EQ(feature(rows, 0, "embedding_rank"), 3.0f);
  EXPECT_FLOAT_EQ(feature(rows, 1, "embedding_rank"), 1.0f);
  EXPECT_FLOAT_EQ(feature(rows, 3, "embedding_rank"), 4.0f);
  EXPECT_NEAR(feature(rows, 0, "embedding_margin"), 0.6 - 0.8, 1e-6);
  EXPECT_NEAR(feature(rows, 1, "embedding_margin"), 0.96 - 0.8, 1e-6);
  EXPECT_NEAR(feature(rows, 2, "embedding_margin"), 0.8 - 0.96, 1e-6);

  // The peaks. a1 is the query's spectrum: every score 1, both peaks matched. b matches 100 as it is and 166
  // across the precursor shift: modified cosine 1 (two of two unit-norm halves), cosine 0.5; entropy of one
  // shared peak of equal halves: (f(1) - 2 f(0.5)) / 2 = 0.5 with f(x) = x log2 x. a2 holds 100 alone:
  // entropy (f(1.5) - f(0.5) - f(1)) / 2 = 0.688722.
  EXPECT_NEAR(feature(rows, 0, "entropy"), 1.0, 1e-6);
  EXPECT_NEAR(feature(rows, 0, "modified_cosine"), 1.0, 1e-6);
  EXPECT_NEAR(feature(rows, 0, "cosine"), 1.0, 1e-6);
  EXPECT_FLOAT_EQ(feature(rows, 0, "matched_peaks"), 2.0f);
  EXPECT_NEAR(feature(rows, 0, "explained_intensity"), 1.0, 1e-6);
  EXPECT_NEAR(feature(rows, 2, "modified_cosine"), 1.0, 1e-6);
  EXPECT_NEAR(feature(rows, 2, "cosine"), 0.5, 1e-6);
  EXPECT_FLOAT_EQ(feature(rows, 2, "matched_peaks"), 2.0f);
  EXPECT_NEAR(feature(rows, 2, "explained_intensity"), 0.5, 1e-6);
  EXPECT_NEAR(feature(rows, 2, "entropy"), 0.5, 1e-6);
  EXPECT_NEAR(feature(rows, 1, "entropy"), 0.688722, 1e-6);
  EXPECT_NEAR(feature(rows, 3, "entropy"), 0.0, 1e-6);
  EXPECT_NEAR(feature(rows, 0, "entropy_margin"), 1.0 - 0.5, 1e-6);
  EXPECT_NEAR(feature(rows, 2, "entropy_margin"), 0.5 - 1.0, 1e-6);

  // The precursors.
  EXPECT_NEAR(feature(rows, 2, "mass_difference"), 15.994915, 1e-4);
  EXPECT_NEAR(feature(rows, 2, "absolute_ppm"), 15.994915 / 200.0 * 1e6, 0.1);
  EXPECT_FLOAT_EQ(feature(rows, 2, "known_modification"), 1.0f);
  EXPECT_FLOAT_EQ(feature(rows, 0, "known_modification"), 0.0f);
  EXPECT_FLOAT_EQ(feature(rows, 3, "known_modification"), 0.0f);

  // The compounds: A has two spectra (cosines 0.6 and 0.96), and two of the four candidates.
  EXPECT_NEAR(feature(rows, 0, "compound_best_cosine"), 0.96, 1e-6);
  EXPECT_NEAR(feature(rows, 0, "compound_mean_cosine"), 0.78, 1e-6);
  EXPECT_FLOAT_EQ(feature(rows, 0, "compound_spectra"), 2.0f);
  EXPECT_FLOAT_EQ(feature(rows, 2, "compound_spectra"), 1.0f);
  EXPECT_FLOAT_EQ(feature(rows, 1, "compound_agreement"), 0.5f);
  EXPECT_FLOAT_EQ(feature(rows, 3, "compound_agreement"), 0.25f);
  EXPECT_NEAR(feature(rows, 1, "compound_best_entropy"), 1.0, 1e-6);

  // The neighbourhoods: A's neighbours are B (Tanimoto 0.555556 with A) and C (0); their best cosines with the
  // query are 0.8 and 0. C's are A (0.96) and B (0.8), both of Tanimoto 0 with it.
  EXPECT_NEAR(feature(rows, 0, "neighbourhood_cosine"), 0.4, 1e-6);
  EXPECT_NEAR(feature(rows, 0, "neighbourhood_tanimoto"), 0.555556 / 2, 1e-5);
  EXPECT_NEAR(feature(rows, 3, "neighbourhood_cosine"), 0.88, 1e-6);
  EXPECT_NEAR(feature(rows, 3, "neighbourhood_tanimoto"), 0.0, 1e-6);

  // The query.
  EXPECT_FLOAT_EQ(feature(rows, 0, "query_peaks"), 2.0f);
  EXPECT_FLOAT_EQ(feature(rows, 0, "query_precursor_mz"), 200.0f);
  EXPECT_FLOAT_EQ(feature(rows, 0, "negative_mode"), 0.0f);
}

TEST(CandidateFeatures, NeedTheLibrarysCompounds)
{
  const auto without = EmbeddingLibrary::build({makeSpectrum("a", 200.0, {100.0}, {1.0})}, torch::ones({1, 3}), "model");
  EXPECT_THROW(CandidateFeatures features(without), std::invalid_argument);
}
