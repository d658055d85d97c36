#pragma once
#include <torch/torch.h>

namespace SpecEmbedding
{
  /// The reference TanimotoScoreLoss: the mean squared difference between the cosine similarities
  /// of all views and the Tanimoto similarities of their compounds' fingerprints. Compounds without
  /// a fingerprint are left out: their rows and columns do not enter the mean.
  ///
  /// Balanced (bins > 0): each pair's squared error is weighted so that every occupied bin of the
  /// target Tanimoto (bins equal-width bins on [0, 1]) weighs the same, as MS2DeepScore balances its
  /// training pairs; a view's pair with itself is left out. Unbalanced, the mean is dominated by the
  /// many unrelated pairs near 0.1-0.2 and the term mostly pins their cosine, teaching little about
  /// which compounds are alike.
  class TanimotoLoss
  {
  public:
    explicit TanimotoLoss(int64_t bins = 0) : bins_(bins) {}

    /// features: [batch, views, dim], not normalised; tanimoto: [batch, batch]; has_fingerprint:
    /// [batch] bool. With no usable pair the loss is a zero that still backpropagates.
    torch::Tensor operator()(const torch::Tensor& features, const torch::Tensor& tanimoto, const torch::Tensor& has_fingerprint) const;

  private:
    int64_t bins_;
  };
}
