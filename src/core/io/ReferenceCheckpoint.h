#pragma once
// Reads checkpoints of the published SpecEmbedding PyTorch code, written by
// torch.save(model.state_dict()). LibTorch's own unpickler cannot read them (it turns the
// collections.OrderedDict into None), so a strict reader for exactly that content lives here.
#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace SpecEmbedding
{
  /// Tensors of a torch.save(state_dict) checkpoint, in file order, as contiguous CPU float32
  /// copies. Throws ModelError (core/Errors.h) naming the file on any problem.
  std::vector<std::pair<std::string, torch::Tensor>> readReferenceCheckpoint(const std::string& path);

  /// Copies the tensors into module's parameters (and buffers) name for name. Every parameter must
  /// be present with the same shape, and no extra tensor may be left over: otherwise throws
  /// ModelError naming `path` and the first mismatch, and leaves the module unchanged.
  void loadReferenceWeights(torch::nn::Module& module, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                            const std::string& path);
}
