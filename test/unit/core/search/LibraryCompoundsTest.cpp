#include "core/search/LibraryCompounds.h"
#include "core/search/MorganFingerprints.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

TEST(LibraryCompounds, EntriesOfOneKeyAreOneCompoundAndEntriesWithoutKeysTheirOwn)
{
  const auto compounds = LibraryCompounds::of({"AAAAAAAAAAAAAA", "BBBBBBBBBBBBBB", "AAAAAAAAAAAAAA", "", ""}, {"CCO", "CCCO", "CCO", "C", "C"}, false);
  EXPECT_EQ(compounds.entries(), 5u);
  EXPECT_EQ(compounds.size(), 4u);
  EXPECT_EQ(compounds.compoundOf(0), compounds.compoundOf(2));
  EXPECT_NE(compounds.compoundOf(3), compounds.compoundOf(4));
  EXPECT_EQ(compounds.entriesOf(compounds.compoundOf(0)), (std::vector<int64_t>{0, 2}));
  EXPECT_FALSE(compounds.hasNeighbours());
}

TEST(LibraryCompounds, NeighboursAreTheMostSimilarOtherCompounds)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "neighbours need RDKit";
  // Ethanol's nearest is propanol (Tanimoto 0.555556), then benzene (0); a compound without structure has none.
  const auto compounds = LibraryCompounds::of({"A", "B", "C", ""}, {"CCO", "CCCO", "c1ccccc1", ""});
  ASSERT_TRUE(compounds.hasNeighbours());
  EXPECT_EQ(compounds.neighbours(0)[0], 1);
  EXPECT_NEAR(compounds.neighbourTanimoto(0)[0], 0.555556, 1e-5);
  EXPECT_EQ(compounds.neighbours(0)[1], 2);
  EXPECT_EQ(compounds.neighbours(0)[2], -1);
  EXPECT_EQ(compounds.neighbours(3)[0], -1);
}

TEST(LibraryCompounds, RefusesTensorsThatDoNotFit)
{
  const auto neighbours = torch::full({2, LibraryCompounds::kNeighbours}, -1, torch::kInt64);
  const auto tanimoto = torch::zeros({2, LibraryCompounds::kNeighbours});
  EXPECT_NO_THROW(LibraryCompounds(torch::tensor({0, 1, 1}, torch::kInt64), neighbours, tanimoto));
  EXPECT_THROW(LibraryCompounds(torch::tensor({0, 2}, torch::kInt64), neighbours, tanimoto), std::runtime_error);
  EXPECT_THROW(LibraryCompounds(torch::tensor({0, 1}, torch::kInt64), torch::full({2, LibraryCompounds::kNeighbours}, 5, torch::kInt64), tanimoto),
               std::runtime_error);
}
