#pragma once
// Molecular networking by embedding: edges between query spectra whose embeddings are similar, built
// block by block of queries so that a large run never needs its N x N similarity matrix.
#include "../Settings.h"

#include <torch/torch.h>

#include <cstddef>
#include <vector>

namespace SpecEmbedding
{
  struct SimilarityEdge
  {
    size_t source;     ///< the smaller node index
    size_t target;
    double similarity; ///< cosine of the two embeddings
  };

  /// Which queries the network joins: the user settings of -out_network.
  struct SimilarityNetworkOptions
  {
    double min_similarity = 0.8; ///< smallest embedding cosine of two joined queries
    int64_t max_edges = 10;      ///< most edges per query (GNPS's TopK rule)

    static const SettingTable<SimilarityNetworkOptions>& settings();
  };

  /// Nodes are added in blocks of embeddings; each block is scored against itself and every earlier
  /// block, and each node keeps only its max_edges strongest neighbours at or above min_similarity. Memory
  /// is the N unit embeddings, N x max_edges candidates and one block x block matrix at a time.
  class SimilarityNetwork
  {
  public:
    /// Throws ParameterError unless max_edges >= 1 and min_similarity is in [-1, 1].
    SimilarityNetwork(double min_similarity, int max_edges);

    /// Adds raw_embeddings.size(0) nodes, row i as node size() + i. Throws ModelError when the dimension
    /// differs from the earlier blocks'.
    void add(const torch::Tensor& raw_embeddings);

    size_t size() const { return neighbours_.size(); }

    /// The edges between nodes that are among each other's max_edges strongest neighbours (GNPS's TopK
    /// rule, so that no node has more than max_edges edges), by source, then target. Of equally similar
    /// neighbours, the lower node index ranks first.
    std::vector<SimilarityEdge> edges() const;

  private:
    struct Neighbour
    {
      float similarity;
      size_t node;
    };

    /// Offers `node` as a neighbour of `of`, keeping the max_edges strongest.
    void offer(size_t of, Neighbour neighbour);

    float min_similarity_;
    size_t max_edges_;
    std::vector<torch::Tensor> blocks_; ///< unit embeddings, float32
    std::vector<size_t> block_starts_;
    std::vector<std::vector<Neighbour>> neighbours_; ///< per node, strongest first
  };
}
