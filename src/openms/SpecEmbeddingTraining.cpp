#include "SpecEmbeddingTraining.h"

#include "SettingParams.h"
#include "core/io/ModelFile.h"

#include <OpenMS/CONCEPT/LogStream.h>

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
      if (!std::isnan(report.validation_analog_tanimoto)) text << ", validation analog Tanimoto " << report.validation_analog_tanimoto;
      return text.str();
    }
  }

  SpecEmbeddingTraining::SpecEmbeddingTraining() : DefaultParamHandler("SpecEmbeddingTraining")
  {
    defaults_ = settingsToParam(SpecEmbedding::TrainerOptions::settings());
    defaultsToParam_();
  }

  void SpecEmbeddingTraining::updateMembers_()
  {
    options_ = settingsFromParam(SpecEmbedding::TrainerOptions::settings(), param_);
  }

  SpecEmbedding::TrainerOptions SpecEmbeddingTraining::trainerOptions() const
  {
    options_.validate();
    return options_;
  }

  SpecEmbedding::TrainingOutcome SpecEmbeddingTraining::train(const SpecEmbedding::TrainerOptions& options,
                                                           const std::vector<SpecEmbedding::Spectrum>& training,
                                                           const std::vector<SpecEmbedding::Spectrum>* validation,
                                                           SpecEmbedding::SpectrumEncoder& encoder, const String& epoch_model_prefix,
                                                           std::shared_ptr<const SpecEmbedding::TrainingGroup> group) const
  {
    const bool leads = !group || group->leads();
    const auto precision = SpecEmbedding::decidePrecision(options.precision);
    encoder->setPrecision(precision.use);
    OPENMS_LOG_INFO << "Training precision: " << precision.message << "." << std::endl;
    SpecEmbedding::Trainer trainer(
      options, [](const std::string& warning) { OPENMS_LOG_WARN << "Warning: " << warning << std::endl; }, std::move(group));
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
    const auto on_epoch = [&](const SpecEmbedding::EpochReport& report, const SpecEmbedding::TrainingOutcome& outcome) {
      if (leads && !epoch_model_prefix.empty() && report.epoch > 0)
      {
        // The encoder holds these weights until training ends and the kept ones are restored.
        const bool average = report.averaged_from > 0;
        const String path = epoch_model_prefix + (average ? ".average" : ".epoch") + String(report.label()) + ".model";
        SpecEmbedding::ModelFile::save(path, encoder, {{"source", average ? "SpecEmbeddingTrainer, average of the weights after several epochs"
                                                                          : "SpecEmbeddingTrainer, weights after one epoch"},
                                                       {"epoch", report.toJson()},
                                                       // -calibrate draws the held-out compounds of the run from them
                                                       {"training_options", outcome.provenance().at("training_options")}},
                                       outcome.knownIonModes());
      }
      if (report.epoch == 0)
      {
        OPENMS_LOG_INFO << "Before training" << validationFigures(report, ": ") << std::endl;
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
