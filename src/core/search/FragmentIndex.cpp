#include "FragmentIndex.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

namespace SpecEmbedding
{
  FragmentIndex::FragmentIndex(size_t entries, const std::function<PeakList(int64_t)>& peaks, double fragment_tolerance)
    : scorer_(SpectralScorer::Method::ModifiedCosine, fragment_tolerance), prepared_(entries)
  {
    at::parallel_for(0, static_cast<int64_t>(entries), 256, [&](int64_t begin, int64_t end) {
      for (int64_t j = begin; j < end; ++j) prepared_[static_cast<size_t>(j)] = scorer_.prepare(peaks(j));
    });
    size_t count = 0;
    for (const auto& list : prepared_) count += list.size();
    fragments_.reserve(count);
    losses_.reserve(count);
    for (size_t j = 0; j < entries; ++j)
    {
      const auto& list = prepared_[j];
      const bool known = std::isfinite(list.precursor_mz) && list.precursor_mz > 0.0;
      for (size_t i = 0; i < list.size(); ++i)
      {
        const auto intensity = static_cast<float>(list.intensity[i]);
        fragments_.push_back({list.mz[i], intensity, static_cast<int32_t>(j)});
        if (known) losses_.push_back({list.precursor_mz - list.mz[i], intensity, static_cast<int32_t>(j)});
      }
    }
    const auto byMz = [](const IndexedPeak& a, const IndexedPeak& b) { return a.mz < b.mz; };
    std::sort(fragments_.begin(), fragments_.end(), byMz);
    std::sort(losses_.begin(), losses_.end(), byMz);
  }

  void FragmentIndex::accumulate(const std::vector<IndexedPeak>& peaks, const std::vector<double>& mz, const std::vector<double>& intensity,
                                 std::vector<float>& sums, std::vector<int32_t>& touched) const
  {
    const double tolerance = scorer_.fragmentTolerance();
    for (size_t i = 0; i < mz.size(); ++i)
    {
      auto at = std::lower_bound(peaks.begin(), peaks.end(), mz[i] - tolerance, [](const IndexedPeak& peak, double value) { return peak.mz < value; });
      for (; at != peaks.end() && at->mz <= mz[i] + tolerance; ++at)
      {
        if (sums[static_cast<size_t>(at->entry)] == 0.0f) touched.push_back(at->entry);
        sums[static_cast<size_t>(at->entry)] += static_cast<float>(intensity[i]) * at->intensity;
      }
    }
  }

  std::vector<IndexedScore> FragmentIndex::bounds(const PeakList& prepared_query) const
  {
    // A thread's sums over the whole library, reset entry by entry after each query.
    thread_local std::vector<float> sums;
    sums.assign(std::max(sums.size(), prepared_.size()), 0.0f);
    std::vector<int32_t> touched;
    accumulate(fragments_, prepared_query.mz, prepared_query.intensity, sums, touched);
    if (std::isfinite(prepared_query.precursor_mz) && prepared_query.precursor_mz > 0.0)
    {
      std::vector<double> losses;
      for (const double mz : prepared_query.mz) losses.push_back(prepared_query.precursor_mz - mz);
      accumulate(losses_, losses, prepared_query.intensity, sums, touched);
    }
    std::sort(touched.begin(), touched.end());
    std::vector<IndexedScore> found;
    found.reserve(touched.size());
    for (const int32_t entry : touched)
    {
      // A product below float's resolution leaves the sum at 0: the entry shares nothing that counts.
      if (sums[static_cast<size_t>(entry)] > 0.0f) found.push_back({entry, sums[static_cast<size_t>(entry)]});
      sums[static_cast<size_t>(entry)] = 0.0f;
    }
    return found;
  }

  std::vector<IndexedScore> FragmentIndex::best(const PeakList& raw_query, size_t k, const std::function<bool(int64_t)>& accept) const
  {
    std::vector<IndexedScore> kept;
    if (k == 0) return kept;
    const auto query = scorer_.prepare(raw_query);
    auto candidates = bounds(query);
    candidates.erase(std::remove_if(candidates.begin(), candidates.end(), [&](const IndexedScore& c) { return accept && !accept(c.library_index); }),
                     candidates.end());
    // Highest bound first; an entry is scored exactly only while its bound can still reach the k-th best score.
    std::sort(candidates.begin(), candidates.end(), [](const IndexedScore& a, const IndexedScore& b) {
      return a.score != b.score ? a.score > b.score : a.library_index < b.library_index;
    });
    const auto ranksBefore = [](const IndexedScore& a, const IndexedScore& b) {
      return a.score != b.score ? a.score > b.score : a.library_index < b.library_index;
    };
    // The float sums round: a bound is trusted to 1e-5 above the exact score it bounds.
    constexpr double kSlack = 1e-5;
    for (const auto& candidate : candidates)
    {
      if (kept.size() == k && candidate.score + kSlack < kept.back().score) break;
      const double score = scorer_.score(query, prepared(candidate.library_index));
      if (!(score > 0.0)) continue;
      const IndexedScore exact{candidate.library_index, score};
      if (kept.size() == k && !ranksBefore(exact, kept.back())) continue;
      kept.insert(std::upper_bound(kept.begin(), kept.end(), exact, ranksBefore), exact);
      if (kept.size() > k) kept.pop_back();
    }
    return kept;
  }
}
