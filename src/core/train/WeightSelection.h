#pragma once
// Which weights a training run keeps: the best validated epoch, or the average of the later epochs.
#include "WeightSnapshot.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cstddef>
#include <limits>

namespace SpecEmbedding
{
  /// What one validation measured; NaN where not measured.
  struct ValidationScores
  {
    double loss;      ///< the training objective on held-out compounds
    double hit_ratio; ///< top-1, replicate protocol; NaN when no validation compound has two spectra
    /// Mean Morgan Tanimoto between each validation compound and its best hit among the training spectra
    /// (analog search for compounds not in the library); NaN without distractors or fingerprints.
    double analog_tanimoto = std::numeric_limits<double>::quiet_NaN();
  };

  /// Chooses the weights a run keeps. The best epoch is the one with the best validation top-1 hit
  /// ratio, ties broken by the lower validation loss (the loss alone when no hit ratio is measured):
  /// the hit ratio is what the model is used for, and the loss of a contrastive objective tracks it
  /// only loosely. Early stopping counts epochs without such an improvement. From
  /// average_from_epoch on, a running mean of the epoch-end weights is kept as well, and once
  /// validated it becomes the kept weights.
  ///
  /// Its counters travel in the training checkpoint (toJson), its weights beside them.
  class WeightSelection
  {
  public:
    /// patience: epochs without improvement before stopping (0: never); average_from_epoch: 0 for none.
    WeightSelection(size_t patience, size_t average_from_epoch);

    /// Before the first epoch: the initial weights are kept until an epoch is better.
    void begin(const torch::nn::Module& model);

    /// A validated epoch (1-based): returns whether it is the best so far, whose weights are then kept.
    bool offer(size_t epoch, const ValidationScores& scores, const torch::nn::Module& model);

    /// Folds the weights at the end of `epoch` (1-based) into the average once averaging has begun.
    void addToAverage(size_t epoch, const torch::nn::Module& model);

    /// Makes the average, validated with `scores` after the last epoch `epoch`, the kept weights.
    void keepAverage(size_t epoch, const ValidationScores& scores);

    bool stoppedEarly() const { return stopped_early_; }
    bool averaging() const { return averaged_epochs_ > 0; }
    /// The first epoch in the average, given the last one in it; meaningful while averaging().
    size_t firstAveragedEpoch(size_t last_epoch) const { return last_epoch + 1 - averaged_epochs_; }

    size_t bestEpoch() const { return best_epoch_; }         ///< 0 before any validation
    double bestHitRatio() const { return best_hit_ratio_; }   ///< NaN until a validation with queries
    double bestLoss() const { return best_validation_loss_; } ///< NaN until a validation
    const WeightSnapshot& best() const { return best_; }
    const WeightSnapshot& average() const { return average_; }

    /// The counters, under the keys of TrainingProgress' JSON.
    void writeJson(nlohmann::json& json) const;
    /// Restores counters (from writeJson) and weights from a checkpoint.
    void restore(const nlohmann::json& json, WeightSnapshot best, WeightSnapshot average);

  private:
    bool improvedBy(const ValidationScores& scores) const;

    size_t patience_;
    size_t average_from_epoch_;
    size_t best_epoch_ = 0;
    double best_hit_ratio_;
    double best_validation_loss_;
    size_t epochs_without_improvement_ = 0;
    bool stopped_early_ = false;
    size_t averaged_epochs_ = 0;
    WeightSnapshot best_;
    WeightSnapshot average_; ///< running mean of the epoch-end weights since average_from_epoch
  };
}
