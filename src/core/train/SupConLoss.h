#pragma once
#include <torch/torch.h>

namespace SpecEmbedding
{
  /// Supervised contrastive loss (Khosla et al. 2020) as the reference SupConLoss with
  /// contrast_mode 'all': every view is an anchor against all other views of the batch, the
  /// similarities pass a LeakyReLU (slope 0.01) before the temperature, and the loss is
  /// -(temperature / base_temperature) x the mean log-probability of the positives, averaged
  /// over anchors.
  class SupConLoss
  {
  public:
    explicit SupConLoss(double temperature = 0.05, double base_temperature = 0.05);

    /// features: [batch, views, dim], not normalised; labels: [batch] integers, equal for samples
    /// of one class.
    torch::Tensor operator()(const torch::Tensor& features, const torch::Tensor& labels) const;

  private:
    double temperature_;
    double base_temperature_;
  };
}
