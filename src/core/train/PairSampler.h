#pragma once
#include "Augmenter.h"
#include "CompoundSet.h"

#include <torch/arg.h>

#include <cstdint>
#include <random>
#include <vector>

namespace SpecEmbedding
{
  /// One training batch: distinct compounds, two views of each.
  struct ViewBatch
  {
    std::vector<size_t> compounds;    ///< indices into the CompoundSet
    std::vector<TokenSequence> views; ///< sample-major: views[2 i] and views[2 i + 1] show compounds[i]
  };

  struct PairSamplerOptions
  {
    TORCH_ARG(size_t, compounds_per_batch) = 512;
    TORCH_ARG(size_t, epoch_factor) = 10;
    TORCH_ARG(double, augment_probability) = 0.5;
    TORCH_ARG(bool, augment_replicates) = false;
    TORCH_ARG(AugmentationSettings, augmentation) = {};
    TORCH_ARG(uint64_t, seed) = 42;
    TORCH_ARG(size_t, mass_window_rounds) = 0;
    TORCH_ARG(size_t, structure_rounds) = 0;
    TORCH_ARG(size_t, structure_group) = 4;
    TORCH_ARG(double, precursor_dropout) = 0.0;
  };

  /// Draws the reference's training samples. An epoch visits every compound epoch_factor times in
  /// random order; each visit gives two views: with augment_probability two augmentations of one
  /// randomly chosen spectrum of the compound, otherwise two independently chosen spectra (with
  /// replacement; unchanged, or augmented each with augment_replicates). Batches hold min(compounds_per_batch, compounds) distinct compounds, the last
  /// one of an epoch possibly fewer.
  ///
  /// mass_window_rounds of the epoch_factor visits are hard-negative rounds instead: compounds
  /// sorted by precursor m/z and cut into batches at a random phase, so that isomers and other
  /// compounds of nearly the same mass meet in one batch. In a random batch of 256 of the 3,600
  /// training compounds a compound rarely meets its isomers, yet these are what large-library
  /// searches confuse. The batches of all rounds are then shuffled together.
  ///
  /// structure_rounds of the visits are structure rounds: each batch is made of groups of up to
  /// structure_group structurally similar compounds (an anchor in random order and its most similar
  /// compounds not yet grouped in that round, from `neighbours`), so that the Tanimoto term meets pairs
  /// of high Tanimoto similarity, which a random batch almost never holds (most random pairs of the
  /// training compounds lie at 0.1-0.2).
  ///
  /// With precursor_dropout, each view loses its precursor token with that probability, so that the
  /// contrastive term pairs views with and without it: the embedding cannot rest on the precursor m/z
  /// alone, on which unknown compounds otherwise find isobaric rather than similar compounds.
  ///
  /// Compounds of different ion modes never share a batch: each mode is sampled on its own, as above,
  /// and the batches of the modes are mixed.
  ///
  /// Everything is a function of (seed, epoch, step), so any batch can be replayed on resume.
  class PairSampler
  {
  public:
    static constexpr size_t kViews = 2;

    /// neighbours: for each compound, the compounds most similar to it, most similar first; needed
    /// when structure_rounds > 0. Keeps references to compounds and neighbours.
    PairSampler(const CompoundSet& compounds, const PairSamplerOptions& options,
                const std::vector<std::vector<size_t>>* neighbours = nullptr);

    size_t batchesPerEpoch() const;

    /// The compounds of every batch of the epoch.
    std::vector<std::vector<size_t>> epochPlan(size_t epoch) const;

    /// The views of a batch of compounds at (epoch, step).
    ViewBatch views(const std::vector<size_t>& compounds, size_t epoch, size_t step) const;

  private:
    /// The compounds of one ion mode.
    struct Stratum
    {
      std::vector<size_t> members;         ///< compound indices, in order
      size_t batch_size = 0;               ///< compounds_per_batch, at most all members
      std::vector<size_t> by_precursor_mz; ///< members by the median precursor m/z of their spectra (mass window rounds)
    };

    /// Random rounds laid end to end, cut into batches of distinct compounds.
    std::vector<std::vector<size_t>> randomRoundBatches(const Stratum& stratum, size_t rounds, std::mt19937_64& random) const;
    /// Rounds over the compounds in precursor m/z order, each cut into batches at a random phase.
    std::vector<std::vector<size_t>> massWindowBatches(const Stratum& stratum, size_t rounds, std::mt19937_64& random) const;
    /// Rounds of groups of structurally similar compounds, cut into batches.
    std::vector<std::vector<size_t>> structureBatches(const Stratum& stratum, size_t rounds, std::mt19937_64& random) const;

    const CompoundSet& compounds_;
    PairSamplerOptions options_;
    Augmenter augmenter_;
    const std::vector<std::vector<size_t>>* neighbours_;
    std::vector<Stratum> strata_; ///< by ion mode, in the order of the modes' names
  };
}
