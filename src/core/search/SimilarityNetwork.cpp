#include "SimilarityNetwork.h"

#include "../Errors.h"

#include <algorithm>

namespace SpecEmbedding
{
  const SettingTable<SimilarityNetworkOptions>& SimilarityNetworkOptions::settings()
  {
    using O = SimilarityNetworkOptions;
    static const SettingTable<O> table = {
      numberSetting("network_min_similarity", &O::min_similarity, "Smallest embedding cosine of two queries joined in -out_network.", -1.0, 1.0),
      numberSetting("network_max_edges", &O::max_edges,
                    "Most -out_network edges per query: two queries are joined only when each is among the other's strongest neighbours.", 1),
    };
    return table;
  }

  namespace
  {
    template <class Neighbour>
    bool stronger(const Neighbour& a, const Neighbour& b)
    {
      return a.similarity != b.similarity ? a.similarity > b.similarity : a.node < b.node;
    }
  }

  SimilarityNetwork::SimilarityNetwork(double min_similarity, int max_edges)
    : min_similarity_(static_cast<float>(min_similarity)), max_edges_(static_cast<size_t>(std::max(max_edges, 0)))
  {
    if (max_edges < 1) throw ParameterError("a similarity network needs at least one edge per node, not " + std::to_string(max_edges));
    if (!(min_similarity >= -1.0 && min_similarity <= 1.0))
    {
      throw ParameterError("the minimum similarity of a network edge must lie in [-1, 1], not " + std::to_string(min_similarity));
    }
  }

  void SimilarityNetwork::add(const torch::Tensor& raw_embeddings)
  {
    if (!blocks_.empty() && raw_embeddings.size(1) != blocks_.front().size(1))
    {
      throw ModelError("embeddings of dimension " + std::to_string(raw_embeddings.size(1)) + " cannot join a network of dimension " +
                       std::to_string(blocks_.front().size(1)));
    }
    if (raw_embeddings.size(0) == 0) return;
    const auto block = torch::nn::functional::normalize(raw_embeddings.to(torch::kFloat32),
                                                        torch::nn::functional::NormalizeFuncOptions().p(2).dim(1)).contiguous();
    const size_t start = size();
    blocks_.push_back(block);
    block_starts_.push_back(start);
    neighbours_.resize(start + static_cast<size_t>(block.size(0)));
    // Each pair is scored once: the new block against the earlier blocks, and within itself above the diagonal.
    for (size_t b = 0; b < blocks_.size(); ++b)
    {
      const auto similarities = torch::matmul(block, blocks_[b].t()).contiguous();
      const auto values = similarities.accessor<float, 2>();
      const bool itself = b + 1 == blocks_.size();
      for (int64_t i = 0; i < values.size(0); ++i)
      {
        for (int64_t j = itself ? i + 1 : 0; j < values.size(1); ++j)
        {
          const float similarity = values[i][j];
          if (!(similarity >= min_similarity_)) continue; // NaN (a non-finite embedding) joins nothing
          const size_t a = start + static_cast<size_t>(i), other = block_starts_[b] + static_cast<size_t>(j);
          offer(a, {similarity, other});
          offer(other, {similarity, a});
        }
      }
    }
  }

  void SimilarityNetwork::offer(size_t of, Neighbour neighbour)
  {
    auto& list = neighbours_[of];
    if (list.size() == max_edges_ && !stronger(neighbour, list.back())) return;
    list.insert(std::upper_bound(list.begin(), list.end(), neighbour, stronger<Neighbour>), neighbour);
    if (list.size() > max_edges_) list.pop_back();
  }

  std::vector<SimilarityEdge> SimilarityNetwork::edges() const
  {
    std::vector<SimilarityEdge> edges;
    for (size_t node = 0; node < neighbours_.size(); ++node)
    {
      for (const auto& neighbour : neighbours_[node])
      {
        if (neighbour.node < node) continue;
        const auto& back = neighbours_[neighbour.node];
        if (std::any_of(back.begin(), back.end(), [&](const Neighbour& other) { return other.node == node; }))
        {
          edges.push_back({node, neighbour.node, neighbour.similarity});
        }
      }
    }
    std::sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) { return a.source != b.source ? a.source < b.source : a.target < b.target; });
    return edges;
  }
}
