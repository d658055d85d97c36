#pragma once
// Copying stored tensors into a module by name: the one home of the checks every weight loader needs.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace SpecEmbedding
{
  /// Tensors under their module names, in stored order.
  using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

  /// The tensors of a dict of them (a model file's or checkpoint's weights), in its order.
  NamedTensors namedTensors(const c10::Dict<std::string, torch::Tensor>& dict);

  /// Copies tensors into module's parameters and buffers name for name. Every one of them must be there
  /// with its shape, and none may be left over or appear twice; otherwise throws ModelError "<source>
  /// does not fit the architecture: <what is wrong>" (container names where the tensors come from, "the
  /// checkpoint"), and the module is left as it was.
  void loadNamedTensors(torch::nn::Module& module, const NamedTensors& tensors, const std::string& source,
                        const std::string& container);
}
