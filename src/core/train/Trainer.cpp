#include "Trainer.h"

#include "../Errors.h"
#include "../io/ModelFile.h"
#include "CompoundSet.h"
#include "JsonNumber.h"
#include "LearningRateSchedule.h"
#include "MorganFingerprints.h"
#include "PairSampler.h"
#include "Randomness.h"
#include "ReplicateHitRatio.h"
#include "TrainingCheckpoint.h"
#include "TrainingObjective.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <sstream>

namespace SpecEmbedding
{
  namespace
  {
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    /// Views per forward pass: the 2 x batch views are sorted by length and cut into sub-batches
    /// of at most this many views and kTokensPerForward padded positions, each padded only to its
    /// own longest view. At 128/8/4/256/128 and one thread, 64 views ran 2x faster than one pass
    /// over all 1024 views of a batch (less padding, better cache use); the token budget keeps the
    /// few long views of a small batch from padding the short ones.
    constexpr int64_t kViewsPerForward = 64;
    constexpr int64_t kTokensPerForward = 2048;
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

    /// Embeddings [views, dim] with autograd, rows in the order of `views`.
    torch::Tensor embedViews(SpectrumEncoderImpl& encoder, const std::vector<TokenSequence>& views)
    {
      std::vector<torch::Tensor> outputs;
      std::vector<int64_t> row_of_view(views.size());
      int64_t row = 0;
      for (const auto& batch : batchesByLength(views, kViewsPerForward, kTokensPerForward))
      {
        std::vector<const TokenSequence*> members;
        for (size_t i : batch)
        {
          members.push_back(&views[i]);
          row_of_view[i] = row++;
        }
        outputs.push_back(encoder.forward(TokenBatch::pack(members, encoder.config().max_len)));
      }
      return torch::cat(outputs).index_select(0, torch::tensor(row_of_view, torch::kLong));
    }

    /// The validation compounds' spectra as one list, and the training spectra that join them in
    /// the validation library as distractors; both embedded once per validation.
    struct ValidationData
    {
      const CompoundSet* compounds = nullptr;
      std::vector<TokenSequence> spectra;
      std::vector<size_t> compound_of_row;
      std::vector<int64_t> first_row; ///< of each compound
      std::vector<TokenSequence> distractors;

      ValidationData(const CompoundSet& set, const CompoundSet& training, size_t distractor_count, uint64_t seed) : compounds(&set)
      {
        for (size_t c = 0; c < set.size(); ++c)
        {
          first_row.push_back(static_cast<int64_t>(spectra.size()));
          for (const auto& tokens : set.compounds[c].spectra)
          {
            spectra.push_back(tokens);
            compound_of_row.push_back(c);
          }
        }
        if (set.size() == 0 || distractor_count == 0) return;
        for (const auto& compound : training.compounds) distractors.insert(distractors.end(), compound.spectra.begin(), compound.spectra.end());
        if (distractor_count >= distractors.size()) return;
        auto random = derivedGenerator(seed, RandomPurpose::ValidationDistractors);
        std::shuffle(distractors.begin(), distractors.end(), random);
        distractors.resize(distractor_count);
      }
    };

    class TrainingRun
    {
    public:
      TrainingRun(const TrainerOptions& options, const CompoundSet& training, const CompoundSet& validation,
                  SpectrumEncoder& encoder, const std::function<void(const std::string&)>& warn, ModelOutcome& outcome)
        : options_(options), training_(training), validation_(validation), encoder_(encoder), warn_(warn), outcome_(outcome),
          objective_(options),
          training_fingerprints_(objective_.needsFingerprints() || options.structure_rounds > 0 ? fingerprintsOf(training_, "training")
                                                                                                 : nullptr),
          validation_fingerprints_(objective_.needsFingerprints() ? fingerprintsOf(validation_, "validation") : nullptr),
          neighbours_(options.structure_rounds > 0 ? training_fingerprints_->nearestNeighbours(kNeighbourCandidates)
                                                   : std::vector<std::vector<size_t>>()),
          sampler_(training, options.batch_size, options.epoch_factor, options.augment_probability,
                   Augmenter(options.augmentation), options.seed, options.mass_window_rounds, options.structure_rounds,
                   &neighbours_, options.structure_group),
          steps_per_epoch_(sampler_.batchesPerEpoch()),
          schedule_(LearningRateSchedule::withWarmupFraction(options.learning_rate, options.warmup_fraction,
                                                             options.epochs * steps_per_epoch_)),
          optimizer_(encoder->parameters(), torch::optim::AdamWOptions(options.learning_rate).weight_decay(options.weight_decay))
      {
        run_identity_ = {{"model", encoder->config().toJson()}, {"options", options.toJson()},
                         {"training_data", hex(training.digest())}, {"validation_data", hex(validation.digest())}};
      }

      void run(const Trainer::EpochHandler& on_epoch, const Trainer::StepHandler& on_step)
      {
        start();
        if (progress_.reports.empty() && validation_.size() > 0)
        {
          // Epoch 0: what the untrained model scores, the baseline the epochs are judged against.
          // Validation draws no randomness that training uses, so the trained weights are unchanged.
          EpochReport baseline;
          baseline.epochs = options_.epochs;
          baseline.train_loss = baseline.views_per_second = baseline.learning_rate = kNaN;
          std::tie(baseline.validation_loss, baseline.validation_hit_ratio) = validate();
          progress_.reports.push_back(baseline);
          writeLog();
          if (on_epoch) on_epoch(baseline);
        }
        const auto session_start = std::chrono::steady_clock::now();
        const double elapsed_before = progress_.elapsed_seconds;
        const auto elapsed = [&] {
          return elapsed_before + std::chrono::duration<double>(std::chrono::steady_clock::now() - session_start).count();
        };
        const size_t total_steps = schedule_.totalSteps();
        while (progress_.epoch < options_.epochs && !progress_.stopped_early)
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
          addToAverage(report.epoch);
          progress_.elapsed_seconds = elapsed();
          report.elapsed_seconds = progress_.elapsed_seconds;
          report.remaining_seconds = progress_.elapsed_seconds / static_cast<double>(progress_.epoch) *
                                     static_cast<double>(options_.epochs - progress_.epoch);
          progress_.reports.push_back(report);
          saveCheckpoint();
          writeLog();
          if (on_epoch) on_epoch(report);
        }
        if (progress_.averaged_epochs > 0)
        {
          auto report = validateAverage();
          report.elapsed_seconds = elapsed();
          progress_.reports.push_back(report);
          writeLog();
          if (on_epoch) on_epoch(report);
        }
        else if (options_.average_from_epoch > 0)
        {
          warn_("training stopped early after epoch " + std::to_string(progress_.epoch) + ", before average_from_epoch (" +
                std::to_string(options_.average_from_epoch) + "); the best epoch is kept instead of an average");
        }
        finish();
      }

    private:
      std::unique_ptr<MorganFingerprints> fingerprintsOf(const CompoundSet& set, const std::string& role)
      {
        std::vector<std::string> smiles;
        for (const auto& compound : set.compounds) smiles.push_back(compound.smiles);
        auto fingerprints = std::make_unique<MorganFingerprints>(smiles);
        const auto& problems = fingerprints->problems();
        for (size_t i = 0; i < problems.size() && i < kFingerprintWarnings; ++i)
        {
          warn_(role + " compound " + set.compounds[problems[i].index].key + ": " + problems[i].reason +
                "; it is left out of the Tanimoto loss");
        }
        if (problems.size() > kFingerprintWarnings)
        {
          warn_(std::to_string(problems.size() - kFingerprintWarnings) + " more " + role +
                " compounds without a usable SMILES are left out of the Tanimoto loss");
        }
        outcome_.compounds_without_fingerprint += problems.size();
        if (options_.loss == LossKind::Tanimoto && role == "training" && problems.size() == set.size())
        {
          throw InputError("no training compound has a SMILES that RDKit can parse; the Tanimoto loss needs them");
        }
        return fingerprints;
      }

      void start()
      {
        if (options_.resume && std::filesystem::exists(options_.checkpoint_path))
        {
          progress_ = TrainingCheckpoint::load(options_.checkpoint_path, run_identity_, *encoder_, best_weights_, average_weights_,
                                               optimizer_);
          outcome_.resumed = true;
        }
        else
        {
          if (options_.resume) warn_("no training checkpoint at '" + options_.checkpoint_path + "' yet; starting a new run");
          best_weights_ = snapshotWeights(*encoder_);
        }
        writeLog();
      }

      void trainStep(const std::vector<size_t>& compounds, size_t epoch)
      {
        const auto batch = sampler_.views(compounds, epoch, progress_.step_in_epoch);
        torch::manual_seed(deriveSeed(options_.seed, RandomPurpose::Dropout, epoch, progress_.step_in_epoch));
        const auto samples = static_cast<int64_t>(compounds.size());
        const auto features = embedViews(*encoder_, batch.views).view({samples, static_cast<int64_t>(PairSampler::kViews), -1});
        const auto loss = objective_(features, batch.compounds, training_fingerprints_.get());

        optimizer_.zero_grad();
        loss.backward();
        torch::nn::utils::clip_grad_norm_(encoder_->parameters(), options_.max_grad_norm);
        learning_rate_ = schedule_.rate(progress_.global_step);
        for (auto& group : optimizer_.param_groups()) group.options().set_lr(learning_rate_);
        optimizer_.step();

        ++progress_.global_step;
        ++progress_.step_in_epoch;
        progress_.epoch_loss_sum += loss.item<double>() * static_cast<double>(samples);
        progress_.epoch_samples += compounds.size();
      }

      /// Validation loss (two un-augmented views per compound, drawn the same way every epoch)
      /// and top-1 hit ratio, from one embedding of every validation spectrum.
      std::pair<double, double> validate()
      {
        torch::InferenceMode inference;
        const auto embeddings = encoder_->embed(validation_data_.spectra, kViewsPerForward);
        auto random = derivedGenerator(options_.seed, RandomPurpose::ValidationViews);
        std::vector<size_t> order(validation_.size());
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), random);
        double loss_sum = 0.0;
        for (size_t start = 0; start < order.size(); start += options_.batch_size)
        {
          const std::vector<size_t> compounds(order.begin() + start, order.begin() + std::min(order.size(), start + options_.batch_size));
          std::vector<int64_t> rows;
          for (size_t c : compounds)
          {
            std::uniform_int_distribution<int64_t> pick(0, static_cast<int64_t>(validation_.compounds[c].spectra.size()) - 1);
            for (size_t v = 0; v < PairSampler::kViews; ++v) rows.push_back(validation_data_.first_row[c] + pick(random));
          }
          const auto features = embeddings.index_select(0, torch::tensor(rows, torch::kLong))
                                  .view({static_cast<int64_t>(compounds.size()), static_cast<int64_t>(PairSampler::kViews), -1});
          loss_sum += objective_(features, compounds, validation_fingerprints_.get()).item<double>() * static_cast<double>(compounds.size());
        }
        const auto distractors = validation_data_.distractors.empty() ? torch::Tensor()
                                                                      : encoder_->embed(validation_data_.distractors, kViewsPerForward);
        const auto hit_ratio = replicateTopOneHitRatio(embeddings, validation_data_.compound_of_row, options_.seed, distractors);
        return {loss_sum / static_cast<double>(order.size()), hit_ratio.ratio};
      }

      EpochReport finishEpoch(size_t epoch)
      {
        EpochReport report;
        report.epoch = epoch + 1;
        report.epochs = options_.epochs;
        report.train_loss = progress_.epoch_loss_sum / static_cast<double>(progress_.epoch_samples);
        report.views_per_second = static_cast<double>(PairSampler::kViews * progress_.epoch_samples) / progress_.epoch_step_seconds;
        report.learning_rate = learning_rate_;
        report.validation_loss = kNaN;
        report.validation_hit_ratio = kNaN;
        if (validation_.size() > 0)
        {
          std::tie(report.validation_loss, report.validation_hit_ratio) = validate();
          report.best = improves(report.validation_hit_ratio, report.validation_loss);
          if (report.best)
          {
            progress_.best_epoch = report.epoch;
            progress_.best_hit_ratio = report.validation_hit_ratio;
            progress_.best_validation_loss = report.validation_loss;
            progress_.epochs_without_improvement = 0;
            best_weights_ = snapshotWeights(*encoder_);
          }
          else
          {
            ++progress_.epochs_without_improvement;
          }
          progress_.stopped_early = options_.patience > 0 && progress_.epochs_without_improvement >= options_.patience;
        }
        ++progress_.epoch;
        progress_.step_in_epoch = 0;
        progress_.epoch_loss_sum = 0.0;
        progress_.epoch_samples = 0;
        progress_.epoch_step_seconds = 0.0;
        return report;
      }

      /// Folds the weights at the end of `epoch` (1-based) into the running average when averaging has begun.
      void addToAverage(size_t epoch)
      {
        if (options_.average_from_epoch == 0 || epoch < options_.average_from_epoch) return;
        torch::NoGradGuard no_grad;
        const double weight = 1.0 / static_cast<double>(++progress_.averaged_epochs);
        if (progress_.averaged_epochs == 1)
        {
          average_weights_ = snapshotWeights(*encoder_);
          return;
        }
        for (const auto& item : encoder_->named_parameters())
        {
          auto average = average_weights_.at(item.key());
          average.add_(item.value().detach() - average, weight);
        }
      }

      /// Validates the average of the averaged epochs like one more epoch and makes it the kept weights.
      EpochReport validateAverage()
      {
        EpochReport report;
        report.epoch = progress_.epoch;
        report.epochs = options_.epochs;
        report.averaged_from = firstAveragedEpoch();
        report.train_loss = report.views_per_second = report.learning_rate = report.remaining_seconds = kNaN;
        report.validation_loss = report.validation_hit_ratio = kNaN;
        restoreWeights(*encoder_, average_weights_, "the average weights");
        if (validation_.size() > 0) std::tie(report.validation_loss, report.validation_hit_ratio) = validate();
        report.best = true;
        progress_.best_epoch = report.epoch;
        progress_.best_hit_ratio = report.validation_hit_ratio;
        progress_.best_validation_loss = report.validation_loss;
        best_weights_ = average_weights_;
        return report;
      }

      /// The first epoch in the running average; meaningful once it holds an epoch.
      size_t firstAveragedEpoch() const { return progress_.epoch + 1 - progress_.averaged_epochs; }

      bool improves(double hit_ratio, double loss) const
      {
        if (std::isnan(progress_.best_validation_loss)) return true;
        if (std::isnan(hit_ratio)) return loss < progress_.best_validation_loss;
        return hit_ratio > progress_.best_hit_ratio || (hit_ratio == progress_.best_hit_ratio && loss < progress_.best_validation_loss);
      }

      void saveCheckpoint() const
      {
        if (options_.checkpoint_path.empty()) return;
        TrainingCheckpoint::save(options_.checkpoint_path, run_identity_, progress_, *encoder_, best_weights_, average_weights_,
                                 optimizer_);
      }

      /// Rewrites the whole log, so that after a resume it shows exactly the checkpoint's epochs.
      void writeLog() const
      {
        if (options_.log_path.empty()) return;
        std::string text = EpochReport::tsvHeader() + "\n";
        for (const auto& report : progress_.reports) text += report.tsvRow() + "\n";
        writeFileAtomically(options_.log_path, text);
      }

      void finish()
      {
        const bool averaged = progress_.averaged_epochs > 0; // then validateAverage() made the average the best weights
        if (validation_.size() > 0 || averaged) restoreWeights(*encoder_, best_weights_, "the best weights");
        encoder_->eval();
        outcome_.epochs_completed = progress_.epoch;
        outcome_.best_epoch = progress_.best_epoch;
        outcome_.best_averaged_from = averaged ? firstAveragedEpoch() : 0;
        outcome_.best_validation_hit_ratio = progress_.best_hit_ratio;
        outcome_.best_validation_loss = progress_.best_validation_loss;
        outcome_.stopped_early = progress_.stopped_early;
        outcome_.reports = progress_.reports;
      }

      const TrainerOptions& options_;
      const CompoundSet& training_;
      const CompoundSet& validation_;
      ValidationData validation_data_{validation_, training_, options_.validation_distractors, options_.seed};
      SpectrumEncoder& encoder_;
      const std::function<void(const std::string&)>& warn_;
      ModelOutcome& outcome_;
      TrainingObjective objective_;
      std::unique_ptr<MorganFingerprints> training_fingerprints_, validation_fingerprints_;
      std::vector<std::vector<size_t>> neighbours_; ///< of each training compound, for structure rounds
      PairSampler sampler_;
      size_t steps_per_epoch_;
      LearningRateSchedule schedule_;
      torch::optim::AdamW optimizer_;
      nlohmann::json run_identity_;
      TrainingProgress progress_;
      WeightSnapshot best_weights_;
      WeightSnapshot average_weights_; ///< running mean of the epoch-end weights since average_from_epoch
      double learning_rate_ = 0.0;
    };
  }

  nlohmann::json ModelOutcome::provenance() const
  {
    return {{"training", {{"spectra", training_spectra}, {"compounds", training_compounds},
                          {"validation_spectra", validation_spectra}, {"validation_compounds", validation_compounds},
                          {"skipped_spectra", skipped}, {"compounds_without_fingerprint", compounds_without_fingerprint}}},
            {"training_options", options},
            {"training_result", {{"epochs_completed", epochs_completed}, {"best_epoch", best_epoch},
                                 {"best_validation_top1_hit_ratio", jsonNumber(best_validation_hit_ratio)},
                                 {"best_validation_loss", jsonNumber(best_validation_loss)}, {"stopped_early", stopped_early},
                                 {"averaged_from_epoch", best_averaged_from},
                                 {"selection", selection()}}}};
  }

  std::string ModelOutcome::selection() const
  {
    if (best_averaged_from > 0)
    {
      return "average of the weights of epochs " + std::to_string(best_averaged_from) + "-" + std::to_string(best_epoch);
    }
    return best_epoch > 0 ? "best validation top-1 hit ratio" : "final epoch";
  }

  Trainer::Trainer(TrainerOptions options, WarningHandler on_warning)
    : options_(std::move(options)), on_warning_(std::move(on_warning))
  {
    options_.validate();
  }

  ModelOutcome Trainer::train(const std::vector<Spectrum>& training, const std::vector<Spectrum>* validation, SpectrumEncoder& encoder,
                              const EpochHandler& on_epoch, const StepHandler& on_step)
  {
    ModelOutcome outcome;
    outcome.options = options_.toJson();
    const std::function<void(const std::string&)> warn = [&](const std::string& message) {
      outcome.warnings.push_back(message);
      if (on_warning_) on_warning_(message);
    };
    const Tokenizer tokenizer(static_cast<int>(encoder->config().max_len));

    auto all_training = groupByCompound(training, tokenizer);
    if (all_training.size() == 0)
    {
      throw InputError("none of the " + std::to_string(training.size()) + " training spectra can be used (" +
                       all_training.skippedSummary() + "); training needs spectra annotated with an InChIKey");
    }
    if (all_training.size() == 1)
    {
      throw InputError("all usable training spectra belong to one compound (" + all_training.compounds[0].key +
                       "); contrastive training needs at least two compounds");
    }
    outcome.skipped = all_training.skipped;

    CompoundSet training_set, validation_set;
    if (validation)
    {
      training_set = std::move(all_training);
      validation_set = groupByCompound(*validation, tokenizer);
      if (validation_set.size() == 0)
      {
        throw InputError("none of the " + std::to_string(validation->size()) + " validation spectra can be used (" +
                         validation_set.skippedSummary() + ")");
      }
      for (const auto& [reason, count] : validation_set.skipped) outcome.skipped[reason] += count;
      size_t shared = 0;
      for (const auto& compound : validation_set.compounds)
      {
        shared += std::binary_search(training_set.compounds.begin(), training_set.compounds.end(), compound,
                                     [](const Compound& a, const Compound& b) { return a.key < b.key; });
      }
      if (shared > 0)
      {
        warn(std::to_string(shared) + " validation compounds also occur in the training data; the validation scores are optimistic");
      }
    }
    else if (options_.validation_fraction > 0.0)
    {
      std::tie(training_set, validation_set) = splitByCompound(all_training, options_.validation_fraction, options_.seed);
    }
    else
    {
      training_set = std::move(all_training);
    }
    outcome.training_spectra = training_set.spectrumCount();
    outcome.training_compounds = training_set.size();
    outcome.validation_spectra = validation_set.spectrumCount();
    outcome.validation_compounds = validation_set.size();

    TrainingRun run(options_, training_set, validation_set, encoder, warn, outcome);
    run.run(on_epoch, on_step);
    return outcome;
  }
}
