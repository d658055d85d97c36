#include "SpectralAnalogSearch.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>

namespace SpecEmbedding
{
  namespace
  {
    bool hasPrecursor(const Spectrum& query) { return std::isfinite(query.precursor_mz) && query.precursor_mz > 0.0; }
  }

  SpectralAnalogSearch::SpectralAnalogSearch(const torch::Tensor& precursor_mz, std::function<PeakList(int64_t)> peaks,
                                             double fragment_tolerance, double mass_window)
    : precursor_mz_(precursor_mz.data_ptr<double>()), peaks_(std::move(peaks)), scorer_(SpectralScorer::Method::ModifiedCosine, fragment_tolerance),
      mass_window_(mass_window), index_(precursor_mz)
  {
  }

  std::vector<int64_t> SpectralAnalogSearch::windowOf(const Spectrum& query) const
  {
    if (!hasPrecursor(query)) return {};
    return index_.within(query.precursor_mz - mass_window_, query.precursor_mz + mass_window_);
  }

  void SpectralAnalogSearch::prepareFor(const std::vector<const Spectrum*>& queries)
  {
    std::vector<PeakList*> slots;
    std::vector<int64_t> needed;
    for (const auto* query : queries)
    {
      for (const int64_t j : windowOf(*query))
      {
        const auto [slot, inserted] = prepared_.try_emplace(j);
        if (!inserted) continue;
        slots.push_back(&slot->second);
        needed.push_back(j);
      }
    }
    at::parallel_for(0, static_cast<int64_t>(needed.size()), 64, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i)
      {
        auto peaks = peaks_(needed[i]);
        peaks.precursor_mz = precursor_mz_[needed[i]];
        *slots[i] = scorer_.prepare(peaks);
      }
    });
  }

  std::vector<SpectralAnalog> SpectralAnalogSearch::best(const Spectrum& query, double identity_window, size_t k,
                                                         const std::function<bool(int64_t)>& excluded) const
  {
    std::vector<SpectralAnalog> found;
    if (k == 0) return found;
    const auto prepared_query = scorer_.prepare(peakListOf(query));
    for (const int64_t j : windowOf(query))
    {
      if (std::abs(precursor_mz_[j] - query.precursor_mz) <= identity_window || (excluded && excluded(j))) continue;
      found.push_back({j, scorer_.score(prepared_query, prepared_.at(j))});
    }
    const auto ranksBefore = [](const SpectralAnalog& a, const SpectralAnalog& b) {
      return a.score != b.score ? a.score > b.score : a.library_index < b.library_index;
    };
    const size_t kept = std::min(found.size(), k);
    std::partial_sort(found.begin(), found.begin() + kept, found.end(), ranksBefore);
    found.resize(kept);
    return found;
  }
}
