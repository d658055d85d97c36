#pragma once
// The compounds of a library: which entries are one compound (the first InChIKey block), and each
// compound's structurally nearest other compounds (Morgan Tanimoto), whose scores the learned scorer reads
// as MS2Query's random forest reads its "average of the 10 chemically nearest library compounds".
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  class LibraryCompounds
  {
  public:
    /// Nearest compounds kept per compound.
    static constexpr int64_t kNeighbours = 10;

    LibraryCompounds() = default;

    /// keys[i]: entry i's compound key (empty: the entry is a compound of its own, as a decoy or an entry
    /// without InChIKey is); smiles[i]: its structure. A compound's structure is its first entry's SMILES.
    /// With neighbours (and RDKit in this build), each compound's kNeighbours nearest other compounds by Morgan
    /// Tanimoto; a compound without a structure has none.
    static LibraryCompounds of(const std::vector<std::string>& keys, const std::vector<std::string>& smiles, bool neighbours = true);

    /// As persisted: compound_of [entries] int64, neighbours [compounds, kNeighbours] int64 (-1: none) and
    /// their Tanimoto similarities [compounds, kNeighbours] float32. Throws std::runtime_error when they do
    /// not fit together.
    LibraryCompounds(torch::Tensor compound_of, torch::Tensor neighbours, torch::Tensor neighbour_tanimoto);

    bool empty() const { return !compound_of_.defined(); }
    size_t entries() const { return empty() ? 0 : static_cast<size_t>(compound_of_.size(0)); }
    size_t size() const { return empty() ? 0 : static_cast<size_t>(neighbours_.size(0)); }

    int64_t compoundOf(size_t entry) const { return compound_of_.data_ptr<int64_t>()[entry]; }
    /// The entries of a compound, in library order.
    std::vector<int64_t> entriesOf(int64_t compound) const;
    /// The compound's nearest compounds, most similar first: up to kNeighbours, -1 past the last.
    const int64_t* neighbours(int64_t compound) const { return neighbours_.data_ptr<int64_t>() + compound * kNeighbours; }
    const float* neighbourTanimoto(int64_t compound) const { return neighbour_tanimoto_.data_ptr<float>() + compound * kNeighbours; }
    /// Whether any compound has a neighbour (false without RDKit or structures).
    bool hasNeighbours() const;

    const torch::Tensor& compoundOfTensor() const { return compound_of_; }
    const torch::Tensor& neighboursTensor() const { return neighbours_; }
    const torch::Tensor& neighbourTanimotoTensor() const { return neighbour_tanimoto_; }

  private:
    /// Builds entry_offsets_ and entry_list_ from compound_of_.
    void indexEntries();

    torch::Tensor compound_of_, neighbours_, neighbour_tanimoto_;
    std::vector<int64_t> entry_offsets_, entry_list_; ///< compound c's entries: entry_list_[entry_offsets_[c], entry_offsets_[c + 1])
  };
}
