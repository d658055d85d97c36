#pragma once
// What the learned scorer (calibration/CandidateScorer) knows of each candidate of a query, in the order of
// candidateFeatureNames():
// - the embedding: the cosine, its rank among the query's candidates, its margin over the best candidate of
//   another compound;
// - the peaks: spectral entropy similarity and its margin over the best other compound's, modified cosine,
//   cosine, the peaks the modified cosine matches and the share of the query's intensity the cosine explains;
// - the precursors: library minus query m/z (Da; NaN unknown), its absolute ppm, and whether it is a common
//   modification (knownModification);
// - the candidate's compound (LibraryCompounds): the best and mean embedding cosine of the query with all its
//   library spectra of the query's ion mode, their number, its share of the query's ten best candidates, the
//   best entropy similarity among its candidates;
// - its neighbourhood, as MS2Query reads it: the mean over its nearest compounds by structure of the query's
//   best embedding cosine with each, and their mean Tanimoto to it (NaN without neighbours);
// - the query: its peak count, precursor m/z and ion mode (1 negative).
#include "../Hit.h"
#include "../Spectrum.h"
#include "EmbeddingLibrary.h"
#include "PreparedPeaks.h"
#include "SpectralSimilarity.h"

#include <torch/torch.h>

#include <vector>

namespace SpecEmbedding
{
  /// Whether a precursor m/z difference (Da, either sign) is a common biotransformation or adduct swap within
  /// tolerance: +O, +H2, +CH2, +H2O, +CO2, +CO, +C2H4, +NH3, acetyl, sulfate, phosphate, pentose, deoxyhexose,
  /// hexose, glucuronide, and Na for H.
  bool knownModification(double mass_difference, double tolerance = 0.005);

  class CandidateFeatures
  {
  public:
    /// library needs its compounds (EmbeddingLibrary::withCompounds); throws std::invalid_argument otherwise.
    explicit CandidateFeatures(const EmbeddingLibrary& library, double fragment_tolerance = 0.02);

    /// Prepares the peaks of the candidates' library spectra not prepared yet, in parallel: before rows() of
    /// these hits.
    void prepare(const std::vector<std::vector<Hit>>& hits);

    /// One row of features per candidate of the query, row-major (candidates.size() x
    /// candidateFeatureNames().size()); NaN where unknown. candidates: the query's hits of any kind, as the
    /// search returned them; query_unit: its unit embedding (float32, [dimension]). Safe to call in parallel
    /// after prepare().
    std::vector<float> rows(const Spectrum& query, const torch::Tensor& query_unit, const std::vector<Hit>& candidates) const;

  private:
    const EmbeddingLibrary& library_;
    SpectralScorer entropy_, cosine_, modified_cosine_;
    PreparedPeaks entropy_peaks_, cosine_peaks_, modified_cosine_peaks_;
  };
}
