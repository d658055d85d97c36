#include "FeedForward.h"

#include "../Errors.h"

namespace SpecEmbedding
{
  torch::nn::AnyModule makeActivation(const std::string& name)
  {
    if (name == "relu") return torch::nn::AnyModule(torch::nn::ReLU());
    if (name == "selu") return torch::nn::AnyModule(torch::nn::SELU());
    if (name == "gelu") return torch::nn::AnyModule(torch::nn::GELU());
    throw ParameterError("activation must be relu, selu or gelu, got '" + name + "'");
  }

  FeedForwardImpl::FeedForwardImpl(int64_t input_size, int64_t hidden_size, int64_t output_size,
                                   const std::string& activation, double dropout)
  {
    layers_->push_back(torch::nn::Linear(input_size, hidden_size));
    layers_->push_back(makeActivation(activation));
    layers_->push_back(torch::nn::Dropout(dropout));
    layers_->push_back(torch::nn::Linear(hidden_size, output_size));
    register_module("_layers", layers_);
  }

  torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x)
  {
    return layers_->forward(x);
  }
}
