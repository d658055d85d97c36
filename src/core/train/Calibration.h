#pragma once
// Calibrating a trained model's scores on compounds it was not trained on.
#include "../Settings.h"
#include "../model/SpectrumEncoder.h"
#include "../search/ScoreCalibration.h"
#include "CompoundSet.h"
#include "../search/MorganFingerprints.h"

#include <map>
#include <random>

namespace SpecEmbedding
{
  /// What -calibrate changes of a model before it calibrates it: the user settings.
  struct CalibrationOptions
  {
    double structure_weight = -1.0; ///< the structure head's share of the search score; -1: the model's own

    static const SettingTable<CalibrationOptions>& settings();
  };

  /// The usable spectra (those the encoder's tokenizer takes) and their raw embeddings.
  std::pair<std::vector<Spectrum>, torch::Tensor> embedUsable(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& spectra);

  /// Open-world searches of held-out compounds, as in the dev task, for fitting what a search's scores mean.
  /// Each round queries one spectrum of each held-out compound with two or more spectra and leaves the
  /// compound's other spectra in the library with probability 1/2; the spectra of the other held-out
  /// compounds are further library spectra beside the training spectra.
  class OpenWorldTwin
  {
  public:
    /// Embeds the usable training and held-out spectra.
    OpenWorldTwin(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out);

    /// No held-out compound has two or more spectra: there is nothing to query.
    bool empty() const { return compounds_.empty(); }
    const std::vector<Spectrum>& librarySpectra() const { return library_spectra_; }
    const std::vector<Spectrum>& heldOutSpectra() const { return held_spectra_; }
    /// The queried compounds, by key: their rows of heldOutSpectra().
    const std::map<std::string, std::vector<int64_t>>& compounds() const { return compounds_; }

    struct Round
    {
      std::vector<Spectrum> queries;
      torch::Tensor query_embeddings; ///< raw, one row per query
      EmbeddingLibrary library;
      size_t known; ///< queries whose compound stays in the library
    };
    /// Round `round` (0, 1, ...), its draws from `random`; `name` names the library.
    Round round(int round, std::mt19937_64& random, const std::string& name) const;

  private:
    std::vector<Spectrum> library_spectra_, held_spectra_;
    torch::Tensor library_embeddings_, held_embeddings_;
    std::map<std::string, std::vector<int64_t>> compounds_;
    std::vector<int64_t> distractors_; ///< rows of held-out spectra that only join the library
  };

  /// Hits per held-out compound whose (cosine, Tanimoto) pairs fit the analog calibration.
  constexpr int64_t kCalibrationHitsPerQuery = 10;

  /// Fits the model's score calibrations (ModelCalibration). Analog similarity: the first spectrum of
  /// each validation compound searches all training spectra of its ion mode, where its compound is not,
  /// and the cosines of its kCalibrationHitsPerQuery best hits are paired with the Morgan Tanimoto
  /// similarity of their compounds to it; compounds without a fingerprint are left out. Throws
  /// InputError when no validation compound with a fingerprint is left.
  ModelCalibration calibrateScores(SpectrumEncoderImpl& encoder, const CompoundSet& validation, const CompoundSet& training,
                                   const MorganFingerprints& validation_fingerprints, const MorganFingerprints& training_fingerprints);

  /// Precursor window (ppm) outside which fitSpectralAnalogSimilarity's analog hits lie.
  constexpr double kCalibrationPrecursorPpm = 20.0;

  /// Fits ModelCalibration::analog_spectral_similarity on analog hits by modified cosine as the search
  /// returns them with an identity window of kCalibrationPrecursorPpm and the default analog mass window and
  /// fragment tolerance: the first spectrum with a SMILES of each held-out compound searches the library
  /// spectra of its ion mode, and the modified cosines of its kCalibrationHitsPerQuery best hits are paired
  /// with the Morgan Tanimoto similarity of their structures to its. Without such a spectrum, or a hit with
  /// a structure, the calibration stays unset.
  void fitSpectralAnalogSimilarity(const std::vector<Spectrum>& library, const std::vector<Spectrum>& held_out, ModelCalibration& calibration);

  /// Open-world searches that fitConfidence learns from, each with other queries and another half of the
  /// compounds in the library.
  constexpr int kConfidenceTwinRounds = 4;

  /// What the hit confidences were fitted on, over all rounds.
  struct ConfidenceFit
  {
    size_t queries = 0, known = 0;    ///< queries, and those whose compound had spectra in the library
    size_t hits = 0, correct = 0;     ///< best hits of embedding search, and those of the query's compound
  };

  /// Fits the hit confidences (ModelCalibration::confidence and hybrid_confidence) on an open-world twin of
  /// the dev task, built from the held-out compounds: those with two or more spectra query, and the others'
  /// spectra join the training spectra in the library. In each of kConfidenceTwinRounds rounds, every
  /// querying compound's next spectrum queries, and half of these compounds (drawn from the seed) have their
  /// other spectra in the library, so that about half the queries have their compound in it, as in a run of
  /// unknown samples. The kConfidenceCandidates best hits of each query, by embedding search and by hybrid
  /// search (default settings, spectral entropy), are labelled by whether they are its compound (first
  /// InChIKey block), and fit a logistic model of their features (confidenceFeatures) for the best hits and
  /// one for the others. Unusable spectra are left out. Without two spectra of a held-out compound the
  /// confidences stay uncalibrated (queries 0).
  ConfidenceFit fitConfidence(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out,
                              uint64_t seed, ModelCalibration& calibration);
}
