#include "StructureRankingLoss.h"

#include "../Errors.h"

#include <limits>

namespace SpecEmbedding
{
  StructureRankingLoss::StructureRankingLoss(double temperature, double tanimoto_temperature)
    : temperature_(temperature), tanimoto_temperature_(tanimoto_temperature)
  {
    if (!(temperature > 0.0) || !(tanimoto_temperature > 0.0)) throw ParameterError("the structure ranking temperatures must be positive");
  }

  torch::Tensor StructureRankingLoss::operator()(const torch::Tensor& features, const torch::Tensor& tanimoto,
                                                 const torch::Tensor& has_fingerprint) const
  {
    namespace F = torch::nn::functional;
    if (features.dim() != 3) throw ParameterError("structure ranking features must be [batch, views, dim]");
    const auto batch = features.size(0), views = features.size(1);
    // Sample-major rows, matching repeat_interleave.
    const auto normalized = F::normalize(features.reshape({batch * views, -1}), F::NormalizeFuncOptions().dim(-1));
    const auto cosine = torch::matmul(normalized, normalized.t());
    const auto compound = torch::arange(batch, features.options().dtype(torch::kLong)).repeat_interleave(views);
    const auto usable = has_fingerprint.to(torch::kBool).repeat_interleave(views);
    const auto other = compound.view({-1, 1}).ne(compound.view({1, -1})) & usable.view({-1, 1}) & usable.view({1, -1});
    const double excluded = -std::numeric_limits<double>::infinity();
    // Rows without another compound get no -inf, so that neither softmax turns NaN; their terms are dropped.
    const auto ranked = other.any(1);
    const auto left_out = other.logical_not() & ranked.view({-1, 1});
    const auto target = torch::softmax(
      (tanimoto.to(features.dtype()).repeat_interleave(views, 0).repeat_interleave(views, 1) / tanimoto_temperature_).masked_fill(left_out, excluded), 1);
    const auto log_model = torch::log_softmax((cosine / temperature_).masked_fill(left_out, excluded), 1);
    const auto terms = -(target * log_model.masked_fill(other.logical_not(), 0.0)).sum(1);
    const auto rows = ranked.to(features.dtype());
    return (terms.masked_fill(ranked.logical_not(), 0.0) * rows).sum() / rows.sum().clamp_min(1.0);
  }
}
