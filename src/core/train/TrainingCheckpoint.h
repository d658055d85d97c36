#pragma once
#include "EpochReport.h"
#include "WeightSelection.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Where a run stands, besides its weights and optimiser state.
  struct TrainingProgress
  {
    size_t epoch = 0;               ///< completed epochs
    size_t step_in_epoch = 0;       ///< steps done in the current epoch
    size_t global_step = 0;         ///< optimiser updates so far: the schedule's position
    double epoch_loss_sum = 0.0;    ///< sum of batch loss x batch samples in the current epoch
    size_t epoch_samples = 0;
    double epoch_step_seconds = 0.0; ///< time in training steps of the current epoch
    double elapsed_seconds = 0.0;   ///< wall time of the run over all its sessions
    std::vector<EpochReport> reports;

    nlohmann::json toJson() const;
    static TrainingProgress fromJson(const nlohmann::json& json);
  };

  /// The resumable state of a training run: one PyTorch pickle of a plain dict holding the run's
  /// identity, progress and weight selection (JSON text), the current, best and running-average weights,
  /// and AdamW's moments and step counts per parameter. The learning rate schedule and all random draws are functions of the
  /// progress counters and the seed, so nothing else is needed to continue exactly.
  class TrainingCheckpoint
  {
  public:
    static constexpr const char* kFormat = "SpecEmbedding training checkpoint";
    static constexpr int kFormatVersion = 1;

    /// Writes atomically: a crash while writing leaves the previous checkpoint in place.
    static void save(const std::string& path, const nlohmann::json& run, const TrainingProgress& progress,
                     const WeightSelection& selection, const torch::nn::Module& model, const torch::optim::AdamW& optimizer);

    /// Restores model, weight selection and optimiser state and returns the progress. Throws
    /// ModelError when the file is unreadable and ParameterError when it belongs to another run
    /// (other model, data or options than `run`).
    static TrainingProgress load(const std::string& path, const nlohmann::json& run, torch::nn::Module& model,
                                 WeightSelection& selection, torch::optim::AdamW& optimizer);
  };
}
