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
}
