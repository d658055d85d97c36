#pragma once
// How a training run measures an epoch on held-out compounds.
#include "../model/SpectrumEncoder.h"
#include "CompoundSet.h"
#include "MorganFingerprints.h"
#include "TrainingObjective.h"
#include "WeightSelection.h"

#include <cstdint>
#include <vector>

namespace SpecEmbedding
{
  /// Validates an encoder on the validation compounds: the training objective on two un-augmented
  /// views per compound, drawn the same way every time, and the top-1 hit ratio of the replicate
  /// search (ReplicateHitRatio), both from one embedding of every validation spectrum. With
  /// distractors, that many training spectra (drawn from the seed; all when there are fewer) join the
  /// search library, which makes it a large-library search. Validation draws no randomness that
  /// training uses, so validating changes no trained weight.
  class Validator
  {
  public:
    /// Keeps references to validation, objective and fingerprints (the validation compounds'; may be
    /// null when the objective needs none). The objective is evaluated on batches of compounds_per_batch.
    Validator(const CompoundSet& validation, const CompoundSet& training, size_t distractors, const TrainingObjective& objective,
              const MorganFingerprints* fingerprints, size_t compounds_per_batch, uint64_t seed);

    /// Whether there is anything to validate on.
    bool active() const { return compounds_.size() > 0; }

    ValidationScores operator()(SpectrumEncoderImpl& encoder) const;

  private:
    const CompoundSet& compounds_;
    const TrainingObjective& objective_;
    const MorganFingerprints* fingerprints_;
    size_t compounds_per_batch_;
    uint64_t seed_;
    std::vector<TokenSequence> spectra_;  ///< of all validation compounds, compound by compound
    std::vector<size_t> compound_of_row_;
    std::vector<int64_t> first_row_;      ///< of each compound
    std::vector<TokenSequence> distractors_;
  };
}
