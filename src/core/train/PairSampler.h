#pragma once
#include "Augmenter.h"
#include "CompoundSet.h"

#include <cstdint>
#include <vector>

namespace SpecEmbedding
{
  /// One training batch: distinct compounds, two views of each.
  struct ViewBatch
  {
    std::vector<size_t> compounds;    ///< indices into the CompoundSet
    std::vector<TokenSequence> views; ///< sample-major: views[2 i] and views[2 i + 1] show compounds[i]
  };

  /// Draws the reference's training samples. An epoch visits every compound epoch_factor times in
  /// random order; each visit gives two views: with augment_probability two augmentations of one
  /// randomly chosen spectrum of the compound, otherwise two independently chosen spectra (with
  /// replacement, unchanged). Batches hold min(batch_size, compounds) distinct compounds, the last
  /// one of an epoch possibly fewer.
  ///
  /// Everything is a function of (seed, epoch, step), so any batch can be replayed on resume.
  class PairSampler
  {
  public:
    static constexpr size_t kViews = 2;

    PairSampler(const CompoundSet& compounds, size_t batch_size, size_t epoch_factor, double augment_probability,
                const Augmenter& augmenter, uint64_t seed);

    size_t batchesPerEpoch() const;

    /// The compounds of every batch of the epoch.
    std::vector<std::vector<size_t>> epochPlan(size_t epoch) const;

    /// The views of a batch of compounds at (epoch, step).
    ViewBatch views(const std::vector<size_t>& compounds, size_t epoch, size_t step) const;

  private:
    const CompoundSet& compounds_;
    size_t batch_size_;
    size_t epoch_factor_;
    double augment_probability_;
    Augmenter augmenter_;
    uint64_t seed_;
  };
}
