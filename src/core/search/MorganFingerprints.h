#pragma once
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

class ExplicitBitVect;

namespace SpecEmbedding
{
  /// Morgan fingerprints (RDKit, radius 2, 2048 bits by default) of a list of SMILES, computed once,
  /// and their pairwise Tanimoto similarities. An entry whose SMILES is empty or does not parse
  /// has no fingerprint; problems() says why.
  class MorganFingerprints
  {
  public:
    /// Whether this build has RDKit. Without it the constructor throws ParameterError.
    static bool available();

    explicit MorganFingerprints(const std::vector<std::string>& smiles, unsigned radius = 2, unsigned bits = 2048);
    ~MorganFingerprints();
    MorganFingerprints(MorganFingerprints&&) noexcept;
    MorganFingerprints& operator=(MorganFingerprints&&) noexcept;

    size_t size() const { return fingerprints_.size(); }
    bool has(size_t index) const { return fingerprints_.at(index) != nullptr; }

    struct Problem
    {
      size_t index;
      std::string reason;
    };
    const std::vector<Problem>& problems() const { return problems_; }

    /// Tanimoto similarities [n, n] (float32) of the given entries; 0 where one has no fingerprint.
    torch::Tensor tanimoto(const std::vector<size_t>& indices) const;
    /// [n] bool: whether each of the given entries has a fingerprint.
    torch::Tensor available(const std::vector<size_t>& indices) const;

    /// For every entry, the (at most) count other entries with a fingerprint most similar to it, most
    /// similar first (ties by index); empty for an entry without a fingerprint. With groups (one per
    /// entry), only entries of the same group are neighbours.
    std::vector<std::vector<size_t>> nearestNeighbours(size_t count, const std::vector<int>& groups = {}) const;

    /// Tanimoto similarity of entry i with entry j of other; 0 where either has no fingerprint.
    double tanimoto(size_t i, const MorganFingerprints& other, size_t j) const;

  private:
    std::vector<std::unique_ptr<ExplicitBitVect>> fingerprints_;
    std::vector<Problem> problems_;
  };
}
