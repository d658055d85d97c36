// bfloat16 matrix products (Precision): when they are chosen, what runs in them, and how close the
// embeddings stay to float32's.
#include "core/Errors.h"
#include "core/model/Precision.h"
#include "core/model/SpectrumEncoder.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

namespace
{
  CpuVectorUnits cpu(bool avx512, bool avx512_bf16)
  {
    CpuVectorUnits units;
    units.avx = units.avx2 = true;
    units.avx512 = avx512;
    units.avx512_bf16 = avx512_bf16;
    return units;
  }

  std::vector<TokenSequence> spectra()
  {
    TokenSequence a, b, c;
    a.mz = {300.1f, 91.05f, 120.2f, 150.3f, 201.7f};
    a.intensity = {2.0f, 1.0f, 0.5f, 0.25f, 0.8f};
    b.mz = {250.2f, 77.0f, 105.1f};
    b.intensity = {2.0f, 0.4f, 1.0f};
    c.mz = {1210.6f, 1001.37f, 1100.2f};
    c.intensity = {2.0f, 1.0f, 0.3f};
    return {a, b, c};
  }

  double smallestCosine(const torch::Tensor& a, const torch::Tensor& b)
  {
    namespace F = torch::nn::functional;
    return F::cosine_similarity(a, b, F::CosineSimilarityFuncOptions().dim(1)).min().item<double>();
  }
}

TEST(Precision, Bfloat16OnlyWhereItIsFaster)
{
  EXPECT_EQ(decidePrecision(Precision::BFloat16, cpu(true, true), true).use, Precision::BFloat16);
  const auto without_bf16 = decidePrecision(Precision::BFloat16, cpu(true, false), true);
  EXPECT_EQ(without_bf16.use, Precision::Float32);
  EXPECT_NE(without_bf16.message.find("AVX512_BF16"), std::string::npos) << without_bf16.message;
  const auto without_onednn = decidePrecision(Precision::BFloat16, cpu(true, true), false);
  EXPECT_EQ(without_onednn.use, Precision::Float32);
  EXPECT_NE(without_onednn.message.find("oneDNN"), std::string::npos) << without_onednn.message;
  EXPECT_EQ(decidePrecision(Precision::Float32, cpu(true, true), true).use, Precision::Float32);
}

TEST(Precision, NamesRoundTripAndOthersAreRefused)
{
  EXPECT_EQ(fromWord<Precision>(toString(Precision::BFloat16)), Precision::BFloat16);
  EXPECT_EQ(fromWord<Precision>(toString(Precision::Float32)), Precision::Float32);
  EXPECT_THROW(fromWord<Precision>("fp16"), ParameterError);
}

TEST(Precision, ScopesNestAndRestoreFloat32)
{
  const auto a = torch::rand({8, 8}), b = torch::rand({8, 8});
  {
    PrecisionScope bfloat16(Precision::BFloat16);
    EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kBFloat16);
    {
      PrecisionScope float32(Precision::Float32);
      EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kFloat32);
    }
    EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kBFloat16);
  }
  EXPECT_EQ(torch::mm(a, b).scalar_type(), torch::kFloat32);
}

TEST(Precision, Bfloat16EmbeddingsAreFloat32AndCloseToFloat32s)
{
  torch::manual_seed(5);
  SpectrumEncoder encoder(TestSupport::smallConfig(64, 4));
  const auto float32 = encoder->embed(spectra());
  encoder->setPrecision(Precision::BFloat16);
  const auto bfloat16 = encoder->embed(spectra());
  EXPECT_EQ(bfloat16.scalar_type(), torch::kFloat32);
  EXPECT_GT(smallestCosine(float32, bfloat16), 0.99);
  EXPECT_GT((float32 - bfloat16).abs().max().item<double>(), 0.0) << "the products ran in bfloat16";
  encoder->setPrecision(Precision::Float32);
  EXPECT_TRUE(torch::equal(encoder->embed(spectra()), float32));
}

TEST(Precision, MzPhasesStayFloat32)
{
  // bfloat16 resolves 1001.37 only to 4 Da: a phase computed in it could not tell 0.02 Da apart.
  torch::manual_seed(5);
  SpectrumEncoder encoder(TestSupport::smallConfig(64, 4));
  encoder->setPrecision(Precision::BFloat16);
  auto shifted = spectra();
  shifted[2].mz[1] += 0.02f;
  const auto original = encoder->embed(spectra()), moved = encoder->embed(shifted);
  EXPECT_GT((original[2] - moved[2]).abs().max().item<double>(), 1e-3);
  EXPECT_TRUE(torch::equal(original[0], moved[0]));
}

TEST(Precision, Bfloat16TrainingGetsFloat32Gradients)
{
  torch::manual_seed(5);
  SpectrumEncoder encoder(TestSupport::smallConfig(64, 4));
  encoder->setPrecision(Precision::BFloat16);
  encoder->train();
  const auto sequences = spectra();
  std::vector<const TokenSequence*> members;
  for (const auto& sequence : sequences) members.push_back(&sequence);
  encoder->forward(members).pow(2).sum().backward();
  for (const auto& parameter : encoder->parameters())
  {
    if (!parameter.requires_grad()) continue;
    ASSERT_TRUE(parameter.grad().defined());
    EXPECT_EQ(parameter.grad().scalar_type(), torch::kFloat32);
    EXPECT_TRUE(parameter.grad().isfinite().all().item<bool>());
  }
}
