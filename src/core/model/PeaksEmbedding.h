#pragma once
#include "FeedForward.h"
#include "ModelConfig.h"

#include <torch/torch.h>

namespace SpecEmbedding
{
  struct PeaksEmbeddingOptions
  {
    explicit PeaksEmbeddingOptions(int64_t embedding_dim) : embedding_dim_(embedding_dim) {}
    TORCH_ARG(int64_t, embedding_dim);
    TORCH_ARG(double, lambda_min) = 1e-3; ///< shortest wavelength of the sinusoidal m/z features
    TORCH_ARG(double, lambda_max) = 1e3;
    TORCH_ARG(Activation, activation) = Activation::SELU; ///< of the feed-forward layers
    TORCH_ARG(double, dropout) = 0.1;
  };

  /// Sinusoidal m/z features followed by a feed-forward layer (reference: SinusodialMzEmbedding).
  class SinusoidalMzEmbeddingImpl : public torch::nn::Module
  {
  public:
    explicit SinusoidalMzEmbeddingImpl(const PeaksEmbeddingOptions& options);
    /// mz: [batch, length] float32 -> [batch, length, embedding_dim]
    torch::Tensor forward(const torch::Tensor& mz);

  private:
    /// 2π / wavelength, float32. Not a registered buffer: the reference's state_dict has none, so a
    /// buffer would break loading its checkpoints name for name and change the model files' content.
    torch::Tensor frequencies_;
    FeedForward feedforward_{nullptr};
  };
  TORCH_MODULE(SinusoidalMzEmbedding);

  /// m/z embedding, with the intensity appended, through a second feed-forward layer
  /// (reference: PeaksEmbedding).
  class PeaksEmbeddingImpl : public torch::nn::Module
  {
  public:
    explicit PeaksEmbeddingImpl(const PeaksEmbeddingOptions& options);
    torch::Tensor forward(const torch::Tensor& mz, const torch::Tensor& intensity);

  private:
    SinusoidalMzEmbedding mz_embedding_{nullptr};
    FeedForward intensity_embedding_{nullptr};
  };
  TORCH_MODULE(PeaksEmbedding);
}
