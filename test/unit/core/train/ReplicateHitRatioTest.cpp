#include "core/train/ReplicateHitRatio.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

TEST(TrainHitRatio, OneQueryPerCompoundWithTwoSpectraAgainstAllOthers)
{
  // Compound 0: rows 0 and 1 point the same way (a hit whichever is the query).
  // Compound 1: rows 2 and 3 tilt apart, each closer to row 4 of compound 2 (a miss).
  // Compound 2 has one spectrum: no query of its own.
  const auto embeddings = torch::tensor({1.0f, 0.0f, 0.0f, 0.9f, 0.1f, 0.0f,
                                         0.0f, 1.0f, 0.3f, 0.0f, 1.0f, -0.3f,
                                         0.0f, 1.0f, 0.0f}).view({5, 3});
  const auto result = replicateTopOneHitRatio(embeddings, {0, 0, 1, 1, 2}, 17);
  EXPECT_EQ(result.queries, 2u);
  EXPECT_DOUBLE_EQ(result.ratio, 0.5);
}

TEST(TrainHitRatio, NoCompoundWithTwoSpectraGivesNoQueries)
{
  const auto result = replicateTopOneHitRatio(torch::eye(3), {0, 1, 2}, 1);
  EXPECT_EQ(result.queries, 0u);
  EXPECT_TRUE(std::isnan(result.ratio));
}

TEST(TrainHitRatio, DistractorsCloserThanTheReplicateTurnHitsIntoMisses)
{
  // Compound 0 (rows 0, 1) is a hit on its own; a distractor nearer to both rows than they are to
  // each other makes it a miss, a far one changes nothing.
  const auto embeddings = torch::tensor({1.0f, 0.0f, 0.8f, 0.6f}).view({2, 2});
  const auto near = torch::tensor({0.95f, 0.31f}).view({1, 2});
  const auto far = torch::tensor({-1.0f, 0.0f}).view({1, 2});
  EXPECT_DOUBLE_EQ(replicateTopOneHitRatio(embeddings, {0, 0}, 3).ratio, 1.0);
  EXPECT_DOUBLE_EQ(replicateTopOneHitRatio(embeddings, {0, 0}, 3, far).ratio, 1.0);
  EXPECT_DOUBLE_EQ(replicateTopOneHitRatio(embeddings, {0, 0}, 3, near).ratio, 0.0);
}
