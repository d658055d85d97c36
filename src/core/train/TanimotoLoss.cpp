#include "TanimotoLoss.h"

#include "../Errors.h"

namespace SpecEmbedding
{
  torch::Tensor TanimotoLoss::operator()(const torch::Tensor& features, const torch::Tensor& tanimoto, const torch::Tensor& has_fingerprint) const
  {
    namespace F = torch::nn::functional;
    if (features.dim() != 3) throw ParameterError("Tanimoto loss features must be [batch, views, dim]");
    const auto views = features.size(1);
    // Sample-major rows (reshape), matching the targets' repeat_interleave.
    const auto normalized = F::normalize(features.reshape({-1, features.size(-1)}), F::NormalizeFuncOptions().dim(-1));
    const auto predicted = torch::matmul(normalized, normalized.t());
    const auto target = tanimoto.to(features.dtype()).repeat_interleave(views, 0).repeat_interleave(views, 1);
    const auto usable = has_fingerprint.to(features.dtype()).repeat_interleave(views);
    auto weight = usable.view({-1, 1}) * usable.view({1, -1});
    if (bins_ > 0)
    {
      weight = weight * (1.0 - torch::eye(weight.size(0), weight.options()));
      const auto bin = (target * static_cast<double>(bins_)).to(torch::kLong).clamp(0, bins_ - 1);
      const auto counts = torch::zeros({bins_}, weight.options()).index_add_(0, bin.flatten(), weight.flatten());
      const auto occupied = (counts > 0).sum().clamp_min(1).to(weight.dtype());
      weight = weight / (counts.clamp_min(1.0).index_select(0, bin.flatten()).view_as(weight) * occupied);
      return ((predicted - target).pow(2) * weight).sum();
    }
    const auto squared_error = (predicted - target).pow(2) * weight;
    return squared_error.sum() / weight.sum().clamp_min(1.0);
  }
}
