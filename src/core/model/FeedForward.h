#pragma once
#include <torch/torch.h>

#include <string>

namespace SpecEmbedding
{
  /// Linear -> activation -> dropout -> Linear, the reference's MultiFeedForwardModule with one
  /// hidden layer and no dropout after the last layer. The layers sit in a Sequential named
  /// "_layers" (indices 0 and 3 hold weights), as in the reference state_dict.
  class FeedForwardImpl : public torch::nn::Module
  {
  public:
    FeedForwardImpl(int64_t input_size, int64_t hidden_size, int64_t output_size,
                    const std::string& activation, double dropout);
    torch::Tensor forward(const torch::Tensor& x);

  private:
    torch::nn::Sequential layers_;
  };
  TORCH_MODULE(FeedForward);

  /// The activation module for "relu", "selu" or "gelu".
  torch::nn::AnyModule makeActivation(const std::string& name);
}
