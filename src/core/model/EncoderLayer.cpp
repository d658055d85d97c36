#include "EncoderLayer.h"

#include <cmath>

namespace SpecEmbedding
{
  SelfAttentionImpl::SelfAttentionImpl(int64_t embedding_dim, int64_t n_head, double dropout)
    : n_head_(n_head), dropout_(dropout)
  {
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

  EncoderLayerImpl::EncoderLayerImpl(const ModelConfig& config)
    : gelu_(config.encoderActivation() == "gelu")
  {
    self_attn_ = register_module("self_attn", SelfAttention(config.embedding_dim, config.n_head, config.dropout));
    linear1_ = register_module("linear1", torch::nn::Linear(config.embedding_dim, config.dim_feedforward));
    dropout_ = register_module("dropout", torch::nn::Dropout(config.dropout));
    linear2_ = register_module("linear2", torch::nn::Linear(config.dim_feedforward, config.embedding_dim));
    norm1_ = register_module("norm1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.embedding_dim}).eps(1e-5)));
    norm2_ = register_module("norm2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({config.embedding_dim}).eps(1e-5)));
    dropout1_ = register_module("dropout1", torch::nn::Dropout(config.dropout));
    dropout2_ = register_module("dropout2", torch::nn::Dropout(config.dropout));
  }

  torch::Tensor EncoderLayerImpl::forward(const torch::Tensor& x, const torch::Tensor& key_padding_mask)
  {
    auto out = x + dropout1_->forward(self_attn_->forward(norm1_->forward(x), key_padding_mask));
    auto hidden = linear1_->forward(norm2_->forward(out));
    hidden = gelu_ ? torch::gelu(hidden) : torch::relu(hidden);
    return out + dropout2_->forward(linear2_->forward(dropout_->forward(hidden)));
  }

  TransformerEncoderImpl::TransformerEncoderImpl(const ModelConfig& config)
  {
    layers_ = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < config.n_layer; ++i) layers_->push_back(EncoderLayer(config));
  }

  torch::Tensor TransformerEncoderImpl::forward(torch::Tensor x, const torch::Tensor& key_padding_mask)
  {
    for (const auto& layer : *layers_) x = layer->as<EncoderLayer>()->forward(x, key_padding_mask);
    return x;
  }
}
