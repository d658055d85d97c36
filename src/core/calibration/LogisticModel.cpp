#include "LogisticModel.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace SpecEmbedding
{
  LogisticModel LogisticModel::fit(const std::vector<std::vector<double>>& features, const std::vector<bool>& labels, double l2)
  {
    if (features.empty() || features.size() != labels.size()) throw std::invalid_argument("a logistic fit needs one label per row and rows");
    const size_t n = features.size(), d = features.front().size();
    for (const auto& row : features)
    {
      if (row.size() != d) throw std::invalid_argument("a logistic fit needs rows of equal length");
    }
    const auto positives = std::count(labels.begin(), labels.end(), true);
    if (positives == 0 || static_cast<size_t>(positives) == n) throw std::invalid_argument("a logistic fit needs both classes");
    LogisticModel model;
    model.mean_.assign(d, 0.0);
    model.scale_.assign(d, 0.0);
    for (const auto& row : features)
    {
      for (size_t j = 0; j < d; ++j) model.mean_[j] += row[j] / static_cast<double>(n);
    }
    for (const auto& row : features)
    {
      for (size_t j = 0; j < d; ++j) model.scale_[j] += std::pow(row[j] - model.mean_[j], 2) / static_cast<double>(n);
    }
    for (auto& scale : model.scale_) scale = scale > 0.0 ? std::sqrt(scale) : 1.0;
    // Newton's method on [1, standardised features] in double precision.
    auto x = torch::ones({static_cast<int64_t>(n), static_cast<int64_t>(d + 1)}, torch::kFloat64);
    auto y = torch::empty({static_cast<int64_t>(n)}, torch::kFloat64);
    for (size_t i = 0; i < n; ++i)
    {
      for (size_t j = 0; j < d; ++j) x[i][j + 1] = (features[i][j] - model.mean_[j]) / model.scale_[j];
      y[i] = labels[i] ? 1.0 : 0.0;
    }
    auto penalty = torch::eye(static_cast<int64_t>(d + 1), torch::kFloat64) * (l2 * static_cast<double>(n));
    penalty[0][0] = 0.0; // the bias is not penalised
    auto w = torch::zeros({static_cast<int64_t>(d + 1)}, torch::kFloat64);
    for (int iteration = 0; iteration < 100; ++iteration)
    {
      const auto p = torch::sigmoid(x.matmul(w));
      const auto gradient = x.t().matmul(p - y) + penalty.matmul(w);
      const auto hessian = (x.t() * (p * (1 - p))).matmul(x) + penalty + torch::eye(static_cast<int64_t>(d + 1), torch::kFloat64) * 1e-9;
      const auto step = torch::linalg::solve(hessian, gradient, true);
      w -= step;
      if (step.abs().max().item<double>() < 1e-10) break;
    }
    model.bias_ = w[0].item<double>();
    for (size_t j = 0; j < d; ++j) model.weights_.push_back(w[static_cast<int64_t>(j + 1)].item<double>());
    return model;
  }

  double LogisticModel::operator()(const std::vector<double>& features) const
  {
    if (features.size() != weights_.size()) throw std::invalid_argument("the confidence model expects other features");
    double z = bias_;
    for (size_t j = 0; j < weights_.size(); ++j) z += weights_[j] * (features[j] - mean_[j]) / scale_[j];
    return 1.0 / (1.0 + std::exp(-z));
  }

  nlohmann::json LogisticModel::toJson() const
  {
    return {{"bias", bias_}, {"weights", weights_}, {"mean", mean_}, {"scale", scale_}};
  }

  LogisticModel LogisticModel::fromJson(const nlohmann::json& json)
  {
    LogisticModel model;
    json.at("bias").get_to(model.bias_);
    json.at("weights").get_to(model.weights_);
    json.at("mean").get_to(model.mean_);
    json.at("scale").get_to(model.scale_);
    if (model.mean_.size() != model.weights_.size() || model.scale_.size() != model.weights_.size())
    {
      throw std::invalid_argument("a logistic model needs a mean and a scale per weight");
    }
    return model;
  }
}
