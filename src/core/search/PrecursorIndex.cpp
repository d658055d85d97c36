#include "PrecursorIndex.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace SpecEmbedding
{
  PrecursorIndex::PrecursorIndex(const torch::Tensor& precursor_mz)
  {
    const auto values = precursor_mz.to(torch::kFloat64).contiguous();
    const auto* mz = values.data_ptr<double>();
    for (int64_t i = 0; i < values.size(0); ++i)
    {
      if (std::isfinite(mz[i]) && mz[i] > 0.0) entries_.push_back(i);
    }
    std::stable_sort(entries_.begin(), entries_.end(), [&](int64_t a, int64_t b) { return mz[a] < mz[b]; });
    sorted_mz_.reserve(entries_.size());
    for (const auto entry : entries_) sorted_mz_.push_back(mz[entry]);
  }

  std::vector<int64_t> PrecursorIndex::within(double low, double high) const
  {
    const auto begin = std::lower_bound(sorted_mz_.begin(), sorted_mz_.end(), low);
    const auto end = std::upper_bound(begin, sorted_mz_.end(), high);
    std::vector<int64_t> found(entries_.begin() + (begin - sorted_mz_.begin()), entries_.begin() + (end - sorted_mz_.begin()));
    std::sort(found.begin(), found.end());
    return found;
  }
}
