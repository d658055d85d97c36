#pragma once
#include "FeedForward.h"
#include "ModelConfig.h"

#include <torch/torch.h>

namespace SpecEmbedding
{
  /// Sinusoidal m/z features followed by a feed-forward layer (reference: SinusodialMzEmbedding).
  class SinusoidalMzEmbeddingImpl : public torch::nn::Module
  {
  public:
    explicit SinusoidalMzEmbeddingImpl(const ModelConfig& config);
    /// mz: [batch, length] float32 -> [batch, length, embedding_dim]
    torch::Tensor forward(const torch::Tensor& mz);

  private:
    torch::Tensor frequencies_; ///< 2π / wavelength, float32, not a parameter
    FeedForward feedforward_{nullptr};
  };
  TORCH_MODULE(SinusoidalMzEmbedding);

  /// m/z embedding, with the intensity appended, through a second feed-forward layer
  /// (reference: PeaksEmbedding).
  class PeaksEmbeddingImpl : public torch::nn::Module
  {
  public:
    explicit PeaksEmbeddingImpl(const ModelConfig& config);
    torch::Tensor forward(const torch::Tensor& mz, const torch::Tensor& intensity);

  private:
    SinusoidalMzEmbedding mz_embedding_{nullptr};
    FeedForward intensity_embedding_{nullptr};
  };
  TORCH_MODULE(PeaksEmbedding);
}
