#include "core/search/ApproximateIndex.h"

#include <gtest/gtest.h>

#include <set>

using namespace SpecEmbedding;

TEST(ApproximateIndex, DefaultListsGrowWithTheRootOfTheLibrary)
{
  EXPECT_EQ(ApproximateIndex::defaultLists(0), 1);
  EXPECT_EQ(ApproximateIndex::defaultLists(1), 4);
  EXPECT_EQ(ApproximateIndex::defaultLists(10000), 400);
  EXPECT_EQ(ApproximateIndex::defaultLists(1000000), 4000);
  EXPECT_EQ(ApproximateIndex::defaultLists(int64_t(1) << 40), 65536);
}

TEST(ApproximateIndex, ProbesTheListsOfTheMostSimilarCentroidsAndListsTheirRows)
{
  // Three lists along the axes; list 1 holds target rows [2, 5) and decoy rows [9, 10).
  const auto centroids = torch::eye(3);
  const ApproximateIndex index(centroids, torch::tensor({0, 2, 5, 7}, torch::kInt64), torch::tensor({7, 9, 10, 10}, torch::kInt64));
  EXPECT_FALSE(index.empty());
  EXPECT_EQ(index.lists(), 3);
  const auto queries = torch::tensor({{0.1f, 0.9f, 0.3f}, {0.0f, 0.2f, 1.0f}});
  const auto probes = index.probe(queries, 2);
  ASSERT_EQ(probes.sizes(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(probes[0][0].item<int64_t>(), 1);
  EXPECT_EQ(probes[0][1].item<int64_t>(), 2);
  EXPECT_EQ(probes[1][0].item<int64_t>(), 2);
  EXPECT_EQ(probes[1][1].item<int64_t>(), 1);
  EXPECT_EQ(index.rowsOf(1), (std::vector<std::pair<int64_t, int64_t>>{{2, 5}, {9, 10}}));
  EXPECT_TRUE(ApproximateIndex().empty());
}

#ifdef SPECEMBEDDING_WITH_FAISS
TEST(ApproximateIndex, ClusteringIsSeededAndSeparatesDistinctGroups)
{
  // Two tight groups of unit vectors: every row of a group lands in one list, the groups in two.
  std::vector<float> values;
  for (int i = 0; i < 40; ++i)
  {
    const float jitter = 0.01f * static_cast<float>(i % 5);
    if (i < 20) values.insert(values.end(), {1.0f, jitter, 0.0f});
    else values.insert(values.end(), {0.0f, jitter, 1.0f});
  }
  const auto rows = torch::nn::functional::normalize(torch::tensor(values).view({40, 3}), torch::nn::functional::NormalizeFuncOptions().dim(1));
  const auto [centroids, lists] = ApproximateIndex::cluster(rows, 2, 7);
  const auto [again_centroids, again] = ApproximateIndex::cluster(rows, 2, 7);
  EXPECT_EQ(lists, again);
  EXPECT_TRUE(torch::equal(centroids, again_centroids));
  EXPECT_EQ(std::set<int64_t>(lists.begin(), lists.begin() + 20).size(), 1u);
  EXPECT_EQ(std::set<int64_t>(lists.begin() + 20, lists.end()).size(), 1u);
  EXPECT_NE(lists.front(), lists.back());
}
#endif
