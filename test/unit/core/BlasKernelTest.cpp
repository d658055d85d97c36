#include "core/BlasKernel.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

using namespace SpecEmbedding;

namespace
{
  CpuVectorUnits cpu(bool avx512, bool avx2, bool avx)
  {
    CpuVectorUnits units;
    units.avx512 = avx512;
    units.avx2 = avx2;
    units.avx = avx;
    return units;
  }
}

TEST(BlasKernel, AMisdetectedCoreIsReplacedByTheBestTheCpuRuns)
{
  const auto decision = decideBlasKernel("Prescott", "", cpu(true, true, true));
  EXPECT_EQ(decision.switch_to, "SkylakeX");
  EXPECT_EQ(decision.message, "OpenBLAS core Prescott on a CPU with AVX-512: using OpenBLAS core SkylakeX instead, which the CPU runs "
                              "(OpenBLAS took it for an older model)");
  EXPECT_EQ(decideBlasKernel("Sandybridge", "", cpu(false, true, true)).switch_to, "Haswell");
  EXPECT_EQ(decideBlasKernel("Core2", "", cpu(false, false, true)).switch_to, "Sandybridge");
}

TEST(BlasKernel, ARightCoreTheUsersChoiceAndOtherBlasAreKept)
{
  EXPECT_EQ(decideBlasKernel("SkylakeX", "", cpu(true, true, true)).switch_to, "");
  EXPECT_EQ(decideBlasKernel("Cooperlake", "", cpu(true, true, true)).switch_to, "") << "as good as SkylakeX";
  EXPECT_EQ(decideBlasKernel("Zen", "", cpu(false, true, true)).switch_to, "");
  EXPECT_EQ(decideBlasKernel("Prescott", "", cpu(false, false, false)).switch_to, "") << "nothing better to run";
  const auto chosen = decideBlasKernel("Prescott", "Prescott", cpu(true, true, true));
  EXPECT_EQ(chosen.switch_to, "");
  EXPECT_EQ(chosen.message, "OpenBLAS core Prescott on a CPU with AVX-512: kept, as OPENBLAS_CORETYPE=Prescott asks");
  EXPECT_EQ(decideBlasKernel("", "", cpu(true, true, true)).message, "BLAS is not OpenBLAS: matrix products use it as it is");
}

TEST(BlasKernel, CoreLevelsIgnoreCase)
{
  EXPECT_EQ(openBlasCoreLevel("skylakex"), 3);
  EXPECT_EQ(openBlasCoreLevel("HASWELL"), 2);
  EXPECT_EQ(openBlasCoreLevel("Sandybridge"), 1);
  EXPECT_EQ(openBlasCoreLevel("Prescott"), 0);
  EXPECT_EQ(bestOpenBlasCore(cpu(false, false, false)), "");
}

TEST(BlasKernel, SwitchingTheOpenBlasCoreInProcessKeepsProductsRight)
{
  if (currentOpenBlasCore().empty()) GTEST_SKIP() << "the BLAS of this process is not OpenBLAS";
  const auto a = torch::randn({300, 200}, torch::kFloat64), b = torch::randn({200, 100}, torch::kFloat64);
  const auto reference = torch::mm(a, b);
  ASSERT_TRUE(switchOpenBlasCore("Prescott"));
  EXPECT_EQ(currentOpenBlasCore(), "Prescott");
  EXPECT_TRUE(torch::allclose(torch::mm(a, b), reference));
  const auto best = bestOpenBlasCore(CpuVectorUnits::detect());
  if (best.empty()) return;
  ASSERT_TRUE(switchOpenBlasCore(best));
  EXPECT_TRUE(torch::allclose(torch::mm(a, b), reference));
}
