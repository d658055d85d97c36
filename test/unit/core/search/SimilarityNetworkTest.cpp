#include "core/Errors.h"
#include "core/search/SimilarityNetwork.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

using namespace SpecEmbedding;

namespace
{
  std::vector<std::pair<size_t, size_t>> pairs(const std::vector<SimilarityEdge>& edges)
  {
    std::vector<std::pair<size_t, size_t>> result;
    for (const auto& edge : edges) result.emplace_back(edge.source, edge.target);
    return result;
  }

  // The network from the full similarity matrix: each node's max_edges strongest neighbours at or above
  // min_similarity (ties by node index), and an edge where two nodes chose each other.
  std::vector<std::pair<size_t, size_t>> bruteForce(const torch::Tensor& raw, double min_similarity, size_t max_edges)
  {
    const auto unit = torch::nn::functional::normalize(raw, torch::nn::functional::NormalizeFuncOptions().dim(1));
    const auto similarity = torch::matmul(unit, unit.t());
    const auto n = static_cast<size_t>(raw.size(0));
    std::vector<std::vector<size_t>> chosen(n);
    for (size_t i = 0; i < n; ++i)
    {
      std::vector<std::pair<float, size_t>> candidates;
      for (size_t j = 0; j < n; ++j)
      {
        const float value = similarity[i][j].item<float>();
        if (j != i && value >= static_cast<float>(min_similarity)) candidates.emplace_back(-value, j);
      }
      std::sort(candidates.begin(), candidates.end());
      for (size_t c = 0; c < std::min(max_edges, candidates.size()); ++c) chosen[i].push_back(candidates[c].second);
    }
    std::vector<std::pair<size_t, size_t>> edges;
    for (size_t i = 0; i < n; ++i)
    {
      for (size_t j : chosen[i])
      {
        if (j > i && std::count(chosen[j].begin(), chosen[j].end(), i)) edges.emplace_back(i, j);
      }
    }
    std::sort(edges.begin(), edges.end());
    return edges;
  }
}

// Nodes 0, 1 and 2 point nearly the same way (0-1 closest, then 1-2, then 0-2); node 3 points elsewhere.
TEST(SimilarityNetworkTest, KeepsMutualStrongestNeighboursAboveTheThreshold)
{
  const auto embeddings = torch::tensor({1.0f, 0.0f, 1.0f, 0.1f, 1.0f, 0.3f, 0.0f, 1.0f}).reshape({4, 2});
  {
    SimilarityNetwork network(0.8, 1);
    network.add(embeddings);
    // Node 2's strongest neighbour is 1, whose own is 0: no edge for node 2.
    EXPECT_EQ(pairs(network.edges()), (std::vector<std::pair<size_t, size_t>>{{0, 1}}));
    EXPECT_NEAR(network.edges()[0].similarity, 1.0 / std::sqrt(1.01), 1e-6);
  }
  {
    SimilarityNetwork network(0.8, 2);
    network.add(embeddings);
    EXPECT_EQ(pairs(network.edges()), (std::vector<std::pair<size_t, size_t>>{{0, 1}, {0, 2}, {1, 2}}));
  }
  {
    SimilarityNetwork network(0.99, 2);
    network.add(embeddings);
    EXPECT_EQ(pairs(network.edges()), (std::vector<std::pair<size_t, size_t>>{{0, 1}}));
  }
}

// Blocks of any size give the network of the full matrix, and no node exceeds max_edges.
TEST(SimilarityNetworkTest, BlocksGiveTheNetworkOfTheFullMatrix)
{
  torch::manual_seed(7);
  // 20 clusters of 10 noisy copies, so that many pairs pass the threshold and the limit matters.
  const auto centres = torch::randn({20, 16});
  const auto raw = centres.repeat_interleave(10, 0) + 0.3 * torch::randn({200, 16});
  const auto expected = bruteForce(raw, 0.7, 4);
  ASSERT_GT(expected.size(), 100u);
  for (int64_t block : {200, 64, 37, 1})
  {
    SimilarityNetwork network(0.7, 4);
    for (int64_t start = 0; start < raw.size(0); start += block) network.add(raw.slice(0, start, std::min(start + block, raw.size(0))));
    ASSERT_EQ(network.size(), 200u);
    const auto edges = network.edges();
    EXPECT_EQ(pairs(edges), expected) << "blocks of " << block;
    std::map<size_t, int> degree;
    for (const auto& edge : edges)
    {
      EXPECT_GE(edge.similarity, 0.7);
      ++degree[edge.source];
      ++degree[edge.target];
    }
    for (const auto& [node, count] : degree) EXPECT_LE(count, 4) << "node " << node;
  }
}

TEST(SimilarityNetworkTest, RejectsImpossibleSettingsAndMixedDimensions)
{
  EXPECT_THROW(SimilarityNetwork(0.8, 0), ParameterError);
  EXPECT_THROW(SimilarityNetwork(1.5, 10), ParameterError);
  SimilarityNetwork network(0.8, 10);
  network.add(torch::ones({2, 4}));
  EXPECT_THROW(network.add(torch::ones({2, 5})), ModelError);
  network.add(torch::ones({0, 4}));
  EXPECT_EQ(network.size(), 2u);
}

TEST(SimilarityNetworkTest, NonFiniteEmbeddingsJoinNothing)
{
  SimilarityNetwork network(-1.0, 10);
  network.add(torch::tensor({1.0f, 0.0f, 1.0f, 0.01f, NAN, 0.0f}).reshape({3, 2}));
  EXPECT_EQ(pairs(network.edges()), (std::vector<std::pair<size_t, size_t>>{{0, 1}}));
}
