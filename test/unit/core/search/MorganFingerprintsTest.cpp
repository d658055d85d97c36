#include "core/Errors.h"
#include "core/search/MorganFingerprints.h"
#include "core/train/TrainerOptions.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

TEST(TrainFingerprint, UnparsableOrMissingSmilesHaveNoFingerprint)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "this build has no RDKit";
  const MorganFingerprints fingerprints({"CCO", "C1CC(", "", "c1ccccc1O", "OCC"});
  EXPECT_TRUE(fingerprints.has(0));
  EXPECT_FALSE(fingerprints.has(1));
  EXPECT_FALSE(fingerprints.has(2));
  ASSERT_EQ(fingerprints.problems().size(), 2u);
  EXPECT_EQ(fingerprints.problems()[0].index, 1u);
  EXPECT_NE(fingerprints.problems()[0].reason.find("C1CC("), std::string::npos);
  EXPECT_EQ(fingerprints.problems()[1].reason, "no SMILES");
  EXPECT_TRUE(torch::equal(fingerprints.available({0, 1, 2, 3}), torch::tensor({true, false, false, true})));
}

TEST(TrainFingerprint, TanimotoMatrixIsSymmetricWithOnesForIdenticalMolecules)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "this build has no RDKit";
  const MorganFingerprints fingerprints({"CCO", "C1CC(", "c1ccccc1O", "OCC", "CCCCCCO"});
  const auto tanimoto = fingerprints.tanimoto({0, 1, 2, 3, 4});
  ASSERT_EQ(tanimoto.sizes(), (std::vector<int64_t>{5, 5}));
  EXPECT_TRUE(torch::equal(tanimoto, tanimoto.t()));
  EXPECT_FLOAT_EQ(tanimoto[0][0].item<float>(), 1.0f);
  EXPECT_FLOAT_EQ(tanimoto[0][3].item<float>(), 1.0f); // the same molecule written differently
  EXPECT_EQ(tanimoto[1].abs().sum().item<float>(), 0.0f); // no fingerprint: zeros, diagonal included
  const float related = tanimoto[0][4].item<float>(), unrelated = tanimoto[0][2].item<float>();
  EXPECT_GT(related, unrelated);
  EXPECT_GT(related, 0.0f);
  EXPECT_LT(related, 1.0f);
}

TEST(TrainFingerprint, NearestNeighboursAreTheMostSimilarOthersFirst)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "this build has no RDKit";
  // Ethanol's nearest is its other spelling, then hexanol; phenol is farther; the unparsable entry has none.
  const MorganFingerprints fingerprints({"CCO", "C1CC(", "c1ccccc1O", "OCC", "CCCCCCO"});
  const auto neighbours = fingerprints.nearestNeighbours(2);
  ASSERT_EQ(neighbours.size(), 5u);
  EXPECT_EQ(neighbours[0], (std::vector<size_t>{3, 4}));
  EXPECT_TRUE(neighbours[1].empty());
  EXPECT_EQ(neighbours[3], (std::vector<size_t>{0, 4}));
  EXPECT_EQ(fingerprints.nearestNeighbours(10)[2].size(), 3u);
}

TEST(TrainFingerprint, ABuildWithoutRDKitRefusesTheTanimotoTerm)
{
  if (MorganFingerprints::available()) GTEST_SKIP() << "this build has RDKit (the core-only build of scripts/run-tests.sh has not)";
  EXPECT_THROW(MorganFingerprints({"CCO"}), ParameterError);
  TrainerOptions options;
  EXPECT_THROW(options.validate(), ParameterError);
  options.loss = LossKind::SupCon;
  EXPECT_NO_THROW(options.validate());
}
