#include "core/search/LearnedScoring.h"
#include "core/search/MorganFingerprints.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;
using TestSupport::makeSpectrum;

namespace
{
  /// A scorer whose identity probability rises with the entropy similarity (a hand-set logistic model) and
  /// whose expected Tanimoto rises with the modified cosine (toy trees).
  CandidateScorer toyScorer()
  {
    const auto& names = candidateFeatureNames();
    const auto column = [&](const std::string& name) { return static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin()); };
    std::vector<float> features, similarity;
    for (int i = 0; i <= 100; ++i)
    {
      std::vector<float> row(names.size(), 0.0f);
      row[column("modified_cosine")] = static_cast<float>(i) / 100.0f;
      features.insert(features.end(), row.begin(), row.end());
      similarity.push_back(static_cast<float>(i) / 100.0f);
    }
    BoostedTrees::Settings settings;
    settings.rounds = 30;
    settings.subsample = 1.0;
    settings.column_sample = 1.0;
    settings.objective = "reg:logistic";
    CandidateScorer scorer;
    // identityFeatures: embedding cosine, entropy, embedding margin, log(1 + ppm); p = sigmoid(-10 + 20 x entropy).
    scorer.identity = LogisticModel::fromJson({{"bias", -10.0}, {"weights", {0.0, 20.0, 0.0, 0.0}}, {"mean", {0.0, 0.0, 0.0, 0.0}}, {"scale", {1.0, 1.0, 1.0, 1.0}}});
    scorer.similarity = BoostedTrees::fit(features, names.size(), similarity, settings);
    return scorer;
  }
}

TEST(LearnedScoring, RanksIdentityHitsByProbabilityAndAnalogHitsByExpectedSimilarity)
{
  if (!BoostedTrees::available()) GTEST_SKIP() << "this build has no XGBoost";
  // Entry 0 shares no peak with the query but its embedding is the nearest; entry 1 is the query's spectrum;
  // entry 2, the analog, shares one of its two peaks (modified cosine 0.5).
  const std::vector<Spectrum> spectra = {makeSpectrum("far", 200.0, {60.0}, {1.0}, "AAAAAAAAAAAAAA-X"),
                                         makeSpectrum("same", 200.0, {100.0, 150.0}, {1.0, 1.0}, "BBBBBBBBBBBBBB-X"),
                                         makeSpectrum("analog", 260.0, {100.0, 300.0}, {1.0, 1.0}, "CCCCCCCCCCCCCC-X")};
  const auto library = EmbeddingLibrary::build(spectra, torch::tensor({{1.0f, 0.0f}, {0.6f, 0.8f}, {0.0f, 1.0f}}), "model").withCompounds(false);
  const auto scorer = toyScorer();
  LearnedScoring scoring(library, scorer);
  const std::vector<Spectrum> queries = {makeSpectrum("q", 200.0, {100.0, 150.0}, {1.0, 1.0})};
  Hit first{0, 0, 1, 0.99, 0.99, NAN}, second{0, 1, 2, 0.6, 0.6, NAN}, analog{0, 2, 1, 0.1, 0.1, NAN};
  first.kind = second.kind = HitKind::Identity;
  analog.kind = HitKind::Analog;
  std::vector<std::vector<Hit>> hits = {{first, second, analog}};
  scoring.apply(hits, queries, torch::tensor({{1.0f, 0.0f}}));
  ASSERT_EQ(hits[0].size(), 3u);
  // The query's own spectrum (entropy similarity 1) is now the best identity hit, with a high probability.
  EXPECT_EQ(hits[0][0].library_index, 1u);
  EXPECT_EQ(hits[0][0].rank, 1);
  EXPECT_GT(hits[0][0].score, 0.8);
  EXPECT_DOUBLE_EQ(hits[0][0].confidence, hits[0][0].score);
  EXPECT_EQ(hits[0][1].library_index, 0u);
  EXPECT_EQ(hits[0][1].rank, 2);
  EXPECT_LT(hits[0][1].score, 0.2);
  // The analog hit keeps its kind, its score is its expected Tanimoto, and every hit has one.
  EXPECT_EQ(hits[0][2].kind, HitKind::Analog);
  EXPECT_EQ(hits[0][2].rank, 1);
  EXPECT_DOUBLE_EQ(hits[0][2].score, hits[0][2].predicted_similarity);
  for (const auto& hit : hits[0]) EXPECT_FALSE(std::isnan(hit.predicted_similarity));
  // min_score removes what scores below it.
  std::vector<std::vector<Hit>> again = {{first, second, analog}};
  scoring.apply(again, queries, torch::tensor({{1.0f, 0.0f}}), 0.5);
  EXPECT_EQ(again[0].size(), 1u + (hits[0][2].score >= 0.5));
}
