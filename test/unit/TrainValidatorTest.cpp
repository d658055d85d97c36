#include "core/train/Validator.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  ModelConfig tinyConfig()
  {
    ModelConfig config;
    config.embedding_dim = 16;
    config.n_head = 2;
    config.n_layer = 1;
    config.dim_feedforward = 16;
    config.dim_target = 8;
    return config;
  }

  /// Compounds whose spectra are exact copies of one another, so that every replicate query finds its
  /// twin at cosine 1 whatever the weights.
  CompoundSet replicatedCompounds(size_t n)
  {
    CompoundSet set;
    for (size_t c = 0; c < n; ++c)
    {
      Compound compound;
      compound.key = "KEY" + std::to_string(c);
      TokenSequence tokens;
      tokens.mz = {static_cast<float>(100 + 37 * c), static_cast<float>(40 + 11 * c), static_cast<float>(60 + 7 * c)};
      tokens.intensity = {2.0f, 1.0f, 0.3f};
      compound.spectra = {tokens, tokens};
      set.compounds.push_back(compound);
    }
    return set;
  }
}

TEST(TrainValidator, ScoresTheObjectiveAndTheReplicateSearchReproducibly)
{
  torch::manual_seed(0);
  SpectrumEncoder encoder(tinyConfig());
  TrainerOptions options;
  options.loss = LossKind::SupCon;
  const TrainingObjective objective(options);
  const auto validation = replicatedCompounds(5);
  const CompoundSet training;
  const Validator validator(validation, training, 0, objective, nullptr, 4, 7);
  ASSERT_TRUE(validator.active());
  const auto scores = validator(*encoder);
  EXPECT_TRUE(std::isfinite(scores.loss));
  EXPECT_EQ(scores.hit_ratio, 1.0);
  const auto again = validator(*encoder);
  EXPECT_EQ(again.loss, scores.loss);
  EXPECT_TRUE(encoder->is_training()) << "validation leaves the module's mode as it was";
}

TEST(TrainValidator, WithoutCompoundsItIsInactive)
{
  TrainerOptions options;
  options.loss = LossKind::SupCon;
  const TrainingObjective objective(options);
  const CompoundSet empty;
  EXPECT_FALSE(Validator(empty, empty, 100, objective, nullptr, 4, 7).active());
}
