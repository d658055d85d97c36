#include "LibraryCompounds.h"

#include "MorganFingerprints.h"

#include <stdexcept>
#include <unordered_map>

namespace SpecEmbedding
{
  LibraryCompounds LibraryCompounds::of(const std::vector<std::string>& keys, const std::vector<std::string>& smiles, bool neighbours)
  {
    if (keys.size() != smiles.size()) throw std::invalid_argument("library compounds need one SMILES per key");
    std::vector<int64_t> compound_of;
    std::vector<std::string> structures;
    std::unordered_map<std::string, int64_t> compounds;
    for (size_t i = 0; i < keys.size(); ++i)
    {
      const auto known = keys[i].empty() ? compounds.end() : compounds.find(keys[i]);
      if (known != compounds.end())
      {
        compound_of.push_back(known->second);
        continue;
      }
      const auto compound = static_cast<int64_t>(structures.size());
      if (!keys[i].empty()) compounds.emplace(keys[i], compound);
      structures.push_back(keys[i].empty() ? std::string() : smiles[i]);
      compound_of.push_back(compound);
    }
    const auto count = static_cast<int64_t>(structures.size());
    auto neighbour_index = torch::full({count, kNeighbours}, -1, torch::kInt64);
    auto neighbour_tanimoto = torch::zeros({count, kNeighbours}, torch::kFloat32);
    if (neighbours && MorganFingerprints::available() && count > 1)
    {
      const MorganFingerprints fingerprints(structures);
      const auto nearest = fingerprints.nearestNeighbours(static_cast<size_t>(kNeighbours));
      auto index = neighbour_index.accessor<int64_t, 2>();
      auto tanimoto = neighbour_tanimoto.accessor<float, 2>();
      for (int64_t c = 0; c < count; ++c)
      {
        for (size_t k = 0; k < nearest[c].size(); ++k)
        {
          index[c][static_cast<int64_t>(k)] = static_cast<int64_t>(nearest[c][k]);
          tanimoto[c][static_cast<int64_t>(k)] = static_cast<float>(fingerprints.tanimoto(static_cast<size_t>(c), fingerprints, nearest[c][k]));
        }
      }
    }
    return LibraryCompounds(torch::tensor(compound_of, torch::kInt64), neighbour_index, neighbour_tanimoto);
  }

  LibraryCompounds::LibraryCompounds(torch::Tensor compound_of, torch::Tensor neighbours, torch::Tensor neighbour_tanimoto)
    : compound_of_(compound_of.contiguous()), neighbours_(neighbours.contiguous()), neighbour_tanimoto_(neighbour_tanimoto.contiguous())
  {
    if (compound_of_.dim() != 1 || compound_of_.scalar_type() != torch::kInt64 || neighbours_.dim() != 2 ||
        neighbours_.scalar_type() != torch::kInt64 || neighbours_.size(1) != kNeighbours || neighbour_tanimoto_.sizes() != neighbours_.sizes() ||
        neighbour_tanimoto_.scalar_type() != torch::kFloat32)
    {
      throw std::runtime_error("library compounds of the wrong shapes or types");
    }
    const auto count = neighbours_.size(0);
    if (compound_of_.numel() > 0 && (compound_of_.min().item<int64_t>() < 0 || compound_of_.max().item<int64_t>() >= count))
    {
      throw std::runtime_error("an entry of a compound beyond the library's compounds");
    }
    if (neighbours_.numel() > 0 && (neighbours_.min().item<int64_t>() < -1 || neighbours_.max().item<int64_t>() >= count))
    {
      throw std::runtime_error("a neighbour beyond the library's compounds");
    }
    indexEntries();
  }

  void LibraryCompounds::indexEntries()
  {
    const auto count = static_cast<size_t>(neighbours_.size(0));
    const auto* compound_of = compound_of_.data_ptr<int64_t>();
    entry_offsets_.assign(count + 1, 0);
    for (size_t i = 0; i < entries(); ++i) ++entry_offsets_[static_cast<size_t>(compound_of[i]) + 1];
    for (size_t c = 0; c < count; ++c) entry_offsets_[c + 1] += entry_offsets_[c];
    entry_list_.assign(entries(), 0);
    auto next = entry_offsets_;
    for (size_t i = 0; i < entries(); ++i) entry_list_[static_cast<size_t>(next[static_cast<size_t>(compound_of[i])]++)] = static_cast<int64_t>(i);
  }

  std::vector<int64_t> LibraryCompounds::entriesOf(int64_t compound) const
  {
    return std::vector<int64_t>(entry_list_.begin() + entry_offsets_.at(static_cast<size_t>(compound)),
                                entry_list_.begin() + entry_offsets_.at(static_cast<size_t>(compound) + 1));
  }

  bool LibraryCompounds::hasNeighbours() const
  {
    return !empty() && neighbours_.numel() > 0 && (neighbours_.select(1, 0) >= 0).any().item<bool>();
  }
}
