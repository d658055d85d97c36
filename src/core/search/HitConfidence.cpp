#include "HitConfidence.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <torch/torch.h>

namespace SpecEmbedding
{
  namespace
  {
    std::string compoundOf(const LibraryEntry& entry)
    {
      const auto key = entry.compoundKey();
      return key.empty() ? "#" + entry.id : key;
    }
  }

  int confidenceSearchDepth(const SearchParameters& parameters, bool with_decoys)
  {
    int depth = std::max(parameters.top_k, kConfidenceCandidates) * (with_decoys ? 2 : 1);
    if (parameters.hybrid()) depth = std::min(depth, parameters.rescoring_candidates);
    return std::max(depth, parameters.top_k);
  }

  std::vector<std::string> confidenceFeatureNames()
  {
    return {"score", "margin", "log_mass_difference", "agreement", "spectral_score", "spectral_margin"};
  }

  std::vector<std::vector<double>> confidenceFeatures(const Spectrum& query, const std::vector<Hit>& query_hits, const EmbeddingLibrary& library)
  {
    const SpectralScorer scorer(SpectralScorer::Method::Entropy);
    const auto prepared_query = scorer.prepare(peakListOf(query));
    std::vector<std::string> compounds;
    std::vector<double> spectral;
    std::vector<size_t> candidates; // indices into query_hits
    for (size_t i = 0; i < query_hits.size(); ++i)
    {
      const auto& hit = query_hits[i];
      compounds.push_back(compoundOf(library.entry(hit.library_index)));
      spectral.push_back(hit.kind == HitKind::Analog ? 0.0 : scorer.score(prepared_query, scorer.prepare(library.peaks(hit.library_index))));
      if (hit.kind != HitKind::Analog && candidates.size() < static_cast<size_t>(kConfidenceCandidates)) candidates.push_back(i);
    }
    std::vector<std::vector<double>> features(query_hits.size());
    for (size_t i = 0; i < query_hits.size(); ++i)
    {
      const auto& hit = query_hits[i];
      if (hit.kind == HitKind::Analog) continue;
      double best_other = -1.0, best_other_spectral = 0.0;
      size_t same = 0;
      for (const size_t c : candidates)
      {
        if (compounds[c] == compounds[i])
        {
          ++same;
          continue;
        }
        best_other = std::max(best_other, query_hits[c].score);
        best_other_spectral = std::max(best_other_spectral, spectral[c]);
      }
      const double difference = std::isnan(hit.mass_difference) ? 100.0 : std::abs(hit.mass_difference);
      features[i] = {hit.score,
                     hit.score - best_other,
                     std::log1p(difference / 0.01),
                     static_cast<double>(same) / static_cast<double>(std::max<size_t>(candidates.size(), 1)),
                     spectral[i],
                     spectral[i] - best_other_spectral};
    }
    return features;
  }

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

  double ConfidenceModel::operator()(const std::vector<double>& features, int rank) const
  {
    return rank == 1 ? best_hit(features) : other_hits(features);
  }

  nlohmann::json ConfidenceModel::toJson() const
  {
    return {{"features", confidenceFeatureNames()}, {"best_hit", best_hit.toJson()}, {"other_hits", other_hits.toJson()}};
  }

  ConfidenceModel ConfidenceModel::fromJson(const nlohmann::json& json)
  {
    if (json.at("features").get<std::vector<std::string>>() != confidenceFeatureNames())
    {
      throw std::invalid_argument("the confidence model was fitted on other features");
    }
    ConfidenceModel model{LogisticModel::fromJson(json.at("best_hit")), LogisticModel::fromJson(json.at("other_hits"))};
    if (model.best_hit.size() != confidenceFeatureNames().size() || model.other_hits.size() != confidenceFeatureNames().size())
    {
      throw std::invalid_argument("the confidence model needs a weight per feature");
    }
    return model;
  }
}
