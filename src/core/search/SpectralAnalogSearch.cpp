#include "SpectralAnalogSearch.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace SpecEmbedding
{
  SpectralAnalogSearch::SpectralAnalogSearch(const torch::Tensor& precursor_mz, std::function<PeakList(int64_t)> peaks,
                                             double fragment_tolerance, double mass_window)
    : precursor_mz_(precursor_mz.to(torch::kFloat64).contiguous()), scorer_(SpectralScorer::Method::ModifiedCosine, fragment_tolerance),
      mass_window_(mass_window), index_(precursor_mz_), prepared_(scorer_, static_cast<size_t>(precursor_mz_.size(0)), std::move(peaks))
  {
  }

  void SpectralAnalogSearch::prepareFor(const std::vector<const Spectrum*>& queries)
  {
    // The union of the queries' windows, as few m/z ranges as possible.
    std::vector<std::pair<double, double>> windows;
    for (const auto* query : queries)
    {
      if (query->hasPrecursorMz()) windows.emplace_back(query->precursor_mz - mass_window_, query->precursor_mz + mass_window_);
    }
    std::sort(windows.begin(), windows.end());
    std::vector<std::pair<double, double>> merged;
    for (const auto& window : windows)
    {
      if (!merged.empty() && window.first <= merged.back().second) merged.back().second = std::max(merged.back().second, window.second);
      else merged.push_back(window);
    }
    for (const auto& [low, high] : merged) prepared_.prepare(index_.within(low, high));
  }

  std::vector<SpectralAnalog> SpectralAnalogSearch::best(const Spectrum& query, double identity_window, size_t k,
                                                         const std::function<bool(int64_t)>& excluded) const
  {
    std::vector<SpectralAnalog> found;
    if (k == 0 || !query.hasPrecursorMz()) return found;
    const auto prepared_query = scorer_.prepare(peakListOf(query));
    const double* precursor_mz = precursor_mz_.data_ptr<double>();
    for (const int64_t j : index_.within(query.precursor_mz - mass_window_, query.precursor_mz + mass_window_))
    {
      if (std::abs(precursor_mz[j] - query.precursor_mz) <= identity_window || (excluded && excluded(j))) continue;
      const double score = scorer_.score(prepared_query, prepared_.at(j));
      if (score > 0.0) found.push_back({j, score});
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
