#include "WeightSelection.h"

#include "JsonNumber.h"

#include <cmath>
#include <limits>

namespace SpecEmbedding
{
  WeightSelection::WeightSelection(size_t patience, size_t average_from_epoch)
    : patience_(patience), average_from_epoch_(average_from_epoch), best_hit_ratio_(std::numeric_limits<double>::quiet_NaN()),
      best_validation_loss_(std::numeric_limits<double>::quiet_NaN())
  {
  }

  void WeightSelection::begin(const torch::nn::Module& model)
  {
    best_ = snapshotWeights(model);
  }

  bool WeightSelection::improvedBy(const ValidationScores& scores) const
  {
    if (std::isnan(best_validation_loss_)) return true;
    if (std::isnan(scores.hit_ratio)) return scores.loss < best_validation_loss_;
    return scores.hit_ratio > best_hit_ratio_ || (scores.hit_ratio == best_hit_ratio_ && scores.loss < best_validation_loss_);
  }

  bool WeightSelection::offer(size_t epoch, const ValidationScores& scores, const torch::nn::Module& model)
  {
    const bool best = improvedBy(scores);
    if (best)
    {
      best_epoch_ = epoch;
      best_hit_ratio_ = scores.hit_ratio;
      best_validation_loss_ = scores.loss;
      epochs_without_improvement_ = 0;
      best_ = snapshotWeights(model);
    }
    else
    {
      ++epochs_without_improvement_;
    }
    stopped_early_ = patience_ > 0 && epochs_without_improvement_ >= patience_;
    return best;
  }

  void WeightSelection::addToAverage(size_t epoch, const torch::nn::Module& model)
  {
    if (average_from_epoch_ == 0 || epoch < average_from_epoch_) return;
    torch::NoGradGuard no_grad;
    const double weight = 1.0 / static_cast<double>(++averaged_epochs_);
    if (averaged_epochs_ == 1)
    {
      average_ = snapshotWeights(model);
      return;
    }
    for (const auto& item : model.named_parameters())
    {
      auto average = average_.at(item.key());
      average.add_(item.value().detach().to(average.device()) - average, weight);
    }
  }

  void WeightSelection::keepAverage(size_t epoch, const ValidationScores& scores)
  {
    best_epoch_ = epoch;
    best_hit_ratio_ = scores.hit_ratio;
    best_validation_loss_ = scores.loss;
    best_ = average_;
  }

  void WeightSelection::writeJson(nlohmann::json& json) const
  {
    json["best_epoch"] = best_epoch_;
    json["best_hit_ratio"] = jsonNumber(best_hit_ratio_);
    json["best_validation_loss"] = jsonNumber(best_validation_loss_);
    json["epochs_without_improvement"] = epochs_without_improvement_;
    json["stopped_early"] = stopped_early_;
    json["averaged_epochs"] = averaged_epochs_;
  }

  void WeightSelection::restore(const nlohmann::json& json, WeightSnapshot best, WeightSnapshot average)
  {
    best_epoch_ = json.at("best_epoch").get<size_t>();
    best_hit_ratio_ = numberFromJson(json, "best_hit_ratio");
    best_validation_loss_ = numberFromJson(json, "best_validation_loss");
    epochs_without_improvement_ = json.at("epochs_without_improvement").get<size_t>();
    stopped_early_ = json.at("stopped_early").get<bool>();
    averaged_epochs_ = json.at("averaged_epochs").get<size_t>();
    best_ = std::move(best);
    average_ = std::move(average);
  }
}
