#include "SupConLoss.h"

#include "../Errors.h"

namespace SpecEmbedding
{
  SupConLoss::SupConLoss(double temperature, double base_temperature)
    : temperature_(temperature), base_temperature_(base_temperature)
  {
    if (!(temperature > 0.0) || !(base_temperature > 0.0)) throw ParameterError("the SupCon temperatures must be positive");
  }

  torch::Tensor SupConLoss::operator()(const torch::Tensor& features, const torch::Tensor& labels) const
  {
    namespace F = torch::nn::functional;
    if (features.dim() != 3) throw ParameterError("SupCon features must be [batch, views, dim]");
    const auto batch = features.size(0), views = features.size(1);
    const auto normalized = F::normalize(features, F::NormalizeFuncOptions().dim(-1));
    const auto same_class = labels.view({-1, 1}).eq(labels.view({1, -1})).to(features.dtype());

    // View-major, as torch.cat(torch.unbind(features, 1)): all first views, then all second views.
    const auto contrast = torch::cat(torch::unbind(normalized, 1), 0);
    const auto similarity = F::leaky_relu(torch::matmul(contrast, contrast.t()), F::LeakyReLUFuncOptions().negative_slope(0.01)) / temperature_;
    const auto logits = similarity - std::get<0>(similarity.max(1, true)).detach();

    const auto not_self = 1.0 - torch::eye(batch * views, features.options());
    const auto positives = same_class.repeat({views, views}) * not_self;
    const auto exp_logits = torch::exp(logits) * not_self;
    const auto log_prob = logits - torch::log(exp_logits.sum(1, true));
    const auto mean_log_prob_positive = (positives * log_prob).sum(1) / positives.sum(1);
    return (-(temperature_ / base_temperature_) * mean_log_prob_positive).mean();
  }
}
