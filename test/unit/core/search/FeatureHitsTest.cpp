#include "core/search/FeatureHits.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  // Entries 0 and 1 are one compound (same first InChIKey block, other stereo block), 2 another, 3 has no InChIKey.
  EmbeddingLibrary makeLibrary()
  {
    std::vector<Spectrum> spectra(4);
    spectra[0].inchikey = "AAAAAAAAAAAAAA-BBBBBBBBBB-N";
    spectra[1].inchikey = "AAAAAAAAAAAAAA-CCCCCCCCCC-N";
    spectra[2].inchikey = "DDDDDDDDDDDDDD-BBBBBBBBBB-N";
    for (size_t i = 0; i < spectra.size(); ++i) spectra[i].id = "ref" + std::to_string(i);
    return EmbeddingLibrary::build(spectra, torch::eye(4), "model");
  }

  Hit makeHit(size_t library_index, double score, HitKind kind = HitKind::Identity)
  {
    Hit hit{0, library_index, 1, score, score, NAN};
    hit.kind = kind;
    return hit;
  }

  SpectrumReference spectrum(const std::string& id) { return {0, 0, id, 100.0, 10.0}; }
}

TEST(FeatureHits, PoolsHitsByCompoundAndCountsAgreeingSpectra)
{
  const auto library = makeLibrary();
  FeatureHits hits(2);
  hits.add(0, {makeHit(0, 0.9), makeHit(2, 0.8)}, library, spectrum("a"));
  hits.add(0, {makeHit(1, 0.95), makeHit(2, 0.7)}, library, spectrum("b"));
  hits.add(0, {makeHit(2, 0.85), makeHit(0, 0.6)}, library, spectrum("c"));
  hits.add(0, {}, library, spectrum("d"));
  EXPECT_EQ(hits.spectra(0), 4u);
  EXPECT_EQ(hits.spectra(1), 0u);
  const auto best = hits.best(0, 5);
  ASSERT_EQ(best.size(), 2u);
  // Compound A's best hit is entry 1 in spectrum b; a and b had it as their best hit.
  EXPECT_EQ(best[0].hit.library_index, 1u);
  EXPECT_DOUBLE_EQ(best[0].hit.score, 0.95);
  EXPECT_EQ(best[0].spectrum.id, "b");
  EXPECT_EQ(best[0].agreeing_spectra, 2u);
  EXPECT_EQ(best[0].hit.rank, 1);
  EXPECT_EQ(best[1].hit.library_index, 2u);
  EXPECT_EQ(best[1].agreeing_spectra, 1u);
  EXPECT_EQ(best[1].hit.rank, 2);
  EXPECT_EQ(hits.best(0, 1).size(), 1u);
  EXPECT_TRUE(hits.best(1, 1).empty());
}

TEST(FeatureHits, LeavesOutAnalogHitsAndKeepsEntriesWithoutInChIKeyApart)
{
  const auto library = makeLibrary();
  FeatureHits hits(1);
  hits.add(0, {makeHit(3, 0.5), makeHit(2, 0.99, HitKind::Analog)}, library, spectrum("a"));
  hits.add(0, {makeHit(3, 0.4)}, library, spectrum("b"));
  const auto best = hits.best(0, 5);
  ASSERT_EQ(best.size(), 1u);
  EXPECT_EQ(best[0].hit.library_index, 3u);
  EXPECT_EQ(best[0].agreeing_spectra, 2u);
  EXPECT_EQ(best[0].spectrum.id, "a");
}

TEST(FeatureHits, EqualScoresRankByAgreeingSpectraThenLibraryIndex)
{
  const auto library = makeLibrary();
  FeatureHits hits(1);
  hits.add(0, {makeHit(3, 0.5), makeHit(2, 0.5)}, library, spectrum("a"));
  hits.add(0, {makeHit(2, 0.5), makeHit(3, 0.5)}, library, spectrum("b"));
  hits.add(0, {makeHit(2, 0.4)}, library, spectrum("c"));
  auto best = hits.best(0, 2);
  EXPECT_EQ(best[0].hit.library_index, 2u);
  EXPECT_EQ(best[0].agreeing_spectra, 2u);
  FeatureHits tied(1);
  tied.add(0, {makeHit(3, 0.5), makeHit(2, 0.5)}, library, spectrum("a"));
  tied.add(0, {makeHit(2, 0.5), makeHit(3, 0.5)}, library, spectrum("b"));
  best = tied.best(0, 2);
  EXPECT_EQ(best[0].hit.library_index, 2u);
  EXPECT_EQ(best[1].hit.library_index, 3u);
}
