#pragma once
#include "ModelConfig.h"

#include <torch/torch.h>

namespace SpecEmbedding
{
  struct SelfAttentionOptions
  {
    SelfAttentionOptions(int64_t embedding_dim, int64_t n_head) : embedding_dim_(embedding_dim), n_head_(n_head) {}
    TORCH_ARG(int64_t, embedding_dim);
    TORCH_ARG(int64_t, n_head);
    TORCH_ARG(double, dropout) = 0.1;
  };

  struct EncoderLayerOptions
  {
    EncoderLayerOptions(int64_t embedding_dim, int64_t n_head, int64_t dim_feedforward)
      : embedding_dim_(embedding_dim), n_head_(n_head), dim_feedforward_(dim_feedforward)
    {
    }
    TORCH_ARG(int64_t, embedding_dim);
    TORCH_ARG(int64_t, n_head);
    TORCH_ARG(int64_t, dim_feedforward);
    TORCH_ARG(Activation, activation) = Activation::GELU;
    TORCH_ARG(double, dropout) = 0.1;
  };

  struct TransformerEncoderOptions
  {
    TransformerEncoderOptions(EncoderLayerOptions layer, int64_t n_layer) : layer_(std::move(layer)), n_layer_(n_layer) {}
    TORCH_ARG(EncoderLayerOptions, layer);
    TORCH_ARG(int64_t, n_layer);
  };

  /// Multi-head self-attention with a key-padding mask. Parameters are named as in
  /// torch.nn.MultiheadAttention (in_proj_weight, in_proj_bias, out_proj).
  /// Hand-written because LibTorch 1.13's torch::nn::MultiheadAttention has no batch_first and always
  /// computes the averaged attention weights (need_weights), a wasted pass per layer.
  class SelfAttentionImpl : public torch::nn::Module
  {
  public:
    explicit SelfAttentionImpl(const SelfAttentionOptions& options);
    /// x: [batch, length, embedding_dim]; key_padding_mask: [batch, length], true where padded.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& key_padding_mask);

  private:
    int64_t n_head_;
    double dropout_;
    torch::Tensor in_proj_weight_, in_proj_bias_;
    torch::nn::Linear out_proj_{nullptr};
  };
  TORCH_MODULE(SelfAttention);

  /// A pre-norm transformer encoder layer, as torch.nn.TransformerEncoderLayer with
  /// norm_first=True and batch_first=True.
  class EncoderLayerImpl : public torch::nn::Module
  {
  public:
    explicit EncoderLayerImpl(const EncoderLayerOptions& options);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& key_padding_mask);

  private:
    SelfAttention self_attn_{nullptr};
    torch::nn::Linear linear1_{nullptr}, linear2_{nullptr};
    torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
    torch::nn::Dropout dropout_{nullptr}, dropout1_{nullptr}, dropout2_{nullptr};
    torch::nn::AnyModule activation_; ///< parameterless, so not registered
  };
  TORCH_MODULE(EncoderLayer);

  /// A stack of encoder layers under "layers", as torch.nn.TransformerEncoder without final norm.
  class TransformerEncoderImpl : public torch::nn::Module
  {
  public:
    explicit TransformerEncoderImpl(const TransformerEncoderOptions& options);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& key_padding_mask);

  private:
    torch::nn::ModuleList layers_{nullptr};
  };
  TORCH_MODULE(TransformerEncoder);
}
