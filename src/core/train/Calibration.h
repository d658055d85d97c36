#pragma once
// Calibrating a trained model's scores on compounds it was not trained on.
#include "../model/SpectrumEncoder.h"
#include "../search/ScoreCalibration.h"
#include "CompoundSet.h"
#include "MorganFingerprints.h"

namespace SpecEmbedding
{
  /// Hits per held-out compound whose (cosine, Tanimoto) pairs fit the analog calibration.
  constexpr int64_t kCalibrationHitsPerQuery = 10;

  /// Fits the model's score calibrations (ModelCalibration). Analog similarity: the first spectrum of
  /// each validation compound searches all training spectra of its ion mode, where its compound is not,
  /// and the cosines of its kCalibrationHitsPerQuery best hits are paired with the Morgan Tanimoto
  /// similarity of their compounds to it; compounds without a fingerprint are left out. Throws
  /// InputError when no validation compound with a fingerprint is left.
  ModelCalibration calibrateScores(SpectrumEncoderImpl& encoder, const CompoundSet& validation, const CompoundSet& training,
                                   const MorganFingerprints& validation_fingerprints, const MorganFingerprints& training_fingerprints);

  /// How many hits of the open-world twin fitConfidence learned from.
  struct ConfidenceFit
  {
    size_t queries = 0, known = 0;    ///< held-out compounds queried, and those with spectra in the library
    size_t hits = 0, correct = 0;     ///< labelled hits of embedding search, and those of the query's compound
  };

  /// Fits the hit confidences (ModelCalibration::confidence and hybrid_confidence) on an open-world twin of
  /// the held-out compounds: the library holds the training spectra and, for about half of the held-out
  /// compounds (drawn from the seed), all their spectra but the first; the first spectrum of every held-out
  /// compound queries it, so that about half the queries have their compound in the library, as in a run of
  /// unknown samples. The kConfidenceCandidates best hits of each query, by embedding search and by hybrid
  /// search (default settings, spectral entropy), are labelled by whether they are its compound (first
  /// InChIKey block) and fit a logistic model of their features (confidenceFeatures). Spectra without
  /// InChIKey do not query; unusable spectra are left out. Throws InputError without a usable query.
  ConfidenceFit fitConfidence(SpectrumEncoderImpl& encoder, const std::vector<Spectrum>& training, const std::vector<Spectrum>& held_out,
                              uint64_t seed, ModelCalibration& calibration);
}
