#pragma once
// Analog search by the peaks: the library spectra whose precursor m/z lies outside a query's identity
// window but within the analog mass window, ranked by modified cosine (GNPS analog search). For compounds
// that are in no library, its best hits are much closer in structure than the embedding's
// (bench/analog_search.sh).
#include "../Spectrum.h"
#include "PrecursorIndex.h"
#include "PreparedPeaks.h"
#include "SpectralSimilarity.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>
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
    /// precursor_mz: [entries], 0 where unknown (never an analog); peaks(j) gives entry j's peaks.
    SpectralAnalogSearch(const torch::Tensor& precursor_mz, std::function<PeakList(int64_t)> peaks, double fragment_tolerance,
                         double mass_window);

    /// Prepares the library entries in the analog windows of these queries that are not prepared yet, in
    /// parallel; best() needs its query's entries prepared.
    void prepareFor(const std::vector<const Spectrum*>& queries);

    /// The k entries of highest modified cosine (ties by index) whose precursor m/z differs from the query's
    /// by more than identity_window and at most the mass window, skipping those `excluded` names and those
    /// sharing no fragment with the query (score 0); none for a query without a precursor m/z. Safe to call in
    /// parallel after prepareFor().
    std::vector<SpectralAnalog> best(const Spectrum& query, double identity_window, size_t k,
                                     const std::function<bool(int64_t)>& excluded) const;

  private:
    torch::Tensor precursor_mz_; ///< float64, contiguous
    SpectralScorer scorer_;
    double mass_window_;
    PrecursorIndex index_;
    PreparedPeaks prepared_;
  };
}
