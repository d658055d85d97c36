#pragma once
#include "../Spectrum.h"
#include "../model/SpectrumEncoder.h"
#include "../search/ScoreCalibration.h"
#include "Calibration.h"
#include "ScorerTraining.h"
#include "EpochReport.h"
#include "TrainerOptions.h"
#include "TrainingGroup.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// What a training run produced, besides the weights left in the encoder.
  struct TrainingOutcome
  {
    size_t epochs_completed = 0;
    size_t best_epoch = 0;                 ///< 1-based epoch of the kept weights; 0 without validation (final weights kept)
    size_t best_averaged_from = 0;         ///< >0: the kept weights average epochs best_averaged_from to best_epoch
    double best_validation_hit_ratio = 0.0; ///< NaN when not measured
    double best_validation_loss = 0.0;     ///< NaN without validation
    bool stopped_early = false;
    bool resumed = false;                  ///< continued from a training checkpoint
    size_t training_spectra = 0;
    size_t training_compounds = 0;
    size_t validation_spectra = 0;
    size_t validation_compounds = 0;
    std::map<std::string, size_t> ion_modes; ///< training spectra per ion mode ("" for unknown)
    std::map<std::string, size_t> skipped; ///< spectra left out (training and validation), by reason
    size_t compounds_without_fingerprint = 0;
    std::vector<std::string> warnings;
    std::vector<EpochReport> reports;      ///< all epochs of the run, resumed sessions included
    ModelCalibration calibration;          ///< of the kept weights, on the validation compounds (calibrateScores, fitConfidence)
    ConfidenceFit confidence_fit;          ///< what the hit confidences were fitted on
    ScorerFit scorer_fit;                  ///< what the learned scorer was fitted on (fit_scorer)

    nlohmann::json options;                ///< TrainerOptions::toJson() of the run

    /// Data summary, options and result, for the model file's provenance.
    nlohmann::json provenance() const;
    /// How the kept weights were chosen, in words.
    std::string selection() const;
    /// The known ion modes of the training spectra ("negative", "positive"), as a model file records them.
    std::vector<std::string> knownIonModes() const;
  };

  /// Trains a SpectrumEncoder by supervised contrastive learning as the reference SpecEmbedding
  /// trainer does: PairSampler batches of distinct compounds with two views each, SupCon and/or
  /// Tanimoto loss, AdamW with gradient clipping, linear warm-up and cosine decay, validation
  /// after every epoch, early stopping.
  ///
  /// The weights kept are those of the epoch with the best validation top-1 hit ratio (replicate
  /// protocol), ties broken by the lower validation loss: the hit ratio is what the model is used
  /// for, and the loss of a contrastive objective tracks it only loosely. When no validation
  /// compound has two spectra the validation loss alone decides; without validation the final
  /// weights are kept. Early stopping counts epochs without such an improvement. With
  /// average_from_epoch, the average of the later epochs' weights is kept instead.
  ///
  /// Only real tokens are computed: the two views of a batch are sorted by length into sub-batches
  /// packed to their longest member (TokenBatch).
  ///
  /// In a TrainingGroup of several processes, each embeds its share of every batch and the gradients are
  /// summed, so all take the step one process would take with the whole batch (up to rounding; dropout
  /// masks differ). Rank 0 validates, chooses the kept weights for all, and writes the log and checkpoints;
  /// every rank reads the checkpoint to resume, so it must be on a path all ranks see.
  class Trainer
  {
  public:
    using WarningHandler = std::function<void(const std::string&)>;
    /// Called after every epoch (and with epoch 0 before the first) with the outcome so far: the data
    /// summary is complete, the calibration is not.
    using EpochHandler = std::function<void(const EpochReport&, const TrainingOutcome&)>;
    /// Called after every optimiser step with the steps done and planned (all epochs).
    using StepHandler = std::function<void(size_t step, size_t total)>;

    /// Throws ParameterError for unusable options. Warnings (unparsable SMILES, a missing
    /// checkpoint to resume from) go to on_warning as they arise, and into the outcome.
    /// Without a group, training runs in this process alone.
    explicit Trainer(TrainerOptions options, WarningHandler on_warning = {}, std::shared_ptr<const TrainingGroup> group = nullptr);

    const TrainerOptions& options() const { return options_; }

    /// Trains `encoder` in place on the annotated spectra of `training`; validates on
    /// `validation` or, when null, on validation_fraction of the training compounds. Spectra
    /// without InChIKey or unusable by the tokenizer are skipped and counted. Throws InputError
    /// when fewer than two compounds remain for training or the validation set has no usable
    /// spectrum, ParameterError for a checkpoint of another run, ModelError for an unreadable one.
    /// With options().resume and an existing checkpoint, the run continues where the checkpoint
    /// left it and ends with the same weights as an uninterrupted run (same seed, same threads). In a group,
    /// only rank 0's outcome has the calibration and the confidence fit.
    TrainingOutcome train(const std::vector<Spectrum>& training, const std::vector<Spectrum>* validation, SpectrumEncoder& encoder,
                       const EpochHandler& on_epoch = {}, const StepHandler& on_step = {});

    /// Calibrates a trained encoder's scores (calibrateScores) on the validation compounds that train()
    /// holds out of this data with these options, without training. Throws InputError when the data
    /// leave no validation compound.
    ModelCalibration calibrate(const std::vector<Spectrum>& training, const std::vector<Spectrum>* validation, SpectrumEncoder& encoder);

  private:
    TrainerOptions options_;
    WarningHandler on_warning_;
    std::shared_ptr<const TrainingGroup> group_;
  };
}
