#include "ScoreCalibration.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace SpecEmbedding
{
  IsotonicMap IsotonicMap::fit(std::vector<std::pair<double, double>> points)
  {
    points.erase(std::remove_if(points.begin(), points.end(),
                                [](const auto& p) { return !std::isfinite(p.first) || !std::isfinite(p.second); }),
                 points.end());
    if (points.empty()) throw std::invalid_argument("an isotonic fit needs at least one point");
    std::sort(points.begin(), points.end());
    // Pool adjacent violators over blocks (sum of x, sum of y, count).
    struct Block
    {
      double x, y;
      size_t n;
    };
    std::vector<Block> blocks;
    for (const auto& [x, y] : points)
    {
      blocks.push_back({x, y, 1});
      while (blocks.size() > 1)
      {
        const auto& last = blocks.back();
        const auto& before = blocks[blocks.size() - 2];
        // Merge equal x too, so that knots increase strictly.
        if (before.y / before.n < last.y / last.n && before.x / before.n < last.x / last.n) break;
        const Block merged{before.x + last.x, before.y + last.y, before.n + last.n};
        blocks.pop_back();
        blocks.back() = merged;
      }
    }
    IsotonicMap map;
    for (const auto& block : blocks)
    {
      map.x_.push_back(block.x / block.n);
      map.y_.push_back(block.y / block.n);
    }
    return map;
  }

  double IsotonicMap::operator()(double x) const
  {
    if (x_.empty() || std::isnan(x)) return std::nan("");
    if (x <= x_.front()) return y_.front();
    if (x >= x_.back()) return y_.back();
    const auto upper = std::upper_bound(x_.begin(), x_.end(), x) - x_.begin();
    const double t = (x - x_[upper - 1]) / (x_[upper] - x_[upper - 1]);
    return y_[upper - 1] + t * (y_[upper] - y_[upper - 1]);
  }

  nlohmann::json IsotonicMap::toJson() const
  {
    return {{"knots", x_}, {"values", y_}};
  }

  IsotonicMap IsotonicMap::fromJson(const nlohmann::json& json)
  {
    IsotonicMap map;
    json.at("knots").get_to(map.x_);
    json.at("values").get_to(map.y_);
    if (map.x_.size() != map.y_.size() || map.x_.empty()) throw std::invalid_argument("an isotonic map needs as many values as knots");
    for (size_t i = 1; i < map.x_.size(); ++i)
    {
      if (!(map.x_[i] > map.x_[i - 1]) || map.y_[i] < map.y_[i - 1]) throw std::invalid_argument("an isotonic map must increase");
    }
    return map;
  }

  nlohmann::json ModelCalibration::toJson() const
  {
    nlohmann::json json = nlohmann::json::object();
    if (analog_similarity) json["analog_similarity"] = analog_similarity->toJson();
    if (analog_spectral_similarity) json["analog_spectral_similarity"] = analog_spectral_similarity->toJson();
    if (confidence) json["hit_confidence"] = confidence->toJson();
    if (hybrid_confidence) json["hybrid_hit_confidence"] = hybrid_confidence->toJson();
    return json;
  }

  ModelCalibration ModelCalibration::fromJson(const nlohmann::json& json)
  {
    ModelCalibration calibration;
    if (json.contains("analog_similarity")) calibration.analog_similarity = IsotonicMap::fromJson(json.at("analog_similarity"));
    if (json.contains("analog_spectral_similarity"))
    {
      calibration.analog_spectral_similarity = IsotonicMap::fromJson(json.at("analog_spectral_similarity"));
    }
    // "confidence" and "hybrid_confidence": one logistic model each, of the features of earlier versions.
    calibration.outdated_confidence = json.contains("confidence") || json.contains("hybrid_confidence");
    const auto read = [&](const char* key, std::optional<ConfidenceModel>& model) {
      if (!json.contains(key)) return;
      try
      {
        model = ConfidenceModel::fromJson(json.at(key));
      }
      catch (const std::invalid_argument&)
      {
        calibration.outdated_confidence = true; // fitted on features this version does not compute
      }
    };
    read("hit_confidence", calibration.confidence);
    read("hybrid_hit_confidence", calibration.hybrid_confidence);
    return calibration;
  }

  void applyCalibration(std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries, const EmbeddingLibrary& library,
                        const ModelCalibration& calibration, bool hybrid)
  {
    const auto& confidence = hybrid ? calibration.hybrid_confidence : calibration.confidence;
    // Queries in parallel: the confidence features score the peaks of each query's candidates.
    at::parallel_for(0, static_cast<int64_t>(hits.size()), 16, [&](int64_t begin, int64_t end) {
      for (int64_t q = begin; q < end; ++q)
      {
        auto& query_hits = hits[q];
        for (auto& hit : query_hits)
        {
          if (hit.kind != HitKind::Analog) continue;
          const bool by_peaks = std::isfinite(hit.spectral_score);
          const auto& map = by_peaks ? calibration.analog_spectral_similarity : calibration.analog_similarity;
          if (map) hit.predicted_similarity = (*map)(by_peaks ? hit.spectral_score : hit.embedding_score);
        }
        if (!confidence) continue;
        const auto features = confidenceFeatures(queries.at(q), query_hits, library);
        for (size_t i = 0; i < query_hits.size(); ++i)
        {
          if (query_hits[i].kind != HitKind::Analog) query_hits[i].confidence = (*confidence)(features[i], query_hits[i].rank);
        }
      }
    });
  }

  void keepBestHits(std::vector<std::vector<Hit>>& hits, int top_k)
  {
    for (auto& query_hits : hits)
    {
      std::vector<Hit> kept;
      int best = 0;
      for (auto& hit : query_hits)
      {
        if (hit.kind == HitKind::Analog || best++ < top_k) kept.push_back(std::move(hit));
      }
      query_hits = std::move(kept);
    }
  }
}
