#pragma once
#include "ModelConfig.h"

#include <torch/torch.h>

namespace SpecEmbedding
{
  /// Multi-head self-attention with a key-padding mask. Parameters are named as in
  /// torch.nn.MultiheadAttention (in_proj_weight, in_proj_bias, out_proj).
  class SelfAttentionImpl : public torch::nn::Module
  {
  public:
    SelfAttentionImpl(int64_t embedding_dim, int64_t n_head, double dropout);
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
    explicit EncoderLayerImpl(const ModelConfig& config);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& key_padding_mask);

  private:
    SelfAttention self_attn_{nullptr};
    torch::nn::Linear linear1_{nullptr}, linear2_{nullptr};
    torch::nn::LayerNorm norm1_{nullptr}, norm2_{nullptr};
    torch::nn::Dropout dropout_{nullptr}, dropout1_{nullptr}, dropout2_{nullptr};
    bool gelu_;
  };
  TORCH_MODULE(EncoderLayer);

  /// A stack of encoder layers under "layers", as torch.nn.TransformerEncoder without final norm.
  class TransformerEncoderImpl : public torch::nn::Module
  {
  public:
    explicit TransformerEncoderImpl(const ModelConfig& config);
    torch::Tensor forward(torch::Tensor x, const torch::Tensor& key_padding_mask);

  private:
    torch::nn::ModuleList layers_{nullptr};
  };
  TORCH_MODULE(TransformerEncoder);
}
