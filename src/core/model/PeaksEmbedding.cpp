#include "PeaksEmbedding.h"

#include <cmath>

namespace SpecEmbedding
{
  SinusoidalMzEmbeddingImpl::SinusoidalMzEmbeddingImpl(const PeaksEmbeddingOptions& options)
  {
    const auto width = options.embedding_dim();
    // At the shortest wavelength the argument reaches millions of radians, so one float32 ulp
    // of a frequency matters: compute them in float32 with the reference's operations, in its
    // order (arange, true division, power, reciprocal, times 2π).
    const auto index = torch::arange(0, width, 2);
    const auto exponent = index / (width - 2);
    const auto wavelength = torch::pow(options.lambda_max() / options.lambda_min(), exponent).mul(options.lambda_min());
    frequencies_ = wavelength.pow(-1).mul(2 * M_PI);
    feedforward_ = register_module("feedward_layers",
      FeedForward(FeedForwardOptions(width, width, width).activation(options.activation()).dropout(options.dropout())));
  }

  torch::Tensor SinusoidalMzEmbeddingImpl::forward(const torch::Tensor& mz)
  {
    // An outer product, which LibTorch computes as a product of elements: float32 also under bfloat16
    // autocast (PrecisionScope), as phases of millions of radians need.
    const auto phase = torch::einsum("bl,d->bld", {mz, frequencies_.to(mz.device())});
    // Interleaved: even features are sines, odd features cosines.
    const auto features = torch::stack({torch::sin(phase), torch::cos(phase)}, -1).flatten(-2);
    return feedforward_->forward(features);
  }

  PeaksEmbeddingImpl::PeaksEmbeddingImpl(const PeaksEmbeddingOptions& options)
  {
    const auto width = options.embedding_dim();
    mz_embedding_ = register_module("mz_embedding", SinusoidalMzEmbedding(options));
    intensity_embedding_ = register_module("intensity_embedding",
      FeedForward(FeedForwardOptions(width + 1, width, width).activation(options.activation()).dropout(options.dropout())));
  }

  torch::Tensor PeaksEmbeddingImpl::forward(const torch::Tensor& mz, const torch::Tensor& intensity)
  {
    return intensity_embedding_->forward(torch::cat({mz_embedding_->forward(mz), intensity.unsqueeze(-1)}, -1));
  }
}
