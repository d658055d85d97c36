#pragma once
#include "MorganFingerprints.h"
#include "SupConLoss.h"
#include "TanimotoLoss.h"
#include "TrainerOptions.h"

#include <torch/torch.h>

#include <vector>

namespace SpecEmbedding
{
  /// The training loss: SupCon, Tanimoto, or SupCon + tanimoto_weight x Tanimoto.
  class TrainingObjective
  {
  public:
    explicit TrainingObjective(const TrainerOptions& options);

    bool needsFingerprints() const { return kind_ != LossKind::SupCon; }

    /// features: [batch, views, dim] of the batch's compounds, which index the fingerprints
    /// (unused, and may be null, with the SupCon loss alone).
    torch::Tensor operator()(const torch::Tensor& features, const std::vector<size_t>& compounds,
                             const MorganFingerprints* fingerprints) const;

  private:
    LossKind kind_;
    double tanimoto_weight_;
    SupConLoss supcon_;
    TanimotoLoss tanimoto_;
  };
}
