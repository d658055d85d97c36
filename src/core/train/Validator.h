#pragma once
// How a training run measures an epoch on held-out compounds.
#include "../model/SpectrumEncoder.h"
#include "CompoundSet.h"
#include "../search/MorganFingerprints.h"
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
  /// search library, which makes it a large-library search, and analog search is measured as well:
  /// the first spectrum of each validation compound searches the distractors alone, where its compound
  /// is not, and the Tanimoto similarity of its best hit's compound to it is averaged. Searches stay
  /// within an ion mode, as the search tools do. Validation draws no randomness that training uses, so
  /// validating changes no trained weight.
  class Validator
  {
  public:
    /// Keeps references to the sets, the objective and the fingerprints (of the validation and the
    /// training compounds; either may be null, and then no analog figure is measured). The objective is
    /// evaluated on batches of compounds_per_batch.
    Validator(const CompoundSet& validation, const CompoundSet& training, size_t distractors, const TrainingObjective& objective,
              const MorganFingerprints* fingerprints, const MorganFingerprints* training_fingerprints, size_t compounds_per_batch,
              uint64_t seed);

    /// Whether there is anything to validate on.
    bool active() const { return compounds_.size() > 0; }

    ValidationScores operator()(SpectrumEncoderImpl& encoder) const;

  private:
    double analogTanimoto(const torch::Tensor& embeddings, const torch::Tensor& distractors) const;

    const CompoundSet& compounds_;
    const TrainingObjective& objective_;
    const MorganFingerprints* fingerprints_;
    const MorganFingerprints* training_fingerprints_;
    size_t compounds_per_batch_;
    uint64_t seed_;
    std::vector<TokenSequence> spectra_;  ///< of all validation compounds, compound by compound
    std::vector<size_t> compound_of_row_;
    std::vector<int> mode_of_row_;        ///< ion mode group (CompoundSet::ionModeGroups, shared with the training set)
    std::vector<int64_t> first_row_;      ///< of each compound
    std::vector<TokenSequence> distractors_;
    std::vector<size_t> distractor_compound_; ///< training compound of each distractor
    std::vector<int> mode_of_distractor_;
  };
}
