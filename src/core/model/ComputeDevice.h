#pragma once
// Where the encoder trains: the CPU, or a CUDA GPU when the LibTorch in use has CUDA and sees one.
#include <torch/torch.h>

#include <string>

namespace SpecEmbedding
{
  /// The device "cpu", "cuda" or "cuda:N" names. Throws ParameterError for another name, and for a CUDA
  /// device this LibTorch cannot use (built without CUDA, no GPU visible, N beyond the GPUs).
  torch::Device computeDevice(const std::string& name);

  /// The device the module's parameters are on (the CPU for a module without parameters).
  torch::Device deviceOf(const torch::nn::Module& module);
}
