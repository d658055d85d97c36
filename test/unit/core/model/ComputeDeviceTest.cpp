// -device (ComputeDevice): which names are devices, the refusal of CUDA where LibTorch has none, and, on a
// machine with a CUDA GPU, a training step there that matches the CPU's.
#include "core/Errors.h"
#include "core/model/ComputeDevice.h"
#include "core/model/SpectrumEncoder.h"
#include "core/train/TrainerOptions.h"
#include "core/train/TrainingObjective.h"
#include "core/train/ViewEmbedding.h"
#include "support/TestSupport.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

namespace
{
  /// Without dropout, so that the two devices compute the same.
  ModelConfig deterministicConfig()
  {
    auto config = TestSupport::smallConfig();
    config.dropout = 0.0;
    return config;
  }

  /// Two views of each of three compounds.
  std::vector<TokenSequence> views()
  {
    std::vector<TokenSequence> all;
    for (int compound = 0; compound < 3; ++compound)
    {
      for (int view = 0; view < 2; ++view)
      {
        TokenSequence sequence;
        sequence.mz = {300.1f + 50.0f * compound, 91.05f + compound + 0.01f * view, 120.2f, 150.3f - compound};
        sequence.intensity = {2.0f, 1.0f, 0.5f - 0.1f * view, 0.25f};
        all.push_back(sequence);
      }
    }
    return all;
  }
}

TEST(ComputeDevice, NamesTheCpuAndRefusesOtherNames)
{
  EXPECT_EQ(computeDevice("cpu"), torch::Device(torch::kCPU));
  EXPECT_THROW(computeDevice("tpu"), ParameterError);
  EXPECT_THROW(computeDevice("gpu"), ParameterError);
  SpectrumEncoder encoder(deterministicConfig());
  EXPECT_EQ(deviceOf(*encoder), torch::Device(torch::kCPU));
}

TEST(ComputeDevice, CudaOnlyWhereLibTorchSeesAGpu)
{
  if (torch::cuda::is_available())
  {
    EXPECT_TRUE(computeDevice("cuda").is_cuda());
    EXPECT_THROW(computeDevice("cuda:" + std::to_string(torch::cuda::device_count())), ParameterError);
  }
  else
  {
    try
    {
      computeDevice("cuda");
      FAIL() << "cuda was accepted without a GPU";
    }
    catch (const ParameterError& error)
    {
      EXPECT_NE(std::string(error.what()).find("no CUDA"), std::string::npos) << error.what();
    }
  }
}

TEST(ComputeDevice, ATrainingStepOnTheGpuMatchesTheCpu)
{
  if (!torch::cuda::is_available()) GTEST_SKIP() << "no CUDA GPU here";
  TrainerOptions options;
  options.loss = LossKind::SupCon;
  const TrainingObjective objective(options, 0);
  const std::vector<size_t> compounds = {0, 1, 2};
  std::map<std::string, torch::Tensor> gradients[2];
  torch::Tensor embeddings[2];
  for (int gpu = 0; gpu < 2; ++gpu)
  {
    torch::manual_seed(7);
    SpectrumEncoder encoder(deterministicConfig());
    encoder->to(gpu ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU));
    encoder->train();
    const auto features = embedViews(*encoder, views()).view({3, 2, -1});
    EXPECT_EQ(features.device().is_cuda(), gpu == 1);
    objective(features, compounds, nullptr).backward();
    for (const auto& item : encoder->named_parameters()) gradients[gpu][item.key()] = item.value().grad().cpu();
    embeddings[gpu] = encoder->embed(views());
    EXPECT_TRUE(embeddings[gpu].device().is_cpu());
  }
  EXPECT_TRUE(torch::allclose(embeddings[0], embeddings[1], 1e-3, 1e-4));
  for (const auto& [name, gradient] : gradients[0]) EXPECT_TRUE(torch::allclose(gradient, gradients[1].at(name), 1e-2, 1e-4)) << name;
}
