#pragma once
// Fitting the learned scorer (calibration/CandidateScorer) on compounds the embedding was not trained on, as
// MS2Query trains its random forest: open-world searches of held-out compounds, some of whose compounds stay in
// the library and some not, and the candidates of each labelled by identity and by structural similarity.
#include "../Spectrum.h"
#include "../calibration/ModelCalibration.h"
#include "../model/SpectrumEncoder.h"

#include <cstdint>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Open-world searches that fitScorer learns from; each round queries every held-out compound once more.
  constexpr int kScorerRounds = 4;

  /// The candidates' feature rows of the held-out searches (scorerTwinRows), each labelled.
  struct ScorerRows
  {
    std::vector<float> features;   ///< row-major, candidateFeatureNames().size() wide
    std::vector<float> identity;   ///< 1: the query's compound (first InChIKey block)
    std::vector<float> similarity; ///< Morgan Tanimoto of the two structures; NaN without both
    std::vector<int> fold;         ///< of the query's compound: 0 or 1
    std::vector<size_t> search;    ///< the search (query and mode) of each row
    std::vector<char> analog;      ///< an analog candidate

    size_t size() const { return identity.size(); }
  };

  /// What the scorer was fitted on.
  struct ScorerFit
  {
    size_t queries = 0, known = 0;     ///< searches, and those whose compound had spectra in the library
    size_t candidates = 0, correct = 0; ///< rows, and those of the query's compound
    size_t structures = 0;              ///< rows with a Tanimoto label (both structures known)
  };

  /// The rows fitScorer learns from (see there); `fit` counts them. Empty without held-out compounds of two spectra.
  ScorerRows scorerTwinRows(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out,
                            uint64_t seed, ScorerFit& fit);

  /// The scorer fitted on rows: identity trees on all, similarity trees on those with a Tanimoto label, and the
  /// best candidate's confidence calibrated on predictions of trees fitted on the other fold.
  CandidateScorer fitCandidateScorer(const ScorerRows& rows, uint64_t seed);

  /// Fits calibration.scorer. The held-out compounds with two or more spectra query in every round with their
  /// next spectrum; for half of them (drawn per round) their other spectra join the training spectra in the
  /// library, so that about half the queries are known compounds and half are not; the spectra of the other
  /// held-out compounds join the library. Each query is searched twice, as the tools search, with analog
  /// candidates: within a 20 ppm precursor window, and with no precursor filter (learned search's candidates,
  /// SearchParameters::learned). Every candidate gives a row of features (CandidateFeatures), labelled by
  /// whether it is the query's compound (first InChIKey block) and by the Morgan Tanimoto of the two structures.
  /// The identity model is fitted on all rows, the similarity model on those with both structures; the
  /// confidence of a query's best candidate is calibrated (isotonic) on predictions of models fitted on the other
  /// half of the query compounds. Returns what was fitted on; calibration.scorer stays unset without held-out
  /// compounds of two spectra, or without RDKit or XGBoost in the build (the reason goes to warn).
  ScorerFit fitScorer(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out, uint64_t seed,
                      ModelCalibration& calibration, const std::function<void(const std::string&)>& warn);
}
