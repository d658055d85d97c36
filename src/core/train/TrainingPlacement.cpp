#include "TrainingPlacement.h"

#include "../model/ComputeDevice.h"

#include <cstdlib>

namespace SpecEmbedding
{
  const SettingTable<TrainingPlacement>& TrainingPlacement::settings()
  {
    using P = TrainingPlacement;
    static const SettingTable<P> table = {
      wordSetting<P>("device", {}, [](const P& p) { return p.device; }, [](P& p, const std::string& word) { p.device = word; },
                     "Where to train: cpu, or cuda (cuda:N for GPU N) when the LibTorch in use has CUDA and sees a GPU.", kAdvanced),
      numberSetting("world_size", &P::world_size,
                    "Processes of a data-parallel training run (c10d over Gloo): each embeds its share of every batch and the gradients "
                    "are summed, so the run takes the steps one process would. Left at 1, the environment variable WORLD_SIZE is used "
                    "where set.",
                    1, kAny, kAdvanced),
      numberSetting("rank", &P::rank,
                    "This process's rank in the run, 0 to world_size - 1. Rank 0 validates and writes the model, the log and the "
                    "checkpoint (on a path all ranks see, for -resume). Left at 0, RANK is used where set.",
                    0, kAny, kAdvanced),
      wordSetting<P>("master_addr", {}, [](const P& p) { return p.master_addr; }, [](P& p, const std::string& word) { p.master_addr = word; },
                     "Host of rank 0, where the processes meet. Left at 127.0.0.1, MASTER_ADDR is used where set.", kAdvanced),
      numberSetting("master_port", &P::master_port,
                    "TCP port on master_addr where the processes meet. Left at 29500, MASTER_PORT is used where set.", 1, 65535, kAdvanced),
    };
    return table;
  }

  TrainingGroupOptions TrainingPlacement::groupOptions() const
  {
    const TrainingPlacement defaults;
    // The setting's value, or the variable's where the setting is at its default.
    const auto text = [](const std::string& value, const std::string& fallback, const char* variable) {
      const char* environment = std::getenv(variable);
      return value == fallback && environment != nullptr ? std::string(environment) : value;
    };
    const auto integer = [&](int64_t value, int64_t fallback, const char* variable, const char* name) {
      const auto given = text(std::to_string(value), std::to_string(fallback), variable);
      try
      {
        size_t used = 0;
        const auto parsed = std::stoll(given, &used);
        if (used == given.size()) return static_cast<int64_t>(parsed);
      }
      catch (const std::exception&)
      {
      }
      throw ParameterError(std::string("-") + name + " (or " + variable + ") is not a whole number: '" + given + "'");
    };
    return TrainingGroupOptions()
      .world_size(integer(world_size, defaults.world_size, "WORLD_SIZE", "world_size"))
      .rank(integer(rank, defaults.rank, "RANK", "rank"))
      .master_addr(text(master_addr, defaults.master_addr, "MASTER_ADDR"))
      .master_port(integer(master_port, defaults.master_port, "MASTER_PORT", "master_port"));
  }

  torch::Device TrainingPlacement::computeDevice() const
  {
    return SpecEmbedding::computeDevice(device);
  }
}
