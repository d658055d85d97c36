// The structure head (ModelConfig::structure_dim): what the encoder outputs with it, and which head each
// term of the training objective trains.
#include "core/Errors.h"
#include "core/io/ModelFile.h"
#include "core/model/SpectrumEncoder.h"
#include "core/train/TrainingObjective.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  ModelConfig smallConfig(int64_t structure_dim, double structure_weight = 0.5)
  {
    auto config = TestSupport::smallConfig(16, 2, 1);
    config.structure_dim = structure_dim;
    config.structure_weight = structure_weight;
    return config;
  }

  std::vector<TokenSequence> twoSpectra()
  {
    TokenSequence a, b;
    a.mz = {300.1f, 91.05f, 120.2f, 150.3f};
    a.intensity = {2.0f, 1.0f, 0.5f, 0.25f};
    b.mz = {250.2f, 77.0f, 105.1f};
    b.intensity = {2.0f, 0.4f, 1.0f};
    return {a, b};
  }
}

TEST(StructureHead, OutputsBothHeadsAsUnitVectorsScaledByTheMix)
{
  torch::manual_seed(3);
  SpectrumEncoder encoder(smallConfig(6, 0.3));
  const auto output = encoder->embed(twoSpectra());
  ASSERT_EQ(output.size(1), 8 + 6);
  const auto spectrum = encoder->spectrumPart(output), structure = encoder->structurePart(output);
  for (int64_t row = 0; row < 2; ++row)
  {
    EXPECT_NEAR(spectrum[row].norm().item<double>(), std::sqrt(0.7), 1e-5);
    EXPECT_NEAR(structure[row].norm().item<double>(), std::sqrt(0.3), 1e-5);
  }
  // The cosine of two outputs is the mixed score: 0.7 x spectrum cosine + 0.3 x structure cosine.
  namespace F = torch::nn::functional;
  const auto cosine = [](const torch::Tensor& a, const torch::Tensor& b) {
    return F::cosine_similarity(a.unsqueeze(0), b.unsqueeze(0), F::CosineSimilarityFuncOptions().dim(1)).item<double>();
  };
  EXPECT_NEAR(cosine(output[0], output[1]), 0.7 * cosine(spectrum[0], spectrum[1]) + 0.3 * cosine(structure[0], structure[1]), 1e-5);
}

TEST(StructureHead, WithoutItTheOutputIsThePublishedRawEmbedding)
{
  torch::manual_seed(3);
  SpectrumEncoder encoder(smallConfig(0));
  EXPECT_EQ(encoder->embed(twoSpectra()).size(1), 8);
  for (const auto& item : encoder->named_parameters()) EXPECT_EQ(item.key().find("structure"), std::string::npos) << item.key();
}

TEST(StructureHead, TheMixIsNotTrainedButCoveredByTheChecksum)
{
  torch::manual_seed(3);
  SpectrumEncoder a(smallConfig(6, 0.3));
  torch::manual_seed(3);
  SpectrumEncoder b(smallConfig(6, 0.6));
  EXPECT_NE(ModelFile::weightsChecksum(*a), ModelFile::weightsChecksum(*b));
  const auto mix = a->named_parameters()["structure_mix"];
  EXPECT_FALSE(mix.requires_grad());
}

TEST(StructureHead, SupConTrainsTheSpectrumHeadAndTheTanimotoTermTheStructureHead)
{
  if (!MorganFingerprints::available()) GTEST_SKIP() << "the Tanimoto term needs RDKit";
  // [2 compounds, 2 views, 3 spectrum + 2 structure columns]
  const auto features = torch::tensor({1.0f, 0.2f, 0.1f, 0.3f, 0.9f, 0.8f, 0.3f, 0.1f, 0.5f, 0.4f,
                                       0.1f, 0.9f, 0.4f, 0.7f, 0.2f, 0.2f, 0.8f, 0.3f, 0.6f, 0.6f}).view({2, 2, 5});
  MorganFingerprints fingerprints({"c1ccccc1O", "c1ccccc1N"});
  const std::vector<size_t> compounds = {0, 1};
  const auto gradient = [&](LossKind kind) {
    TrainerOptions options;
    options.loss = kind;
    const auto input = features.clone().requires_grad_(true);
    TrainingObjective(options, 2)(input, compounds, &fingerprints).backward();
    return input.grad();
  };
  const auto supcon = gradient(LossKind::SupCon);
  EXPECT_GT(supcon.narrow(-1, 0, 3).abs().sum().item<double>(), 0.0);
  EXPECT_EQ(supcon.narrow(-1, 3, 2).abs().sum().item<double>(), 0.0);
  const auto tanimoto = gradient(LossKind::Tanimoto);
  EXPECT_EQ(tanimoto.narrow(-1, 0, 3).abs().sum().item<double>(), 0.0);
  EXPECT_GT(tanimoto.narrow(-1, 3, 2).abs().sum().item<double>(), 0.0);
}

TEST(StructureHead, SettingTheWeightAfterTrainingEqualsBuildingWithIt)
{
  torch::manual_seed(3);
  SpectrumEncoder set(smallConfig(6, 0.3));
  torch::manual_seed(3);
  SpectrumEncoder built(smallConfig(6, 0.8));
  set->setStructureWeight(0.8);
  EXPECT_EQ(set->config().structure_weight, 0.8);
  EXPECT_EQ(ModelFile::weightsChecksum(*set), ModelFile::weightsChecksum(*built));
  EXPECT_TRUE(torch::allclose(set->embed(twoSpectra()), built->embed(twoSpectra())));
  EXPECT_THROW(set->setStructureWeight(1.0), ParameterError);
  SpectrumEncoder without(smallConfig(0));
  EXPECT_THROW(without->setStructureWeight(0.5), ParameterError);
}

TEST(StructureHead, ReadsTheFragmentsWithoutThePrecursor)
{
  // The same fragments under two precursor m/z: the structure embeddings agree, the spectrum embeddings do not.
  auto spectra = twoSpectra();
  spectra[1] = spectra[0];
  spectra[1].mz[0] = 420.7f;
  torch::manual_seed(3);
  SpectrumEncoder encoder(smallConfig(6, 0.5));
  const auto output = encoder->embed(spectra);
  EXPECT_TRUE(torch::allclose(encoder->structurePart(output)[0], encoder->structurePart(output)[1], 1e-5, 1e-6));
  EXPECT_FALSE(torch::allclose(encoder->spectrumPart(output)[0], encoder->spectrumPart(output)[1], 1e-3, 1e-4));
}

TEST(StructureHead, FragmentBatchesDropTheFirstTokenUnlessItIsTheOnlyOne)
{
  TokenSequence long_one, lone;
  long_one.mz = {300.0f, 91.0f, 120.0f};
  long_one.intensity = {2.0f, 1.0f, 0.5f};
  lone.mz = {250.0f};
  lone.intensity = {2.0f};
  const auto batch = TokenBatch::pack({&long_one, &lone}, 100, true);
  ASSERT_EQ(batch.mz.size(1), 3); // two fragments, then one padding position
  EXPECT_FLOAT_EQ(batch.mz[0][0].item<float>(), 91.0f);
  EXPECT_FLOAT_EQ(batch.mz[1][0].item<float>(), 250.0f);
  EXPECT_FLOAT_EQ(batch.pool_weight[0].sum().item<float>(), 100.0f);
  EXPECT_FLOAT_EQ(batch.pool_weight[1].sum().item<float>(), 100.0f);
  EXPECT_TRUE(batch.key_padding_mask[0][2].item<bool>());
}
