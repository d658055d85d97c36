#pragma once
#include "../Tokenizer.h"

#include <random>

namespace SpecEmbedding
{
  /// The reference's augmentation settings (SpecEmbedding params.yaml, "augmentation"), and what imitates
  /// spectra of other instruments and labs as MS2DeepScore 2 does (off by default, as in the reference).
  struct AugmentationSettings
  {
    double removal_intensity = 0.3; ///< only peaks below this (relative) intensity may be removed
    double removal_max = 0.2;       ///< share of those peaks that is removed
    double rate_intensity = 0.15;   ///< each intensity is scaled by a factor in [1 - rate, 1 + rate]
    size_t noise_peaks = 0;         ///< up to this many random peaks are added (uniformly many, 0 to noise_peaks)
    double noise_intensity = 0.01;  ///< of each, at most this relative intensity, at an m/z between 0 and the precursor's
    double precursor_ppm = 0.0;     ///< the precursor m/z is shifted by a uniform error within +/- this many ppm
    size_t max_peaks = 99;          ///< not a user setting: the most peaks of the model's tokens (its max_len - 1)

    /// Throws ParameterError for values outside [0, 1].
    void validate() const;
  };

  /// Makes a perturbed copy of a token sequence, as the reference TrainDataset.aug does: the
  /// precursor token is kept first and unchanged; floor(removal_max x n) of the n low-intensity peaks
  /// are removed (uniformly, without replacement); every remaining peak intensity is multiplied by
  /// its own factor 1 - rate_intensity x 2 x (U(0,1) - 0.5); the peaks are renormalised to a
  /// maximum of 1. Then up to noise_peaks random peaks are added (up to noise_intensity, below the
  /// precursor m/z), of which the most intense max_peaks stay (as the tokenizer keeps them), and the precursor
  /// m/z is shifted by up to precursor_ppm. Peaks stay in m/z order.
  class Augmenter
  {
  public:
    explicit Augmenter(const AugmentationSettings& settings = {});

    TokenSequence operator()(const TokenSequence& tokens, std::mt19937_64& random) const;

  private:
    AugmentationSettings settings_;
  };
}
