#pragma once
// Peak-based spectral similarities for hybrid re-scoring and analog search: spectral entropy similarity
// (Li et al. 2021, Nat Methods, as computed by the ms_entropy package), a greedy cosine (as matchms'
// CosineGreedy) and the modified cosine of GNPS analog search (Watrous et al. 2012, PNAS; Wang et al. 2016,
// Nat Biotechnol), which also matches fragments shifted by the difference of the precursor m/z.
#include "../Spectrum.h"
#include "../Words.h"

#include <limits>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Centroided peaks; m/z need not be sorted and intensities need not be normalised.
  struct PeakList
  {
    std::vector<double> mz;
    std::vector<double> intensity;
    double precursor_mz = std::numeric_limits<double>::quiet_NaN(); ///< unknown when NaN, 0 or less; only the modified cosine reads it
    size_t size() const { return mz.size(); }
  };

  /// How two prepared peak lists match: their similarity, the peaks of a matched to one of b, and the share
  /// of a's prepared intensity those explain (of its intensities for the entropy methods, of their squares,
  /// whose sum is 1, for the cosines).
  struct SpectralMatch
  {
    double score = 0.0;
    size_t matched_peaks = 0;
    double explained_intensity = 0.0;
  };

  /// A spectrum's peaks and precursor m/z (NaN where the spectrum has none).
  PeakList peakListOf(const Spectrum& spectrum);

  /// Scores pairs of peak lists with one method. prepare() each spectrum once, then score() pairs of
  /// prepared lists: scoring one query against many candidates then needs no repeated cleaning.
  class SpectralScorer
  {
  public:
    enum class Method
    {
      Entropy,           ///< entropy similarity with ms_entropy's entropy-weighted intensities
      UnweightedEntropy, ///< entropy similarity on plain intensities
      Cosine,            ///< greedy cosine
      ModifiedCosine     ///< greedy cosine of square-root intensities, peaks also matched across the precursor shift
    };

    /// fragment_tolerance in Da; throws ParameterError unless positive and finite.
    SpectralScorer(Method method, double fragment_tolerance = 0.02);

    Method method() const { return method_; }
    double fragmentTolerance() const { return fragment_tolerance_; }

    /// Entropy methods: ms_entropy's clean_spectrum (peaks with m/z or intensity <= 0 dropped, peaks closer
    /// than 2 x tolerance merged from the most intense down, peaks under 1 % of the highest dropped, sum 1),
    /// then the entropy weight when weighted. Cosine: positive peaks, unit Euclidean norm; modified cosine:
    /// the same of the square roots of the intensities (as GNPS), keeping the precursor m/z. Sorted by m/z.
    PeakList prepare(const PeakList& peaks) const;

    /// Similarity in [0, 1] of two prepared lists; 0 when either is empty. The modified cosine pairs peaks
    /// whose m/z agree, or agree once b's are moved by a's minus b's precursor m/z, each peak at most once
    /// (greedy by intensity product); without both precursors it is the cosine.
    double score(const PeakList& prepared_a, const PeakList& prepared_b) const;

    /// The score with its matched peaks and the share of a's intensity they explain.
    SpectralMatch match(const PeakList& prepared_a, const PeakList& prepared_b) const;

  private:
    Method method_;
    double fragment_tolerance_;
  };

  template <>
  struct EnumWords<SpectralScorer::Method>
  {
    static constexpr const char* what = "spectral similarity";
    static constexpr std::pair<SpectralScorer::Method, const char*> words[] = {
      {SpectralScorer::Method::Entropy, "entropy"}, {SpectralScorer::Method::UnweightedEntropy, "unweighted_entropy"},
      {SpectralScorer::Method::Cosine, "cosine"}, {SpectralScorer::Method::ModifiedCosine, "modified_cosine"}};
  };

  /// Spectral entropy similarity of two raw peak lists (ms_entropy's calculate_entropy_similarity when
  /// weighted, calculate_unweighted_entropy_similarity otherwise, both with clean_spectra=True).
  double entropySimilarity(const PeakList& a, const PeakList& b, double fragment_tolerance = 0.02, bool weighted = true);

  /// Greedy cosine of two raw peak lists: peak pairs within the tolerance are taken by descending
  /// intensity product, each peak at most once, normalised by both spectra's Euclidean norms.
  double greedyCosine(const PeakList& a, const PeakList& b, double fragment_tolerance = 0.02);
}
