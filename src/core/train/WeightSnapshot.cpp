#include "WeightSnapshot.h"

#include "../io/NamedTensors.h"

namespace SpecEmbedding
{
  WeightSnapshot snapshotWeights(const torch::nn::Module& module)
  {
    WeightSnapshot weights;
    // On the CPU, wherever the module trains: checkpoints write them, and they need no GPU memory.
    for (const auto& item : module.named_parameters()) weights.insert(item.key(), item.value().detach().to(torch::kCPU, /*non_blocking=*/false, /*copy=*/true));
    return weights;
  }

  void restoreWeights(torch::nn::Module& module, const WeightSnapshot& weights, const std::string& source)
  {
    loadNamedTensors(module, namedTensors(weights), source, "the saved weights");
  }
}
