#pragma once
#include <nlohmann/json.hpp>

#include <string>

namespace SpecEmbedding
{
  /// What one finished epoch achieved. Validation values are NaN when there is no validation
  /// set (the hit ratio also when no validation compound has two spectra).
  struct EpochReport
  {
    size_t epoch = 0;  ///< 1-based; 0 is the model before training (untrained, or the -init_model weights), validated before the first step
    size_t epochs = 0; ///< planned in all
    /// 0: the weights at the end of `epoch`. Otherwise the average of the weights at the ends of
    /// epochs averaged_from to `epoch` (TrainerOptions::average_from_epoch), validated after training.
    size_t averaged_from = 0;
    double train_loss = 0.0;
    double validation_loss = 0.0;
    double validation_hit_ratio = 0.0; ///< top-1, replicate protocol
    double validation_analog_tanimoto = 0.0; ///< ValidationScores::analog_tanimoto
    double views_per_second = 0.0;     ///< training views (two per sample) per second of training steps
    double elapsed_seconds = 0.0;      ///< since the run started, resumed sessions included
    double remaining_seconds = 0.0;    ///< estimate for the epochs left, should none stop early
    double learning_rate = 0.0;        ///< the rate of the epoch's last update
    bool best = false;                 ///< this epoch's weights are the best so far (an average: always, it is kept)

    /// "8", or "3-8" for an average.
    std::string label() const;

    static std::string tsvHeader();
    std::string tsvRow() const;

    nlohmann::json toJson() const;
    static EpochReport fromJson(const nlohmann::json& json);
  };
}
