#include "TrainerOptions.h"

#include "../Errors.h"
#include "../search/MorganFingerprints.h"

#include <cmath>
#include <limits>

namespace SpecEmbedding
{
  const SettingTable<TrainerOptions>& TrainerOptions::settings()
  {
    using O = TrainerOptions;
    // The last entries, fit_scorer, epoch_models, broken_records and checkpoint_interval_steps, do not change the trained
    // weights and stay out of toJson().
    static const SettingTable<O> table = {
      numberSetting("epochs", &O::epochs, "Training epochs.", 1),
      numberSetting("patience", &O::patience, "Stop after this many epochs without a better validation score (0: never stop early).", 0),
      numberSetting("compounds_per_batch", &O::compounds_per_batch, "Compounds per training batch, each giving two views.", 2),
      numberSetting("epoch_factor", &O::epoch_factor, "An epoch visits every training compound this many times.", 1),
      numberSetting("mass_window_rounds", &O::mass_window_rounds,
                    "Of the epoch_factor visits, this many batch compounds of similar precursor m/z together (hard negatives: "
                    "isomers meet in one batch, which random batches rarely do; they are what large-library searches confuse). "
                    "It sharpens isomer separation at the cost of robustness to lab-to-lab differences (see README).", 0),
      numberSetting("structure_rounds", &O::structure_rounds,
                    "Of the epoch_factor visits, this many batch groups of structurally similar compounds (an anchor and its "
                    "nearest compounds by Morgan fingerprint Tanimoto), so that the Tanimoto term sees related compounds and "
                    "the embedding learns which compounds are alike: analog search.", 0),
      numberSetting("structure_group", &O::structure_group, "Compounds per group in structure rounds.", 2, kAny, kAdvanced),
      numberSetting("seed", &O::seed, "Seed of all randomness: a run is deterministic for a seed and thread count.", 0),
      numberSetting("validation_fraction", &O::validation_fraction,
                    "Share of the training compounds held out for validation when no -validation file is given.", 0.0, 0.9),
      numberSetting("validation_distractors", &O::validation_distractors,
                    "Training spectra added to the validation library as distractors (all when fewer), so that the validation "
                    "top-1 is that of a large-library search and still separates epochs when the replicate search saturates "
                    "(0: none).", 0),
      numberSetting("average_from_epoch", &O::average_from_epoch,
                    "Make the model the average of the weights at the ends of this and all later epochs (stochastic weight "
                    "averaging over the tail of the learning rate decay), instead of the best single epoch; it is validated "
                    "after the last epoch (0: off).", 0),
      numberSetting("learning_rate", &O::learning_rate, "Peak learning rate of AdamW (linear warm-up, then cosine decay).", 0.0, kAny, kAdvanced),
      numberSetting("weight_decay", &O::weight_decay, "AdamW weight decay.", 0.0, kAny, kAdvanced),
      numberSetting("warmup_fraction", &O::warmup_fraction, "Share of the steps spent warming up the learning rate.", 0.0, 1.0, kAdvanced),
      numberSetting("max_grad_norm", &O::max_grad_norm, "Gradient norm clipping.", 0.0, kAny, kAdvanced),
      enumSetting("precision", &O::precision,
                     "Number format of the encoder's matrix products: bf16 (bfloat16) trains faster on CPUs with AVX512_BF16 "
                     "(elsewhere fp32 is used); the loss, the optimizer and the weights stay float32.", kAdvanced),
      enumSetting("loss", &O::loss,
                     "Loss: supervised contrastive plus tanimoto_weight x Tanimoto term (published), or either alone."),
      numberSetting("tanimoto_weight", &O::tanimoto_weight, "Weight of the Tanimoto term (the published alpha).", 0.0),
      numberSetting("tanimoto_bins", &O::tanimoto_bins,
                    "Balance the Tanimoto term over this many equal-width bins of the target Tanimoto, so that related pairs "
                    "weigh as much as the many unrelated ones (0: the published plain mean).", 0),
      numberSetting("structure_ranking_weight", &O::structure_ranking_weight,
                    "Weight of the structure ranking term: each view's nearest other compounds by cosine should be those most "
                    "similar to it by Tanimoto (a soft-target cross entropy), which is what analog search returns (0: none, "
                    "the published loss).", 0.0),
      numberSetting("structure_ranking_temperature", &O::structure_ranking_temperature,
                    "Tanimoto temperature of the structure ranking term's targets: lower puts more weight on the closest analogs.",
                    1e-3, kAny, kAdvanced),
      numberSetting("temperature", &O::temperature, "SupCon temperature (also the cosine temperature of the structure ranking term).",
                    1e-6, kAny, kAdvanced),
      numberSetting("base_temperature", &O::base_temperature, "SupCon base temperature.", 1e-6, kAny, kAdvanced),
      numberSetting("augment_probability", &O::augment_probability,
                    "Chance that a compound's two views are augmentations of one spectrum rather than two replicate spectra.", 0.0, 1.0),
      numberSetting("precursor_dropout", &O::precursor_dropout,
                    "Chance that a training view loses its precursor token, so that the embedding rests on the fragments too: "
                    "without it, the nearest library spectra of an unknown compound are mostly compounds of the same precursor "
                    "m/z rather than structural analogs (0: off, the published training).", 0.0, 1.0),
      numberSetting("removal_intensity", &O::augmentation, &AugmentationSettings::removal_intensity,
                    "Augmentation: peaks below this relative intensity may be removed.", 0.0, 1.0, kAdvanced),
      numberSetting("removal_max", &O::augmentation, &AugmentationSettings::removal_max,
                    "Augmentation: share of those peaks removed.", 0.0, 1.0, kAdvanced),
      numberSetting("rate_intensity", &O::augmentation, &AugmentationSettings::rate_intensity,
                    "Augmentation: each intensity scaled by a random factor within +/- this rate.", 0.0, 1.0, kAdvanced),
      numberSetting("noise_peaks", &O::augmentation, &AugmentationSettings::noise_peaks,
                    "Augmentation imitating other instruments: up to this many random peaks added to a view (0: none, as published).",
                    0, 1000, kAdvanced),
      numberSetting("noise_intensity", &O::augmentation, &AugmentationSettings::noise_intensity,
                    "Augmentation: the largest relative intensity of an added noise peak.", 0.0, 1.0, kAdvanced),
      numberSetting("precursor_ppm", &O::augmentation, &AugmentationSettings::precursor_ppm,
                    "Augmentation imitating other instruments: the precursor m/z shifted by up to this many ppm (0: none, as published).",
                    0.0, 1000.0, kAdvanced),
      flagSetting("augment_replicates", &O::augment_replicates,
                  "Augment the views of replicate spectra too, not only the views made from one spectrum (off: as published).", kAdvanced),
      flagSetting("fit_scorer", &O::fit_scorer,
                  "After training, also fit the learned scorer (the tools' default -rescoring learned) on the held-out compounds; "
                  "-calibrate always fits it."),
      flagSetting("epoch_models", &O::epoch_models,
                  "Also write the weights of every epoch, as <out without .model>.epoch<N>.model: learning curves, or choosing an "
                  "epoch yourself.",
                  kAdvanced),
      enumSetting("broken_records", &O::broken_records,
                  "A record of the libraries that cannot be read (a malformed peak line, an unreadable precursor m/z): stop with an "
                  "error, or skip and count it. Spectra without InChIKey, precursor or peaks are always skipped and counted."),
      numberSetting("checkpoint_interval_steps", &O::checkpoint_interval_steps,
                    "Also write the resume checkpoint every this many steps (0: once per epoch).", 0, kAny, kAdvanced),
    };
    return table;
  }

  void TrainerOptions::validate() const
  {
    const auto require = [](bool ok, const std::string& message) {
      if (!ok) throw ParameterError(message);
    };
    validateSettings(settings(), *this);
    require(mass_window_rounds <= epoch_factor, "mass_window_rounds (" + std::to_string(mass_window_rounds) +
                                                    ") cannot exceed epoch_factor (" + std::to_string(epoch_factor) + ")");
    require(mass_window_rounds + structure_rounds <= epoch_factor,
            "mass_window_rounds (" + std::to_string(mass_window_rounds) + ") and structure_rounds (" + std::to_string(structure_rounds) +
              ") together cannot exceed epoch_factor (" + std::to_string(epoch_factor) + ")");
    require(structure_rounds == 0 || MorganFingerprints::available(),
            "structure_rounds group compounds by their Morgan fingerprints, which need RDKit, and this build has none");
    require(average_from_epoch <= epochs, "average_from_epoch (" + std::to_string(average_from_epoch) +
                                              ") is after the last epoch (" + std::to_string(epochs) + ")");
    require(learning_rate > 0.0, "learning_rate must be positive");
    require(max_grad_norm > 0.0, "max_grad_norm must be positive");
    require((loss == LossKind::SupCon && structure_ranking_weight == 0.0) || MorganFingerprints::available(),
            "loss '" + toString(loss) + "' has a Tanimoto term, which needs RDKit, and this build has none: use loss 'supcon'");
    require(!resume || !checkpoint_path.empty(), "resuming needs a checkpoint path");
  }

  nlohmann::json TrainerOptions::toJson() const
  {
    auto json = settingsToJson(settings(), *this);
    for (const char* name : {"fit_scorer", "epoch_models", "broken_records", "checkpoint_interval_steps"}) json.erase(name);
    return json;
  }
}
