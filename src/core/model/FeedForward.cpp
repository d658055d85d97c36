#include "FeedForward.h"

#include "../Errors.h"

namespace SpecEmbedding
{
  torch::nn::AnyModule makeActivation(Activation activation)
  {
    switch (activation)
    {
      case Activation::ReLU: return torch::nn::AnyModule(torch::nn::ReLU());
      case Activation::SELU: return torch::nn::AnyModule(torch::nn::SELU());
      case Activation::GELU: return torch::nn::AnyModule(torch::nn::GELU());
    }
    throw ParameterError("unknown activation");
  }

  FeedForwardImpl::FeedForwardImpl(const FeedForwardOptions& options)
  {
    layers_->push_back(torch::nn::Linear(options.input_size(), options.hidden_size()));
    layers_->push_back(makeActivation(options.activation()));
    layers_->push_back(torch::nn::Dropout(options.dropout()));
    layers_->push_back(torch::nn::Linear(options.hidden_size(), options.output_size()));
    register_module("_layers", layers_);
  }

  torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x)
  {
    return layers_->forward(x);
  }
}
