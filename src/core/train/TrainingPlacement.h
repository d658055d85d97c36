#pragma once
// Where a training run computes: its device, and the processes of a data-parallel run with where they meet.
#include "../Settings.h"
#include "TrainingGroup.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace SpecEmbedding
{
  struct TrainingPlacement
  {
    std::string device = "cpu";
    int64_t world_size = 1;
    int64_t rank = 0;
    std::string master_addr = "127.0.0.1";
    int64_t master_port = 29500;

    /// The user settings (TOPP parameters of the Trainer).
    static const SettingTable<TrainingPlacement>& settings();

    /// The data-parallel group; a setting left at its default takes the environment variable that torchrun and
    /// SLURM scripts set (WORLD_SIZE, RANK, MASTER_ADDR, MASTER_PORT). Throws ParameterError for a variable that
    /// is not a whole number.
    TrainingGroupOptions groupOptions() const;

    /// computeDevice(device): throws ParameterError for a device this LibTorch cannot use.
    torch::Device computeDevice() const;
  };
}
