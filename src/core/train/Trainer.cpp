#include "Trainer.h"

#include "../Errors.h"
#include "../io/Files.h"
#include "../model/ComputeDevice.h"
#include "Calibration.h"
#include "CompoundSet.h"
#include "JsonNumber.h"
#include "LearningRateSchedule.h"
#include "../search/MorganFingerprints.h"
#include "PairSampler.h"
#include "Randomness.h"
#include "TrainingCheckpoint.h"
#include "TrainingObjective.h"
#include "Validator.h"
#include "ViewEmbedding.h"
#include "WeightSelection.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <set>
#include <sstream>

namespace SpecEmbedding
{
  namespace
  {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    /// Candidates per compound from which structure rounds draw its group (most similar first).
    constexpr size_t kNeighbourCandidates = 16;
    /// Individual warnings about missing fingerprints before they are only counted.
    constexpr size_t kFingerprintWarnings = 10;

    std::string hex(uint64_t value)
    {
      std::ostringstream out;
      out << std::hex << value;
      return out.str();
    }

    /// Whether the run uses fingerprints: the Tanimoto term, structure rounds, or the analog figures of a
    /// validation with distractors (where this build has RDKit).
    bool needsFingerprints(const TrainerOptions& options)
    {
      return options.loss != LossKind::SupCon || options.structure_ranking_weight > 0.0 || options.structure_rounds > 0 ||
             (options.validation_distractors > 0 && MorganFingerprints::available());
    }

    /// The fingerprints of a set's compounds; compounds without one are warned about (the first few)
    /// and counted in `without`.
    std::unique_ptr<MorganFingerprints> fingerprintsOf(const CompoundSet& set, const std::string& role,
                                                       const std::function<void(const std::string&)>& warn, size_t& without)
    {
      std::vector<std::string> smiles;
      for (const auto& compound : set.compounds) smiles.push_back(compound.smiles);
      auto fingerprints = std::make_unique<MorganFingerprints>(smiles);
      const auto& problems = fingerprints->problems();
      for (size_t i = 0; i < problems.size() && i < kFingerprintWarnings; ++i)
      {
        warn(role + " compound " + set.compounds[problems[i].index].key + ": " + problems[i].reason +
             "; it is left out of the Tanimoto loss and the analog figures");
      }
      if (problems.size() > kFingerprintWarnings)
      {
        warn(std::to_string(problems.size() - kFingerprintWarnings) + " more " + role +
             " compounds without a usable SMILES are left out of the Tanimoto loss and the analog figures");
      }
      without += problems.size();
      return fingerprints;
    }

    /// The spectra of the training compounds (and those without a compound), and those of the held-out
    /// compounds: `validation` when given, else the training spectra of data's validation compounds.
    std::pair<std::vector<Spectrum>, std::vector<Spectrum>> heldOutSpectra(const std::vector<Spectrum>& training,
                                                                           const std::vector<Spectrum>* validation, const TrainingData& data)
    {
      std::set<std::string> held_out_keys;
      for (const auto& compound : data.validation.compounds) held_out_keys.insert(compound.key);
      std::vector<Spectrum> library, held_out;
      for (const auto& spectrum : training) (held_out_keys.count(spectrum.compoundKey()) ? held_out : library).push_back(spectrum);
      if (validation) held_out = *validation;
      return {std::move(library), std::move(held_out)};
    }

    /// The settings with the most peaks the model's tokenizer takes, which augmented views keep to.
    AugmentationSettings augmentationFor(AugmentationSettings settings, const ModelConfig& config)
    {
      settings.max_peaks = static_cast<size_t>(config.max_len - 1);
      return settings;
    }

    /// One training run: the step loop, checkpoints and the log around the sampler, the objective,
    /// the validator and the weight selection.
    class TrainingRun
    {
    public:
      TrainingRun(const TrainerOptions& options, const TrainingGroup& group, const TrainingData& data, SpectrumEncoder& encoder,
                  const std::function<void(const std::string&)>& warn, TrainingOutcome& outcome)
        : options_(options), group_(group), data_(data), encoder_(encoder), warn_(warn), outcome_(outcome), objective_(options, encoder->config().structure_dim),
          training_fingerprints_(needsFingerprints(options)
                                   ? fingerprintsOf(data.training, "training", warn, outcome.compounds_without_fingerprint)
                                   : nullptr),
          validation_fingerprints_(needsFingerprints(options)
                                     ? fingerprintsOf(data.validation, "validation", warn, outcome.compounds_without_fingerprint)
                                     : nullptr),
          neighbours_(options.structure_rounds > 0
                        ? training_fingerprints_->nearestNeighbours(kNeighbourCandidates, data.training.ionModeGroups())
                        : std::vector<std::vector<size_t>>()),
          sampler_(data.training,
                   PairSamplerOptions()
                     .compounds_per_batch(options.compounds_per_batch)
                     .epoch_factor(options.epoch_factor)
                     .augment_probability(options.augment_probability)
                     .augment_replicates(options.augment_replicates)
                     .augmentation(augmentationFor(options.augmentation, encoder->config()))
                     .seed(options.seed)
                     .mass_window_rounds(options.mass_window_rounds)
                     .structure_rounds(options.structure_rounds)
                     .structure_group(options.structure_group)
                     .precursor_dropout(options.precursor_dropout),
                   &neighbours_),
          validator_(data.validation, data.training, options.validation_distractors, objective_, validation_fingerprints_.get(),
                     training_fingerprints_.get(), options.compounds_per_batch, options.seed),
          selection_(options.patience, options.average_from_epoch),
          schedule_(LearningRateSchedule::withWarmupFraction(options.learning_rate, options.warmup_fraction,
                                                             options.epochs * sampler_.batchesPerEpoch())),
          optimizer_(encoder->parameters(), torch::optim::AdamWOptions(options.learning_rate).weight_decay(options.weight_decay))
      {
        if (options.loss == LossKind::Tanimoto && training_fingerprints_->problems().size() == data.training.size())
        {
          throw InputError("no training compound has a SMILES that RDKit can parse; the Tanimoto loss needs them");
        }
        run_identity_ = {{"model", encoder->config().toJson()}, {"options", options.toJson()},
                         {"training_data", hex(data.training.digest())}, {"validation_data", hex(data.validation.digest())}};
      }

      void run(const Trainer::EpochHandler& on_epoch, const Trainer::StepHandler& on_step)
      {
        start();
        if (progress_.reports.empty() && validator_.active())
        {
          // Epoch 0: what the weights before training score, the baseline the epochs are judged against.
          EpochReport baseline;
          baseline.epochs = options_.epochs;
          baseline.train_loss = baseline.views_per_second = baseline.learning_rate = kNaN;
          const auto scores = validate();
          baseline.validation_loss = scores.loss;
          baseline.validation_hit_ratio = scores.hit_ratio;
          baseline.validation_analog_tanimoto = scores.analog_tanimoto;
          progress_.reports.push_back(baseline);
          writeLog();
          if (on_epoch) on_epoch(baseline, outcome_);
        }
        const auto session_start = std::chrono::steady_clock::now();
        const double elapsed_before = progress_.elapsed_seconds;
        const auto elapsed = [&] {
          return elapsed_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - session_start).count();
        };
        const size_t total_steps = schedule_.totalSteps();
        while (progress_.epoch < options_.epochs && !selection_.stoppedEarly())
        {
          const size_t epoch = progress_.epoch;
          const auto plan = sampler_.epochPlan(epoch);
          encoder_->train();
          while (progress_.step_in_epoch < plan.size())
          {
            const auto step_start = std::chrono::steady_clock::now();
            trainStep(plan[progress_.step_in_epoch], epoch);
            progress_.epoch_step_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - step_start).count();
            progress_.elapsed_seconds = elapsed();
            if (options_.checkpoint_interval_steps > 0 && progress_.global_step % options_.checkpoint_interval_steps == 0 &&
                progress_.step_in_epoch < plan.size())
            {
              saveCheckpoint();
            }
            if (on_step) on_step(progress_.global_step, total_steps);
          }
          auto report = finishEpoch(epoch);
          selection_.addToAverage(report.epoch, *encoder_);
          progress_.elapsed_seconds = elapsed();
          report.elapsed_seconds = progress_.elapsed_seconds;
          report.remaining_seconds = progress_.elapsed_seconds / static_cast<double>(progress_.epoch) *
                                     static_cast<double>(options_.epochs - progress_.epoch);
          progress_.reports.push_back(report);
          saveCheckpoint();
          writeLog();
          if (on_epoch) on_epoch(report, outcome_);
        }
        if (selection_.averaging())
        {
          auto report = validateAverage();
          report.elapsed_seconds = elapsed();
          progress_.reports.push_back(report);
          writeLog();
          if (on_epoch) on_epoch(report, outcome_);
        }
        else if (options_.average_from_epoch > 0)
        {
          warn_("training stopped early after epoch " + std::to_string(progress_.epoch) + ", before average_from_epoch (" +
                std::to_string(options_.average_from_epoch) + "); the best epoch is kept instead of an average");
        }
        finish();
      }

    private:
      /// Rank 0's validation scores, on every rank: all make the same choices from them.
      ValidationScores validate()
      {
        ValidationScores scores{kNaN, kNaN, kNaN};
        if (group_.leads()) scores = validator_(*encoder_);
        const auto shared = group_.broadcast({scores.loss, scores.hit_ratio, scores.analog_tanimoto});
        return {shared[0], shared[1], shared[2]};
      }

      void start()
      {
        if (options_.resume && std::filesystem::exists(options_.checkpoint_path))
        {
          progress_ = TrainingCheckpoint::load(options_.checkpoint_path, run_identity_, *encoder_, selection_, optimizer_);
          outcome_.resumed = true;
        }
        else
        {
          if (options_.resume) warn_("no training checkpoint at '" + options_.checkpoint_path + "' yet; starting a new run");
          selection_.begin(*encoder_);
        }
        writeLog();
      }

      void trainStep(const std::vector<size_t>& compounds, size_t epoch)
      {
        const auto batch = sampler_.views(compounds, epoch, progress_.step_in_epoch);
        torch::manual_seed(deriveSeed(options_.seed, RandomPurpose::Dropout, epoch, progress_.step_in_epoch));
        const auto samples = static_cast<int64_t>(compounds.size());
        // This process embeds its share of the batch's compounds; the loss is the whole batch's.
        const auto views = static_cast<int64_t>(PairSampler::kViews);
        const auto [first, last] = group_.share(samples);
        const std::vector<TokenSequence> share(batch.views.begin() + first * views, batch.views.begin() + last * views);
        const auto local = last > first ? embedViews(*encoder_, share).view({last - first, views, -1})
                                        : torch::zeros({0, views, encoder_->config().outputDim()}, torch::TensorOptions().device(deviceOf(*encoder_)));
        const auto features = group_.gatherShares(local, samples);
        const auto loss = objective_(features, batch.compounds, training_fingerprints_.get());

        optimizer_.zero_grad();
        // A rank whose share of a small batch is empty has no gradient of its own; it still takes the group's.
        if (loss.requires_grad()) loss.backward();
        group_.sumGradients(encoder_->parameters());
        torch::nn::utils::clip_grad_norm_(encoder_->parameters(), options_.max_grad_norm);
        learning_rate_ = schedule_.rate(progress_.global_step);
        for (auto& group : optimizer_.param_groups()) group.options().set_lr(learning_rate_);
        optimizer_.step();

        ++progress_.global_step;
        ++progress_.step_in_epoch;
        progress_.epoch_loss_sum += loss.item<double>() * static_cast<double>(samples);
        progress_.epoch_samples += compounds.size();
      }

      EpochReport finishEpoch(size_t epoch)
      {
        EpochReport report;
        report.epoch = epoch + 1;
        report.epochs = options_.epochs;
        report.train_loss = progress_.epoch_loss_sum / static_cast<double>(progress_.epoch_samples);
        report.views_per_second = static_cast<double>(PairSampler::kViews * progress_.epoch_samples) / progress_.epoch_step_seconds;
        report.learning_rate = learning_rate_;
        report.validation_loss = report.validation_hit_ratio = report.validation_analog_tanimoto = kNaN;
        if (validator_.active())
        {
          const auto scores = validate();
          report.validation_loss = scores.loss;
          report.validation_hit_ratio = scores.hit_ratio;
          report.validation_analog_tanimoto = scores.analog_tanimoto;
          report.best = selection_.offer(report.epoch, scores, *encoder_);
        }
        ++progress_.epoch;
        progress_.step_in_epoch = 0;
        progress_.epoch_loss_sum = 0.0;
        progress_.epoch_samples = 0;
        progress_.epoch_step_seconds = 0.0;
        return report;
      }

      /// Validates the average of the averaged epochs like one more epoch and makes it the kept weights.
      EpochReport validateAverage()
      {
        EpochReport report;
        report.epoch = progress_.epoch;
        report.epochs = options_.epochs;
        report.averaged_from = selection_.firstAveragedEpoch(progress_.epoch);
        report.train_loss = report.views_per_second = report.learning_rate = report.remaining_seconds = kNaN;
        restoreWeights(*encoder_, selection_.average(), "the average weights");
        ValidationScores scores{kNaN, kNaN, kNaN};
        if (validator_.active()) scores = validate();
        report.validation_loss = scores.loss;
        report.validation_hit_ratio = scores.hit_ratio;
        report.validation_analog_tanimoto = scores.analog_tanimoto;
        report.best = true;
        selection_.keepAverage(report.epoch, scores);
        return report;
      }

      void saveCheckpoint() const
      {
        if (options_.checkpoint_path.empty() || !group_.leads()) return;
        TrainingCheckpoint::save(options_.checkpoint_path, run_identity_, progress_, selection_, *encoder_, optimizer_);
      }

      /// Rewrites the whole log, so that after a resume it shows exactly the checkpoint's epochs.
      void writeLog() const
      {
        if (options_.log_path.empty() || !group_.leads()) return;
        std::string text = EpochReport::tsvHeader() + "\n";
        for (const auto& report : progress_.reports) text += report.tsvRow() + "\n";
        writeFileAtomically(options_.log_path, text);
      }

      void finish()
      {
        const bool averaged = selection_.averaging(); // then validateAverage() made the average the kept weights
        if (validator_.active() || averaged) restoreWeights(*encoder_, selection_.best(), "the best weights");
        encoder_->eval();
        outcome_.epochs_completed = progress_.epoch;
        outcome_.best_epoch = selection_.bestEpoch();
        outcome_.best_averaged_from = averaged ? selection_.firstAveragedEpoch(progress_.epoch) : 0;
        outcome_.best_validation_hit_ratio = selection_.bestHitRatio();
        outcome_.best_validation_loss = selection_.bestLoss();
        outcome_.stopped_early = selection_.stoppedEarly();
        outcome_.reports = progress_.reports;
        if (group_.leads() && validator_.active() && training_fingerprints_ && validation_fingerprints_)
        {
          outcome_.calibration = calibrateScores(*encoder_, data_.validation, data_.training, *validation_fingerprints_, *training_fingerprints_);
        }
      }

      const TrainerOptions& options_;
      const TrainingGroup& group_;
      const TrainingData& data_;
      SpectrumEncoder& encoder_;
      const std::function<void(const std::string&)>& warn_;
      TrainingOutcome& outcome_;
      TrainingObjective objective_;
      std::unique_ptr<MorganFingerprints> training_fingerprints_, validation_fingerprints_;
      std::vector<std::vector<size_t>> neighbours_; ///< of each training compound, for structure rounds
      PairSampler sampler_;
      Validator validator_;
      WeightSelection selection_;
      LearningRateSchedule schedule_;
      torch::optim::AdamW optimizer_;
      nlohmann::json run_identity_;
      TrainingProgress progress_;
      double learning_rate_ = 0.0;
    };
  }

  nlohmann::json TrainingOutcome::provenance() const
  {
    return {{"training", {{"spectra", training_spectra}, {"compounds", training_compounds}, {"spectra_by_ion_mode", ion_modes},
                          {"validation_spectra", validation_spectra}, {"validation_compounds", validation_compounds},
                          {"skipped_spectra", skipped}, {"compounds_without_fingerprint", compounds_without_fingerprint}}},
            {"training_options", options},
            {"training_result", {{"epochs_completed", epochs_completed}, {"best_epoch", best_epoch},
                                 {"best_validation_top1_hit_ratio", jsonNumber(best_validation_hit_ratio)},
                                 {"best_validation_loss", jsonNumber(best_validation_loss)}, {"stopped_early", stopped_early},
                                 {"averaged_from_epoch", best_averaged_from},
                                 {"selection", selection()}}}};
  }

  std::string TrainingOutcome::selection() const
  {
    if (best_averaged_from > 0)
    {
      return "average of the weights of epochs " + std::to_string(best_averaged_from) + "-" + std::to_string(best_epoch);
    }
    return best_epoch > 0 ? "best validation top-1 hit ratio" : "final epoch";
  }

  std::vector<std::string> TrainingOutcome::knownIonModes() const
  {
    std::vector<std::string> known;
    for (const auto& [mode, spectra] : ion_modes)
    {
      if (!mode.empty()) known.push_back(mode);
    }
    return known;
  }

  Trainer::Trainer(TrainerOptions options, WarningHandler on_warning, std::shared_ptr<const TrainingGroup> group)
    : options_(std::move(options)), on_warning_(std::move(on_warning)), group_(group ? std::move(group) : std::make_shared<const TrainingGroup>())
  {
    options_.validate();
  }

  TrainingOutcome Trainer::train(const std::vector<Spectrum>& training, const std::vector<Spectrum>* validation, SpectrumEncoder& encoder,
                              const EpochHandler& on_epoch, const StepHandler& on_step)
  {
    TrainingOutcome outcome;
    outcome.options = options_.toJson();
    const std::function<void(const std::string&)> warn = [&](const std::string& message) {
      outcome.warnings.push_back(message);
      if (on_warning_) on_warning_(message);
    };
    const auto tokenizer = encoder->config().tokenizer();
    const auto data = prepareTrainingData(training, validation, options_.validation_fraction, options_.seed, tokenizer);
    if (data.shared_compounds > 0)
    {
      warn(std::to_string(data.shared_compounds) + " validation compounds also occur in the training data; the validation scores are optimistic");
    }
    outcome.skipped = data.skipped;
    outcome.training_spectra = data.training.spectrumCount();
    outcome.training_compounds = data.training.size();
    outcome.validation_spectra = data.validation.spectrumCount();
    outcome.validation_compounds = data.validation.size();
    outcome.ion_modes = data.training.spectraByIonMode();

    TrainingRun run(options_, *group_, data, encoder, warn, outcome);
    run.run(on_epoch, on_step);
    if (group_->leads() && data.validation.size() > 0)
    {
      const auto [library, held_out] = heldOutSpectra(training, validation, data);
      outcome.confidence_fit = fitConfidence(*encoder, library, held_out, options_.seed, outcome.calibration);
      if (MorganFingerprints::available()) fitSpectralAnalogSimilarity(library, held_out, outcome.calibration);
      if (options_.fit_scorer) outcome.scorer_fit = fitScorer(*encoder, library, held_out, options_.seed, outcome.calibration, warn);
    }
    return outcome;
  }

  ModelCalibration Trainer::calibrate(const std::vector<Spectrum>& training, const std::vector<Spectrum>* validation, SpectrumEncoder& encoder)
  {
    const auto data = prepareTrainingData(training, validation, options_.validation_fraction, options_.seed, encoder->config().tokenizer());
    if (data.validation.size() == 0) throw InputError("calibration needs validation compounds: give -validation or a validation fraction");
    size_t without = 0;
    const auto warn = [&](const std::string& message) {
      if (on_warning_) on_warning_(message);
    };
    const auto training_fingerprints = fingerprintsOf(data.training, "training", warn, without);
    const auto validation_fingerprints = fingerprintsOf(data.validation, "validation", warn, without);
    auto calibration = calibrateScores(*encoder, data.validation, data.training, *validation_fingerprints, *training_fingerprints);
    const auto [library, held_out] = heldOutSpectra(training, validation, data);
    fitConfidence(*encoder, library, held_out, options_.seed, calibration);
    fitSpectralAnalogSimilarity(library, held_out, calibration);
    fitScorer(*encoder, library, held_out, options_.seed, calibration, warn);
    return calibration;
  }
}
