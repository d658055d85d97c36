#pragma once
#include "../Settings.h"
#include "../SpectrumTokenization.h"
#include "../model/Precision.h"
#include "Augmenter.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace SpecEmbedding
{
  /// Which terms the training loss has.
  enum class LossKind
  {
    SupConTanimoto, ///< SupCon + tanimoto_weight x Tanimoto (the published model)
    SupCon,
    Tanimoto
  };

  template <>
  struct EnumWords<LossKind>
  {
    static constexpr const char* what = "loss";
    static constexpr std::pair<LossKind, const char*> words[] = {
      {LossKind::SupConTanimoto, "supcon+tanimoto"}, {LossKind::SupCon, "supcon"}, {LossKind::Tanimoto, "tanimoto"}};
  };

  /// Everything that steers a training run. Defaults are the reference's pre-training settings
  /// (SpecEmbedding params.yaml "train.pretrain" and "augmentation").
  struct TrainerOptions
  {
    size_t epochs = 50;
    size_t patience = 20;          ///< epochs without a better validation score before stopping; 0: never stop early
    size_t compounds_per_batch = 512; ///< each giving two views
    size_t epoch_factor = 10;      ///< an epoch visits every training compound this many times
    /// Of those visits, this many in batches of compounds of similar precursor m/z (see PairSampler).
    size_t mass_window_rounds = 0;
    /// Of those visits, this many in batches of groups of structurally similar compounds (PairSampler).
    size_t structure_rounds = 0;
    size_t structure_group = 4; ///< compounds per group in structure rounds
    uint64_t seed = 42;
    double validation_fraction = 0.1; ///< share of the training compounds held out when no validation set is given
    /// Training spectra (drawn from the seed; all when there are fewer) added to the validation
    /// library as distractors, so that the validation hit ratio is that of a large-library search
    /// and keeps separating epochs once the replicate protocol saturates. 0: none.
    size_t validation_distractors = 0;
    /// 0: off. Otherwise the model is the average of the weights at the ends of this and every
    /// later epoch (stochastic weight averaging over the tail of the cosine schedule); it is
    /// validated after the last epoch, and the best single epoch then only steers early stopping.
    size_t average_from_epoch = 0;

    double learning_rate = 7.5e-5; ///< peak of the warm-up / cosine schedule
    double weight_decay = 0.1;     ///< AdamW's decoupled weight decay
    double warmup_fraction = 0.1;  ///< share of all steps spent warming up
    double max_grad_norm = 0.5;

    LossKind loss = LossKind::SupConTanimoto;
    double temperature = 0.05;
    double base_temperature = 0.05;
    double tanimoto_weight = 30.0; ///< alpha of SupCon + alpha x Tanimoto
    size_t tanimoto_bins = 0;      ///< > 0: the Tanimoto term balances its pairs over this many bins (TanimotoLoss)
    double structure_ranking_weight = 0.0;      ///< weight of the StructureRankingLoss term; 0: none (published)
    double structure_ranking_temperature = 0.1; ///< its Tanimoto temperature

    double augment_probability = 0.5; ///< chance that a sample's views are two augmentations of one spectrum
    bool augment_replicates = false;  ///< the other samples' two replicate spectra are augmented too
    double precursor_dropout = 0.0;   ///< chance that a view loses its precursor token (PairSampler)
    AugmentationSettings augmentation;

    /// Of the encoder's matrix products; decidePrecision() falls back to float32 where bfloat16 is not faster.
    Precision precision = Precision::Float32;

    bool fit_scorer = false;   ///< after training, also fit the learned scorer on the held-out compounds (ScorerTraining)
    bool epoch_models = false; ///< the tool also writes every epoch's weights
    InvalidSpectrumPolicy broken_records = InvalidSpectrumPolicy::Error; ///< a training file's record that cannot be read

    std::string log_path;        ///< TSV with one row per epoch; none when empty
    std::string checkpoint_path; ///< training state for -resume, written every epoch; none when empty
    size_t checkpoint_interval_steps = 0; ///< also write the checkpoint every this many steps; 0: per epoch only
    bool resume = false;         ///< continue from checkpoint_path when it exists

    /// The user settings: TOPP parameters and JSON (not the paths and resume, which the tool sets).
    static const SettingTable<TrainerOptions>& settings();

    /// Throws ParameterError naming the first unusable value.
    void validate() const;

    /// The settings that determine the trained weights (no paths, no checkpoint interval): provenance
    /// and checkpoint identity.
    nlohmann::json toJson() const;
  };
}
