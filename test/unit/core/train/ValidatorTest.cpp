#include "core/train/Validator.h"
#include "core/search/MorganFingerprints.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  Compound compound(const std::string& key, const std::string& mode, const std::string& smiles, float fragment)
  {
    Compound compound;
    compound.key = key;
    compound.ion_mode = mode;
    compound.smiles = smiles;
    TokenSequence tokens;
    tokens.mz = {200.0f, fragment, fragment + 25.0f};
    tokens.intensity = {2.0f, 1.0f, 0.4f};
    compound.spectra = {tokens};
    return compound;
  }

  MorganFingerprints fingerprintsOf(const CompoundSet& set)
  {
    std::vector<std::string> smiles;
    for (const auto& compound : set.compounds) smiles.push_back(compound.smiles);
    return MorganFingerprints(smiles);
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
  SpectrumEncoder encoder(TestSupport::smallConfig(16, 2, 1));
  TrainerOptions options;
  options.loss = LossKind::SupCon;
  const TrainingObjective objective(options);
  const auto validation = replicatedCompounds(5);
  const CompoundSet training;
  const Validator validator(validation, training, 0, objective, nullptr, nullptr, 4, 7);
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
  EXPECT_FALSE(Validator(empty, empty, 100, objective, nullptr, nullptr, 4, 7).active());
}

TEST(TrainValidator, AnalogFigureIsTheTanimotoOfTheBestTrainingHitWithinTheIonMode)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "this build has no RDKit";
  torch::manual_seed(0);
  SpectrumEncoder encoder(TestSupport::smallConfig(16, 2, 1));
  TrainerOptions options;
  options.loss = LossKind::SupCon;
  const TrainingObjective objective(options);
  // Each validation compound's spectrum is a copy of one training spectrum of its own mode (cosine 1),
  // and the negative one also of a positive training spectrum, which the mode filter must pass over.
  CompoundSet validation, training;
  validation.compounds = {compound("VALIDATIONAAAA", "positive", "CCO", 50.0f), compound("VALIDATIONBBBB", "negative", "c1ccccc1O", 90.0f)};
  training.compounds = {compound("TRAININGAAAAAA", "positive", "CCCO", 50.0f), compound("TRAININGBBBBBB", "positive", "CCCCCC", 90.0f),
                        compound("TRAININGCCCCCC", "negative", "Cc1ccccc1O", 90.0f), compound("TRAININGDDDDDD", "negative", "CCN", 130.0f)};
  const auto validation_fingerprints = fingerprintsOf(validation);
  const auto training_fingerprints = fingerprintsOf(training);
  const Validator validator(validation, training, 100, objective, &validation_fingerprints, &training_fingerprints, 4, 7);
  const double expected = (validation_fingerprints.tanimoto(0, training_fingerprints, 0) + validation_fingerprints.tanimoto(1, training_fingerprints, 2)) / 2;
  EXPECT_GT(expected, 0.0);
  EXPECT_NEAR(validator(*encoder).analog_tanimoto, expected, 1e-9);
  EXPECT_TRUE(std::isnan(Validator(validation, training, 0, objective, &validation_fingerprints, &training_fingerprints, 4, 7)(*encoder).analog_tanimoto))
    << "without distractors there is no analog figure";
}
