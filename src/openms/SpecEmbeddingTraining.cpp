#include "SpecEmbeddingTraining.h"

#include "core/io/ModelFile.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <cmath>
#include <iomanip>
#include <sstream>

namespace OpenMS
{
  namespace
  {
    String formatDuration(double seconds)
    {
      const auto total = static_cast<long>(std::llround(std::max(0.0, seconds)));
      std::ostringstream text;
      text << total / 3600 << "h" << std::setw(2) << std::setfill('0') << (total / 60) % 60 << "m" << std::setw(2) << total % 60 << "s";
      return text.str();
    }

    /// "<separator>validation loss L, validation top-1 H" for a validated report; nothing for a run
    /// without validation (-validation_fraction 0), whose figures are NaN.
    String validationFigures(const SpecEmbedding::EpochReport& report, const char* separator)
    {
      if (std::isnan(report.validation_loss)) return String();
      std::ostringstream text;
      text << separator << "validation loss " << report.validation_loss << ", validation top-1 " << report.validation_hit_ratio;
      return text.str();
    }
  }

  SpecEmbeddingTraining::SpecEmbeddingTraining() : DefaultParamHandler("SpecEmbeddingTraining")
  {
    const SpecEmbedding::TrainerOptions defaults;
    const StringList advanced = ListUtils::create<String>("advanced");
    defaults_.setValue("epochs", static_cast<int>(defaults.epochs), "Training epochs.");
    defaults_.setMinInt("epochs", 1);
    defaults_.setValue("patience", static_cast<int>(defaults.patience), "Stop after this many epochs without a better validation score (0: never stop early).");
    defaults_.setMinInt("patience", 0);
    defaults_.setValue("epoch_factor", static_cast<int>(defaults.epoch_factor), "An epoch visits every training compound this many times.");
    defaults_.setMinInt("epoch_factor", 1);
    defaults_.setValue("mass_window_rounds", static_cast<int>(defaults.mass_window_rounds),
                       "Of the epoch_factor visits, this many batch compounds of similar precursor m/z together (hard negatives: "
                       "isomers meet in one batch, which random batches rarely do; they are what large-library searches confuse). "
                       "It sharpens isomer separation at the cost of robustness to lab-to-lab differences (see README).");
    defaults_.setMinInt("mass_window_rounds", 0);
    defaults_.setValue("structure_rounds", static_cast<int>(defaults.structure_rounds),
                       "Of the epoch_factor visits, this many batch groups of structurally similar compounds (an anchor and its "
                       "nearest compounds by Morgan fingerprint Tanimoto), so that the Tanimoto term sees related compounds "
                       "and the embedding learns which compounds are alike: analog search.");
    defaults_.setMinInt("structure_rounds", 0);
    defaults_.setValue("structure_group", static_cast<int>(defaults.structure_group), "Compounds per group in structure rounds.",
                       advanced);
    defaults_.setMinInt("structure_group", 2);
    defaults_.setValue("batch_size", static_cast<int>(defaults.batch_size), "Compounds per batch, each giving two views.");
    defaults_.setMinInt("batch_size", 2);
    defaults_.setValue("seed", static_cast<int>(defaults.seed), "Seed of all randomness: a run is deterministic for a seed and thread count.");
    defaults_.setMinInt("seed", 0);
    defaults_.setValue("validation_fraction", defaults.validation_fraction, "Share of the training compounds held out for validation when no -validation file is given.");
    defaults_.setMinFloat("validation_fraction", 0.0);
    defaults_.setMaxFloat("validation_fraction", 0.9);
    defaults_.setValue("validation_distractors", static_cast<int>(defaults.validation_distractors),
                       "Training spectra added to the validation library as distractors (all when fewer), so that the validation "
                       "top-1 is that of a large-library search and still separates epochs when the replicate search saturates "
                       "(0: none).");
    defaults_.setMinInt("validation_distractors", 0);
    defaults_.setValue("average_from_epoch", static_cast<int>(defaults.average_from_epoch),
                       "Make the model the average of the weights at the ends of this and all later epochs (stochastic weight "
                       "averaging over the tail of the learning rate decay), instead of the best single epoch; it is validated after "
                       "the last epoch (0: off).");
    defaults_.setMinInt("average_from_epoch", 0);
    defaults_.setValue("learning_rate", defaults.learning_rate, "Peak learning rate of AdamW (linear warm-up, then cosine decay).", advanced);
    defaults_.setMinFloat("learning_rate", 0.0);
    defaults_.setValue("weight_decay", defaults.weight_decay, "AdamW weight decay.", advanced);
    defaults_.setMinFloat("weight_decay", 0.0);
    defaults_.setValue("warmup_fraction", defaults.warmup_fraction, "Share of the steps spent warming up the learning rate.", advanced);
    defaults_.setMinFloat("warmup_fraction", 0.0);
    defaults_.setMaxFloat("warmup_fraction", 1.0);
    defaults_.setValue("max_grad_norm", defaults.max_grad_norm, "Gradient norm clipping.", advanced);
    defaults_.setMinFloat("max_grad_norm", 0.0);
    defaults_.setValue("loss", SpecEmbedding::toString(defaults.loss), "Loss: supervised contrastive plus alpha x Tanimoto term (published), or either alone.");
    defaults_.setValidStrings("loss", ListUtils::create<String>("supcon+tanimoto,supcon,tanimoto"));
    defaults_.setValue("alpha", defaults.tanimoto_weight, "Weight of the Tanimoto term.");
    defaults_.setMinFloat("alpha", 0.0);
    defaults_.setValue("tanimoto_bins", static_cast<int>(defaults.tanimoto_bins),
                       "Balance the Tanimoto term over this many equal-width bins of the target Tanimoto, so that related "
                       "pairs weigh as much as the many unrelated ones (0: the published plain mean).");
    defaults_.setMinInt("tanimoto_bins", 0);
    defaults_.setValue("temperature", defaults.temperature, "SupCon temperature.", advanced);
    defaults_.setMinFloat("temperature", 1e-6);
    defaults_.setValue("base_temperature", defaults.base_temperature, "SupCon base temperature.", advanced);
    defaults_.setMinFloat("base_temperature", 1e-6);
    defaults_.setValue("augment_probability", defaults.augment_probability, "Chance that a compound's two views are augmentations of one spectrum rather than two replicate spectra.");
    defaults_.setMinFloat("augment_probability", 0.0);
    defaults_.setMaxFloat("augment_probability", 1.0);
    defaults_.setValue("removal_intensity", defaults.augmentation.removal_intensity, "Augmentation: peaks below this relative intensity may be removed.", advanced);
    defaults_.setMinFloat("removal_intensity", 0.0);
    defaults_.setMaxFloat("removal_intensity", 1.0);
    defaults_.setValue("removal_max", defaults.augmentation.removal_max, "Augmentation: share of those peaks removed.", advanced);
    defaults_.setMinFloat("removal_max", 0.0);
    defaults_.setMaxFloat("removal_max", 1.0);
    defaults_.setValue("rate_intensity", defaults.augmentation.rate_intensity, "Augmentation: each intensity scaled by a random factor within +/- this rate.", advanced);
    defaults_.setMinFloat("rate_intensity", 0.0);
    defaults_.setMaxFloat("rate_intensity", 1.0);
    defaults_.setValue("checkpoint_interval_steps", static_cast<int>(defaults.checkpoint_interval_steps), "Also write the resume checkpoint every this many steps (0: once per epoch).", advanced);
    defaults_.setMinInt("checkpoint_interval_steps", 0);
    defaultsToParam_();
  }

  SpecEmbedding::TrainerOptions SpecEmbeddingTraining::trainerOptions() const
  {
    SpecEmbedding::TrainerOptions options;
    options.epochs = static_cast<int>(param_.getValue("epochs"));
    options.patience = static_cast<int>(param_.getValue("patience"));
    options.epoch_factor = static_cast<int>(param_.getValue("epoch_factor"));
    options.mass_window_rounds = static_cast<int>(param_.getValue("mass_window_rounds"));
    options.structure_rounds = static_cast<int>(param_.getValue("structure_rounds"));
    options.structure_group = static_cast<int>(param_.getValue("structure_group"));
    options.tanimoto_bins = static_cast<int>(param_.getValue("tanimoto_bins"));
    options.batch_size = static_cast<int>(param_.getValue("batch_size"));
    options.seed = static_cast<int>(param_.getValue("seed"));
    options.validation_fraction = param_.getValue("validation_fraction");
    options.validation_distractors = static_cast<int>(param_.getValue("validation_distractors"));
    options.average_from_epoch = static_cast<int>(param_.getValue("average_from_epoch"));
    options.learning_rate = param_.getValue("learning_rate");
    options.weight_decay = param_.getValue("weight_decay");
    options.warmup_fraction = param_.getValue("warmup_fraction");
    options.max_grad_norm = param_.getValue("max_grad_norm");
    options.loss = SpecEmbedding::lossKindFromString(param_.getValue("loss").toString());
    options.tanimoto_weight = param_.getValue("alpha");
    options.temperature = param_.getValue("temperature");
    options.base_temperature = param_.getValue("base_temperature");
    options.augment_probability = param_.getValue("augment_probability");
    options.augmentation.removal_intensity = param_.getValue("removal_intensity");
    options.augmentation.removal_max = param_.getValue("removal_max");
    options.augmentation.rate_intensity = param_.getValue("rate_intensity");
    options.checkpoint_interval_steps = static_cast<int>(param_.getValue("checkpoint_interval_steps"));
    options.validate();
    return options;
  }

  SpecEmbedding::ModelOutcome SpecEmbeddingTraining::train(const SpecEmbedding::TrainerOptions& options,
                                                           const std::vector<SpecEmbedding::Spectrum>& training,
                                                           const std::vector<SpecEmbedding::Spectrum>* validation,
                                                           SpecEmbedding::SpectrumEncoder& encoder, const String& epoch_model_prefix) const
  {
    SpecEmbedding::Trainer trainer(options, [](const std::string& warning) { OPENMS_LOG_WARN << "Warning: " << warning << std::endl; });
    bool progress_started = false;
    const auto on_step = [&](size_t step, size_t total) {
      if (!progress_started)
      {
        if (step > 1)
        {
          OPENMS_LOG_INFO << "Resumed from the checkpoint '" << options.checkpoint_path << "' after step " << step - 1 << " of " << total
                          << "." << std::endl;
        }
        startProgress(0, static_cast<SignedSize>(total), "training");
        progress_started = true;
      }
      setProgress(static_cast<SignedSize>(step));
    };
    const auto on_epoch = [&](const SpecEmbedding::EpochReport& report) {
      if (!epoch_model_prefix.empty() && report.epoch > 0)
      {
        // The encoder holds these weights until training ends and the kept ones are restored.
        const bool average = report.averaged_from > 0;
        const String path = epoch_model_prefix + (average ? ".average" : ".epoch") + String(report.label()) + ".model";
        SpecEmbedding::ModelFile::save(path, encoder, {{"source", average ? "SpecEmbeddingTrainer, average of the weights after several epochs"
                                                                          : "SpecEmbeddingTrainer, weights after one epoch"},
                                                       {"epoch", report.toJson()}});
      }
      if (report.epoch == 0)
      {
        OPENMS_LOG_INFO << "Untrained model: validation loss " << report.validation_loss << ", validation top-1 "
                        << report.validation_hit_ratio << std::endl;
        return;
      }
      if (report.averaged_from > 0)
      {
        OPENMS_LOG_INFO << "Average of epochs " << report.label() << validationFigures(report, ": ") << " (kept)" << std::endl;
        return;
      }
      OPENMS_LOG_INFO << "Epoch " << report.epoch << "/" << report.epochs << ": train loss " << report.train_loss
                      << validationFigures(report, ", ") << ", " << std::lround(report.views_per_second) << " views/s, lr " << report.learning_rate << ", elapsed "
                      << formatDuration(report.elapsed_seconds) << ", left " << formatDuration(report.remaining_seconds)
                      << (report.best ? " (best so far)" : "") << std::endl;
    };
    auto outcome = trainer.train(training, validation, encoder, on_epoch, on_step);
    if (progress_started) endProgress();
    return outcome;
  }
}
