#include "SpectralAnalogSearch.h"

#include <cmath>
#include <utility>

namespace SpecEmbedding
{
  SpectralAnalogSearch::SpectralAnalogSearch(const torch::Tensor& precursor_mz, std::shared_ptr<const FragmentIndex> index, double mass_window)
    : precursor_mz_(precursor_mz.to(torch::kFloat64).contiguous()), index_(std::move(index)), mass_window_(mass_window)
  {
  }

  std::vector<SpectralAnalog> SpectralAnalogSearch::best(const Spectrum& query, double identity_window, size_t k,
                                                         const std::function<bool(int64_t)>& excluded) const
  {
    std::vector<SpectralAnalog> found;
    if (k == 0 || !query.hasPrecursorMz()) return found;
    const double* precursor_mz = precursor_mz_.data_ptr<double>();
    const auto in_window = [&](int64_t j) {
      const double difference = std::abs(precursor_mz[j] - query.precursor_mz);
      return precursor_mz[j] > 0.0 && difference > identity_window && difference <= mass_window_ && !(excluded && excluded(j));
    };
    for (const auto& [entry, score] : index_->best(peakListOf(query), k, in_window)) found.push_back({entry, score});
    return found;
  }
}
