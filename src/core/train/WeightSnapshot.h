#pragma once
#include <torch/torch.h>

#include <string>

namespace SpecEmbedding
{
  /// Detached copies of a module's parameters by name, e.g. the best weights of a run.
  using WeightSnapshot = c10::Dict<std::string, torch::Tensor>;

  WeightSnapshot snapshotWeights(const torch::nn::Module& module);

  /// Copies the snapshot into the module's parameters (loadNamedTensors). Throws ModelError, naming
  /// `source`, when a parameter is missing, has another shape or the snapshot holds others.
  void restoreWeights(torch::nn::Module& module, const WeightSnapshot& weights, const std::string& source);
}
