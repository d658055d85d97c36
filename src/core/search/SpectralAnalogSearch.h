#pragma once
// Analog search by the peaks: the library spectra whose precursor m/z lies outside a query's identity
// window but within the analog mass window, ranked by modified cosine (GNPS analog search), found through the
// library's fragment index. For compounds that are in no library, its best hits are much closer in structure
// than the embedding's (bench/analog_search.sh).
#include "../Spectrum.h"
#include "FragmentIndex.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace SpecEmbedding
{
  struct SpectralAnalog
  {
    int64_t library_index;
    double score; ///< modified cosine
  };

  class SpectralAnalogSearch
  {
  public:
    /// precursor_mz: [entries], 0 where unknown (never an analog); index: the entries' fragment index.
    SpectralAnalogSearch(const torch::Tensor& precursor_mz, std::shared_ptr<const FragmentIndex> index, double mass_window);

    /// The k entries of highest modified cosine (ties by index) whose precursor m/z differs from the query's
    /// by more than identity_window and at most the mass window, skipping those `excluded` names and those
    /// sharing no fragment with the query (score 0); none for a query without a precursor m/z. Safe to call in
    /// parallel.
    std::vector<SpectralAnalog> best(const Spectrum& query, double identity_window, size_t k,
                                     const std::function<bool(int64_t)>& excluded) const;

  private:
    torch::Tensor precursor_mz_; ///< float64, contiguous
    std::shared_ptr<const FragmentIndex> index_;
    double mass_window_;
  };
}
