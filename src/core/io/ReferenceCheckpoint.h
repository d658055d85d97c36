#pragma once
// Reads checkpoints of the published SpecEmbedding PyTorch code, written by
// torch.save(model.state_dict()). LibTorch's own unpickler cannot read them (it turns the
// collections.OrderedDict into None), so a strict reader for exactly that content lives here.
#include "NamedTensors.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace SpecEmbedding
{
  /// Tensors of a torch.save(state_dict) checkpoint, in file order, as contiguous CPU float32
  /// copies. Throws ModelError (core/Errors.h) naming the file on any problem.
  NamedTensors readReferenceCheckpoint(const std::string& path);

  /// loadNamedTensors for the tensors of the checkpoint at path.
  void loadReferenceWeights(torch::nn::Module& module, const NamedTensors& tensors, const std::string& path);
}
