#include "WeightSnapshot.h"

#include "../Errors.h"

namespace SpecEmbedding
{
  WeightSnapshot snapshotWeights(const torch::nn::Module& module)
  {
    WeightSnapshot weights;
    for (const auto& item : module.named_parameters()) weights.insert(item.key(), item.value().detach().clone());
    return weights;
  }

  void restoreWeights(torch::nn::Module& module, const WeightSnapshot& weights, const std::string& source)
  {
    torch::NoGradGuard no_grad;
    for (auto& item : module.named_parameters())
    {
      const auto found = weights.find(item.key());
      if (found == weights.end()) throw ModelError(source + " lacks the parameter '" + item.key() + "'");
      if (!found->value().sizes().equals(item.value().sizes()))
      {
        throw ModelError(source + " has another shape for '" + item.key() + "': the architecture differs");
      }
      item.value().copy_(found->value());
    }
  }
}
