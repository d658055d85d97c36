#include "MorganFingerprints.h"

#include "../Errors.h"

#include <ATen/Parallel.h>

#include <algorithm>

#ifdef SPECEMBEDDING_WITH_RDKIT
#include <DataStructs/BitOps.h>
#include <DataStructs/ExplicitBitVect.h>
#include <GraphMol/Fingerprints/MorganFingerprints.h>
#include <GraphMol/GraphMol.h>
#include <GraphMol/SmilesParse/SmilesParse.h>
#include <RDGeneral/RDLog.h>
#else
class ExplicitBitVect // RDKit's fingerprint type, never created in a build without RDKit
{
};
#endif

namespace SpecEmbedding
{
  namespace
  {
    double tanimotoSimilarity(const ExplicitBitVect& a, const ExplicitBitVect& b)
    {
#ifdef SPECEMBEDDING_WITH_RDKIT
      return TanimotoSimilarity(a, b);
#else
      (void)a, (void)b;
      return 0.0;
#endif
    }
  }

#ifdef SPECEMBEDDING_WITH_RDKIT
  bool MorganFingerprints::available()
  {
    return true;
  }

  MorganFingerprints::MorganFingerprints(const std::vector<std::string>& smiles, unsigned radius, unsigned bits)
  {
    // RDKit would print every parse error itself; the caller reports problems() its own way.
    RDLog::LogStateSetter silence;
    fingerprints_.reserve(smiles.size());
    for (size_t i = 0; i < smiles.size(); ++i)
    {
      std::unique_ptr<RDKit::ROMol> molecule;
      std::string reason;
      if (smiles[i].empty())
      {
        reason = "no SMILES";
      }
      else
      {
        try
        {
          molecule.reset(RDKit::SmilesToMol(smiles[i]));
          if (!molecule) reason = "SMILES '" + smiles[i] + "' cannot be parsed";
        }
        catch (const std::exception& error) // sanitisation failures throw
        {
          reason = "SMILES '" + smiles[i] + "' cannot be parsed: " + error.what();
        }
      }
      if (molecule)
      {
        fingerprints_.emplace_back(RDKit::MorganFingerprints::getFingerprintAsBitVect(*molecule, radius, bits));
      }
      else
      {
        fingerprints_.emplace_back();
        problems_.push_back({i, reason});
      }
    }
  }

#else
  bool MorganFingerprints::available()
  {
    return false;
  }

  MorganFingerprints::MorganFingerprints(const std::vector<std::string>&, unsigned, unsigned)
  {
    throw ParameterError("Morgan fingerprints need RDKit, and this build has none");
  }
#endif

  MorganFingerprints::~MorganFingerprints() = default;
  MorganFingerprints::MorganFingerprints(MorganFingerprints&&) noexcept = default;
  MorganFingerprints& MorganFingerprints::operator=(MorganFingerprints&&) noexcept = default;

  torch::Tensor MorganFingerprints::tanimoto(const std::vector<size_t>& indices) const
  {
    const auto n = static_cast<int64_t>(indices.size());
    auto similarity = torch::zeros({n, n});
    auto values = similarity.accessor<float, 2>();
    for (int64_t i = 0; i < n; ++i)
    {
      const auto* a = fingerprints_.at(indices[i]).get();
      if (!a) continue;
      values[i][i] = static_cast<float>(tanimotoSimilarity(*a, *a));
      for (int64_t j = i + 1; j < n; ++j)
      {
        const auto* b = fingerprints_.at(indices[j]).get();
        if (!b) continue;
        values[i][j] = values[j][i] = static_cast<float>(tanimotoSimilarity(*a, *b));
      }
    }
    return similarity;
  }

  double MorganFingerprints::tanimoto(size_t i, const MorganFingerprints& other, size_t j) const
  {
    const auto* a = fingerprints_.at(i).get();
    const auto* b = other.fingerprints_.at(j).get();
    return a && b ? tanimotoSimilarity(*a, *b) : 0.0;
  }

  std::vector<std::vector<size_t>> MorganFingerprints::nearestNeighbours(size_t count, const std::vector<int>& groups) const
  {
    if (!groups.empty() && groups.size() != fingerprints_.size()) throw std::invalid_argument("nearestNeighbours needs one group per entry");
    const size_t n = fingerprints_.size();
    std::vector<std::vector<size_t>> neighbours(n);
    at::parallel_for(0, static_cast<int64_t>(n), 16, [&](int64_t begin, int64_t end) {
      std::vector<std::pair<double, size_t>> similar;
      for (int64_t i = begin; i < end; ++i)
      {
        const auto* a = fingerprints_[i].get();
        if (!a) continue;
        similar.clear();
        for (size_t j = 0; j < n; ++j)
        {
          if (j == static_cast<size_t>(i) || !fingerprints_[j] || (!groups.empty() && groups[j] != groups[i])) continue;
          similar.emplace_back(tanimotoSimilarity(*a, *fingerprints_[j]), j);
        }
        const size_t kept = std::min(count, similar.size());
        std::partial_sort(similar.begin(), similar.begin() + kept, similar.end(),
                          [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
        for (size_t k = 0; k < kept; ++k) neighbours[i].push_back(similar[k].second);
      }
    });
    return neighbours;
  }

  torch::Tensor MorganFingerprints::available(const std::vector<size_t>& indices) const
  {
    auto mask = torch::zeros({static_cast<int64_t>(indices.size())}, torch::kBool);
    auto values = mask.accessor<bool, 1>();
    for (size_t i = 0; i < indices.size(); ++i) values[i] = has(indices[i]);
    return mask;
  }
}
