#include "PreparedPeaks.h"

#include <ATen/Parallel.h>

namespace SpecEmbedding
{
  PreparedPeaks::PreparedPeaks(SpectralScorer scorer, size_t size, std::function<PeakList(int64_t)> peaks)
    : scorer_(scorer), peaks_(std::move(peaks)), prepared_(size), done_(size, 0)
  {
  }

  void PreparedPeaks::prepare(const std::vector<int64_t>& entries)
  {
    std::vector<int64_t> needed;
    for (const int64_t j : entries)
    {
      if (done_[static_cast<size_t>(j)]) continue;
      done_[static_cast<size_t>(j)] = 1;
      needed.push_back(j);
    }
    at::parallel_for(0, static_cast<int64_t>(needed.size()), 64, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) prepared_[static_cast<size_t>(needed[i])] = scorer_.prepare(peaks_(needed[i]));
    });
  }
}
