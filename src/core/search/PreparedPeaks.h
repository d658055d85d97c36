#pragma once
// Library peak lists prepared for one spectral scorer, each at most once per search: hybrid re-scoring and
// analog search by peaks score many queries against overlapping sets of library spectra.
#include "SpectralSimilarity.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace SpecEmbedding
{
  class PreparedPeaks
  {
  public:
    /// peaks(j): library entry j's peaks, for j < size.
    PreparedPeaks(SpectralScorer scorer, size_t size, std::function<PeakList(int64_t)> peaks);

    /// Prepares those of the entries that are not prepared yet, in parallel.
    void prepare(const std::vector<int64_t>& entries);

    /// Entry j's prepared peaks; requires prepare() of j. Safe to call in parallel.
    const PeakList& at(int64_t j) const { return prepared_[static_cast<size_t>(j)]; }

  private:
    SpectralScorer scorer_;
    std::function<PeakList(int64_t)> peaks_;
    std::vector<PeakList> prepared_;
    std::vector<char> done_;
  };
}
