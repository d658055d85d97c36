#pragma once
// Training as an OpenMS algorithm: the trainer's settings as parameters (DefaultParamHandler), with
// OpenMS progress and logging around the core Trainer.
#include "core/train/Trainer.h"

#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/DefaultParamHandler.h>

namespace OpenMS
{
  class SpecEmbeddingTraining : public DefaultParamHandler, public ProgressLogger
  {
  public:
    SpecEmbeddingTraining();

    /// The settings, validated (ParameterError); paths (log, checkpoint) and resume are the caller's to fill in.
    SpecEmbedding::TrainerOptions trainerOptions() const;

    /// Trains encoder in place, logging every epoch (loss, validation hit ratio, views/s, time left).
    /// With an epoch_model_prefix, every epoch's weights are also written as <prefix>.epoch<N>.model (by
    /// rank 0 of a group).
    SpecEmbedding::TrainingOutcome train(const SpecEmbedding::TrainerOptions& options, const std::vector<SpecEmbedding::Spectrum>& training,
                                      const std::vector<SpecEmbedding::Spectrum>* validation, SpecEmbedding::SpectrumEncoder& encoder,
                                      const String& epoch_model_prefix = "",
                                      std::shared_ptr<const SpecEmbedding::TrainingGroup> group = nullptr) const;

  protected:
    void updateMembers_() override;

  private:
    SpecEmbedding::TrainerOptions options_; ///< the parameters, as of the last update
  };
}
