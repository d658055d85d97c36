#pragma once
#include <torch/torch.h>

namespace SpecEmbedding
{
  /// Teaches the embedding to rank the other compounds by structure, which is what an analog search
  /// returns: for every view, the softmax of its cosines to the views of the batch's other compounds
  /// (over temperature) should match the softmax of those compounds' Tanimoto similarities to its own
  /// (over tanimoto_temperature), in cross entropy, averaged over the views. Views of its own compound
  /// are left out (the contrastive term pulls them together), and so are compounds without a
  /// fingerprint. The Tanimoto term's mean squared error fits cosine to Tanimoto everywhere; this term
  /// only asks the nearest other compounds to be the most similar ones, which the mean squared error
  /// of the many unrelated pairs drowns out.
  class StructureRankingLoss
  {
  public:
    explicit StructureRankingLoss(double temperature = 0.05, double tanimoto_temperature = 0.1);

    /// features: [batch, views, dim], not normalised; tanimoto: [batch, batch]; has_fingerprint:
    /// [batch] bool. With no view that has another compound to rank, the loss is a zero that still
    /// backpropagates.
    torch::Tensor operator()(const torch::Tensor& features, const torch::Tensor& tanimoto, const torch::Tensor& has_fingerprint) const;

  private:
    double temperature_;
    double tanimoto_temperature_;
  };
}
