#pragma once
#include <torch/torch.h>

namespace SpecEmbedding
{
  /// The reference TanimotoScoreLoss: the mean squared difference between the cosine similarities
  /// of all views and the Tanimoto similarities of their compounds' fingerprints. Compounds without
  /// a fingerprint are left out: their rows and columns do not enter the mean.
  class TanimotoLoss
  {
  public:
    /// features: [batch, views, dim], not normalised; tanimoto: [batch, batch]; has_fingerprint:
    /// [batch] bool. With no usable pair the loss is a zero that still backpropagates.
    torch::Tensor operator()(const torch::Tensor& features, const torch::Tensor& tanimoto, const torch::Tensor& has_fingerprint) const;
  };
}
