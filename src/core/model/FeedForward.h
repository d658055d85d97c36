#pragma once
#include "ModelConfig.h"

#include <torch/torch.h>

namespace SpecEmbedding
{
  struct FeedForwardOptions
  {
    FeedForwardOptions(int64_t input_size, int64_t hidden_size, int64_t output_size)
      : input_size_(input_size), hidden_size_(hidden_size), output_size_(output_size)
    {
    }
    TORCH_ARG(int64_t, input_size);
    TORCH_ARG(int64_t, hidden_size);
    TORCH_ARG(int64_t, output_size);
    TORCH_ARG(Activation, activation) = Activation::SELU;
    TORCH_ARG(double, dropout) = 0.1;
  };

  /// Linear -> activation -> dropout -> Linear, the reference's MultiFeedForwardModule with one
  /// hidden layer and no dropout after the last layer. The layers sit in a Sequential named
  /// "_layers" (indices 0 and 3 hold weights), as in the reference state_dict.
  class FeedForwardImpl : public torch::nn::Module
  {
  public:
    explicit FeedForwardImpl(const FeedForwardOptions& options);
    torch::Tensor forward(const torch::Tensor& x);

  private:
    torch::nn::Sequential layers_;
  };
  TORCH_MODULE(FeedForward);

  /// The activation module.
  torch::nn::AnyModule makeActivation(Activation activation);
}
