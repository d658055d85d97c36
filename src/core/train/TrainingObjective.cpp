#include "TrainingObjective.h"

#include "../Errors.h"

namespace SpecEmbedding
{
  TrainingObjective::TrainingObjective(const TrainerOptions& options, int64_t structure_dim)
    : kind_(options.loss), structure_dim_(structure_dim), tanimoto_weight_(options.tanimoto_weight), supcon_(options.temperature, options.base_temperature),
      tanimoto_(static_cast<int64_t>(options.tanimoto_bins)), ranking_weight_(options.structure_ranking_weight),
      ranking_(options.temperature, options.structure_ranking_temperature)
  {
  }

  torch::Tensor TrainingObjective::operator()(const torch::Tensor& features, const std::vector<size_t>& compounds,
                                              const MorganFingerprints* fingerprints) const
  {
    const auto width = features.size(-1);
    if (structure_dim_ >= width) throw ParameterError("the features have no columns for the spectrum head");
    const auto spectrum = structure_dim_ > 0 ? features.narrow(-1, 0, width - structure_dim_) : features;
    const auto structure = structure_dim_ > 0 ? features.narrow(-1, width - structure_dim_, structure_dim_) : features;
    // Labels and fingerprints are made on the CPU; the features may be on a GPU.
    const auto device = features.device();
    const auto supconTerm = [&] {
      return supcon_(spectrum, torch::tensor(std::vector<int64_t>(compounds.begin(), compounds.end()), torch::kLong).to(device));
    };
    const auto tanimotoTerm = [&] {
      return tanimoto_(structure, fingerprints->tanimoto(compounds).to(device), fingerprints->available(compounds).to(device));
    };
    const auto terms = [&] {
      switch (kind_)
      {
        case LossKind::SupCon: return supconTerm();
        case LossKind::Tanimoto: return tanimotoTerm();
        case LossKind::SupConTanimoto: return supconTerm() + tanimoto_weight_ * tanimotoTerm();
      }
      throw ParameterError("unknown loss kind");
    }();
    if (ranking_weight_ <= 0.0) return terms;
    return terms + ranking_weight_ * ranking_(structure, fingerprints->tanimoto(compounds).to(device), fingerprints->available(compounds).to(device));
  }
}
