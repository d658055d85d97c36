#pragma once
// Approximate search of a library (-search_index ann): an inverted-file index (IVF). FAISS's k-means splits
// the library's embeddings into lists around centroids; a query is scored exactly, against the entries of
// its `probes` nearest lists only. The library stores its entries list by list (EmbeddingLibrary::
// withApproximateIndex), so each list is a contiguous block of rows: no second copy of the embeddings, and
// float16 libraries stay float16.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace SpecEmbedding
{
  class ApproximateIndex
  {
  public:
    ApproximateIndex() = default;
    /// centroids [lists, dim] float32, unit length; targets and decoys [lists + 1] int64: list l holds the
    /// target rows [targets[l], targets[l + 1]) and the decoy rows [decoys[l], decoys[l + 1]).
    ApproximateIndex(torch::Tensor centroids, torch::Tensor targets, torch::Tensor decoys);

    /// The lists of `embeddings` (rows of unit length, any float type): spherical k-means with `lists`
    /// centroids on at most 256 rows per list, seeded, so the same rows give the same index. Returns the
    /// centroids and each row's list.
    static std::pair<torch::Tensor, std::vector<int64_t>> cluster(const torch::Tensor& embeddings, int64_t lists, uint64_t seed);

    /// Lists for a library of `entries` spectra: 4 x sqrt(entries), between 1 and 65536.
    static int64_t defaultLists(int64_t entries);

    bool empty() const { return !centroids_.defined(); }
    int64_t lists() const { return centroids_.size(0); }
    const torch::Tensor& centroids() const { return centroids_; }
    const torch::Tensor& targetOffsets() const { return targets_; }
    const torch::Tensor& decoyOffsets() const { return decoys_; }
    /// [queries, probes] int64: the lists whose centroids are most similar to each (normalised) query.
    torch::Tensor probe(const torch::Tensor& queries, int64_t probes) const;
    /// The library rows [begin, end) of list l: its targets, then its decoys.
    std::vector<std::pair<int64_t, int64_t>> rowsOf(int64_t list) const;

  private:
    torch::Tensor centroids_;
    torch::Tensor targets_;
    torch::Tensor decoys_;
  };
}
