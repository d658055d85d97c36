#include "TrainerOptions.h"

#include "../Errors.h"
#include "MorganFingerprints.h"

#include <cmath>

namespace SpecEmbedding
{
  std::string toString(LossKind kind)
  {
    switch (kind)
    {
      case LossKind::SupConTanimoto: return "supcon+tanimoto";
      case LossKind::SupCon: return "supcon";
      case LossKind::Tanimoto: return "tanimoto";
    }
    throw ParameterError("unknown loss kind");
  }

  LossKind lossKindFromString(const std::string& name)
  {
    for (auto kind : {LossKind::SupConTanimoto, LossKind::SupCon, LossKind::Tanimoto})
    {
      if (toString(kind) == name) return kind;
    }
    throw ParameterError("loss must be supcon+tanimoto, supcon or tanimoto, got '" + name + "'");
  }

  void TrainerOptions::validate() const
  {
    const auto require = [](bool ok, const std::string& message) {
      if (!ok) throw ParameterError(message);
    };
    require(epochs >= 1, "epochs must be at least 1");
    require(batch_size >= 1, "batch_size must be at least 1");
    require(epoch_factor >= 1, "epoch_factor must be at least 1");
    require(mass_window_rounds <= epoch_factor, "mass_window_rounds (" + std::to_string(mass_window_rounds) +
                                                    ") cannot exceed epoch_factor (" + std::to_string(epoch_factor) + ")");
    require(mass_window_rounds + structure_rounds <= epoch_factor,
            "mass_window_rounds (" + std::to_string(mass_window_rounds) + ") and structure_rounds (" + std::to_string(structure_rounds) +
              ") together cannot exceed epoch_factor (" + std::to_string(epoch_factor) + ")");
    require(structure_group >= 2, "structure_group must be at least 2");
    require(structure_rounds == 0 || MorganFingerprints::available(),
            "structure_rounds group compounds by their Morgan fingerprints, which need RDKit, and this build has none");
    require(average_from_epoch <= epochs, "average_from_epoch (" + std::to_string(average_from_epoch) +
                                              ") is after the last epoch (" + std::to_string(epochs) + ")");
    require(validation_fraction >= 0.0 && validation_fraction < 1.0, "validation_fraction must lie in [0, 1), got " + std::to_string(validation_fraction));
    require(learning_rate > 0.0 && std::isfinite(learning_rate), "learning_rate must be positive");
    require(weight_decay >= 0.0, "weight_decay must not be negative");
    require(warmup_fraction >= 0.0 && warmup_fraction <= 1.0, "warmup_fraction must lie in [0, 1]");
    require(max_grad_norm > 0.0, "max_grad_norm must be positive");
    require(temperature > 0.0 && base_temperature > 0.0, "temperature and base_temperature must be positive");
    require(tanimoto_weight >= 0.0, "tanimoto_weight must not be negative");
    require(loss == LossKind::SupCon || MorganFingerprints::available(),
            "loss '" + toString(loss) + "' has a Tanimoto term, which needs RDKit, and this build has none: use loss 'supcon'");
    require(augment_probability >= 0.0 && augment_probability <= 1.0, "augment_probability must lie in [0, 1]");
    augmentation.validate();
    require(!resume || !checkpoint_path.empty(), "resuming needs a checkpoint path");
  }

  nlohmann::json TrainerOptions::toJson() const
  {
    return {{"epochs", epochs}, {"patience", patience}, {"batch_size", batch_size}, {"epoch_factor", epoch_factor},
            {"mass_window_rounds", mass_window_rounds}, {"structure_rounds", structure_rounds},
            {"structure_group", structure_group}, {"tanimoto_bins", tanimoto_bins},
            {"seed", seed}, {"validation_fraction", validation_fraction},
            {"validation_distractors", validation_distractors}, {"average_from_epoch", average_from_epoch},
            {"learning_rate", learning_rate},
            {"weight_decay", weight_decay}, {"warmup_fraction", warmup_fraction}, {"max_grad_norm", max_grad_norm},
            {"loss", toString(loss)}, {"temperature", temperature}, {"base_temperature", base_temperature},
            {"tanimoto_weight", tanimoto_weight}, {"augment_probability", augment_probability},
            {"removal_intensity", augmentation.removal_intensity}, {"removal_max", augmentation.removal_max},
            {"rate_intensity", augmentation.rate_intensity}};
  }
}
