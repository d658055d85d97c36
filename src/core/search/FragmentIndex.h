#pragma once
// A library's peaks, prepared for the modified cosine, indexed by m/z and by neutral loss (precursor m/z
// minus fragment m/z), after Flash entropy search (Li & Fiehn, Nat Methods 2023): the peaks of a query find
// the library peaks they match by binary search, so that scoring a query costs in proportion to the peaks that
// match, not to the library. The modified cosine pairs each peak at most once; the index sums every matching
// pair, an upper bound of it, and best() scores exactly only the entries whose bound can still reach the best.
#include "SpectralSimilarity.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace SpecEmbedding
{
  struct IndexedScore
  {
    int64_t library_index;
    double score;
  };

  class FragmentIndex
  {
  public:
    /// peaks(j): entry j's peaks and precursor m/z, for j < entries; prepared (SpectralScorer::prepare) in parallel.
    FragmentIndex(size_t entries, const std::function<PeakList(int64_t)>& peaks, double fragment_tolerance);

    size_t entries() const { return prepared_.size(); }
    double fragmentTolerance() const { return scorer_.fragmentTolerance(); }
    /// Entry j's peaks as the modified cosine scores them.
    const PeakList& prepared(int64_t j) const { return prepared_[static_cast<size_t>(j)]; }

    /// The k entries of highest modified cosine with the query (ties by index) among those `accept`s, skipping
    /// entries that share no fragment or neutral loss with it (score 0): exactly what scoring every accepted
    /// entry pairwise gives. Safe to call in parallel.
    std::vector<IndexedScore> best(const PeakList& raw_query, size_t k, const std::function<bool(int64_t)>& accept) const;

    /// Every entry that shares a fragment or neutral loss with the prepared query, with the sum of the
    /// intensity products of all its matching pairs (an upper bound of its modified cosine), in entry order.
    std::vector<IndexedScore> bounds(const PeakList& prepared_query) const;

  private:
    struct IndexedPeak
    {
      double mz; ///< fragment m/z, or neutral loss
      float intensity;
      int32_t entry;
    };

    /// Adds a * b of every indexed peak within the tolerance of each of the query's m/z (or losses) to sums.
    void accumulate(const std::vector<IndexedPeak>& peaks, const std::vector<double>& mz, const std::vector<double>& intensity,
                    std::vector<float>& sums, std::vector<int32_t>& touched) const;

    SpectralScorer scorer_;
    std::vector<PeakList> prepared_;
    std::vector<IndexedPeak> fragments_; ///< by m/z
    std::vector<IndexedPeak> losses_;    ///< by neutral loss, entries with a precursor m/z only
  };
}
