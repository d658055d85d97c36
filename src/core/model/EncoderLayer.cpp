#include "EncoderLayer.h"

#include "FeedForward.h"

#include <cmath>

namespace SpecEmbedding
{
  SelfAttentionImpl::SelfAttentionImpl(const SelfAttentionOptions& options) : n_head_(options.n_head()), dropout_(options.dropout())
  {
    const auto embedding_dim = options.embedding_dim();
    in_proj_weight_ = register_parameter("in_proj_weight", torch::empty({3 * embedding_dim, embedding_dim}));
    in_proj_bias_ = register_parameter("in_proj_bias", torch::zeros({3 * embedding_dim}));
    out_proj_ = register_module("out_proj", torch::nn::Linear(embedding_dim, embedding_dim));
    // torch.nn.MultiheadAttention's initialisation.
    torch::NoGradGuard no_grad;
    torch::nn::init::xavier_uniform_(in_proj_weight_);
    out_proj_->bias.zero_();
  }

  torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& key_padding_mask)
  {
    const auto batch = x.size(0), length = x.size(1), dim = x.size(2);
    const auto head_dim = dim / n_head_;
    // [batch, length, 3, heads, head_dim] -> 3 x [batch, heads, length, head_dim]
    const auto qkv = torch::nn::functional::linear(x, in_proj_weight_, in_proj_bias_)
                       .view({batch, length, 3, n_head_, head_dim})
                       .permute({2, 0, 3, 1, 4});
    const auto query = qkv[0] * (1.0 / std::sqrt(static_cast<double>(head_dim)));
    auto scores = torch::matmul(query, qkv[1].transpose(-2, -1));
    scores = scores.masked_fill(key_padding_mask.view({batch, 1, 1, length}), -std::numeric_limits<float>::infinity());
    auto weights = torch::softmax(scores, -1);
    if (is_training() && dropout_ > 0.0) weights = torch::dropout(weights, dropout_, true);
    const auto context = torch::matmul(weights, qkv[2]).transpose(1, 2).reshape({batch, length, dim});
    return out_proj_->forward(context);
  }

  EncoderLayerImpl::EncoderLayerImpl(const EncoderLayerOptions& options) : activation_(makeActivation(options.activation()))
  {
    const auto width = options.embedding_dim();
    self_attn_ = register_module("self_attn", SelfAttention(SelfAttentionOptions(width, options.n_head()).dropout(options.dropout())));
    linear1_ = register_module("linear1", torch::nn::Linear(width, options.dim_feedforward()));
    dropout_ = register_module("dropout", torch::nn::Dropout(options.dropout()));
    linear2_ = register_module("linear2", torch::nn::Linear(options.dim_feedforward(), width));
    norm1_ = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(1e-5)));
    norm2_ = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({width}).eps(1e-5)));
    dropout1_ = register_module("dropout1", torch::nn::Dropout(options.dropout()));
    dropout2_ = register_module("dropout2", torch::nn::Dropout(options.dropout()));
  }

  torch::Tensor EncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& key_padding_mask)
  {
    auto out = x + dropout1_->forward(self_attn_->forward(norm1_->forward(x), key_padding_mask));
    const auto hidden = activation_.forward(linear1_->forward(norm2_->forward(out)));
    return out + dropout2_->forward(linear2_->forward(dropout_->forward(hidden)));
  }

  TransformerEncoderImpl::TransformerEncoderImpl(const TransformerEncoderOptions& options)
  {
    layers_ = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < options.n_layer(); ++i) layers_->push_back(EncoderLayer(options.layer()));
  }

  torch::Tensor TransformerEncoderImpl::forward(torch::Tensor x, const torch::Tensor& key_padding_mask)
  {
    for (const auto& layer : *layers_) x = layer->as<EncoderLayer>()->forward(x, key_padding_mask);
    return x;
  }
}
