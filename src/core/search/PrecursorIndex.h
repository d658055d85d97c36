#pragma once
// Library entries ordered by precursor m/z, so that a search inside a precursor window touches only the
// entries in that window, not the whole library.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace SpecEmbedding
{
  class PrecursorIndex
  {
  public:
    /// precursor_mz: float64 [entries]; entries without a precursor m/z (0, negative or not finite) are
    /// in no window.
    explicit PrecursorIndex(const torch::Tensor& precursor_mz);

    /// The entries whose precursor m/z lies in [low, high], in ascending entry order.
    std::vector<int64_t> within(double low, double high) const;

  private:
    std::vector<double> sorted_mz_;
    std::vector<int64_t> entries_; ///< entries_[i] has sorted_mz_[i]
  };
}
