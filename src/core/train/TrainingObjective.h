#pragma once
#include "../search/MorganFingerprints.h"
#include "StructureRankingLoss.h"
#include "SupConLoss.h"
#include "TanimotoLoss.h"
#include "TrainerOptions.h"

#include <torch/torch.h>

#include <vector>

namespace SpecEmbedding
{
  /// The training loss: SupCon, Tanimoto, or SupCon + tanimoto_weight x Tanimoto, plus
  /// structure_ranking_weight x the structure ranking term when that weight is positive. With a structure
  /// head (the last structure_dim feature columns, ModelConfig::structure_dim), SupCon sees the spectrum
  /// head's columns and the Tanimoto and ranking terms the structure head's: the spectrum embedding keeps
  /// replicates together and compounds apart, the structure embedding learns to track Tanimoto, and
  /// neither pulls against the other.
  class TrainingObjective
  {
  public:
    explicit TrainingObjective(const TrainerOptions& options, int64_t structure_dim = 0);

    bool needsFingerprints() const { return kind_ != LossKind::SupCon || ranking_weight_ > 0.0; }

    /// features: [batch, views, dim] of the batch's compounds, which index the fingerprints
    /// (unused, and may be null, with the SupCon loss alone).
    torch::Tensor operator()(const torch::Tensor& features, const std::vector<size_t>& compounds,
                             const MorganFingerprints* fingerprints) const;

  private:
    LossKind kind_;
    int64_t structure_dim_;
    double tanimoto_weight_;
    SupConLoss supcon_;
    TanimotoLoss tanimoto_;
    double ranking_weight_;
    StructureRankingLoss ranking_;
  };
}
