#pragma once
#include "../Tokenizer.h"

#include <random>

namespace SpecEmbedding
{
  /// The reference's augmentation settings (SpecEmbedding params.yaml, "augmentation").
  struct AugmentationSettings
  {
    double removal_intensity = 0.3; ///< only peaks below this (relative) intensity may be removed
    double removal_max = 0.2;       ///< share of those peaks that is removed
    double rate_intensity = 0.15;   ///< each intensity is scaled by a factor in [1 - rate, 1 + rate]

    /// Throws ParameterError for values outside [0, 1].
    void validate() const;
  };

  /// Makes a perturbed copy of a token sequence, as the reference TrainDataset.aug does: the
  /// precursor token is kept first and unchanged; floor(removal_max x n) of the n low-intensity peaks
  /// are removed (uniformly, without replacement); every remaining peak intensity is multiplied by
  /// its own factor 1 - rate_intensity x 2 x (U(0,1) - 0.5); the peaks are renormalised to a
  /// maximum of 1. Peaks stay in m/z order.
  class Augmenter
  {
  public:
    explicit Augmenter(const AugmentationSettings& settings = {});

    TokenSequence operator()(const TokenSequence& tokens, std::mt19937_64& random) const;

  private:
    AugmentationSettings settings_;
  };
}
