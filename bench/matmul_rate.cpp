// The matrix-product rate LibTorch reaches on this machine, per GEMM path, for the shapes the
// reference-size encoder multiplies: [tokens x 512] x [512 x 512] and [tokens x 512] x [512 x 1536]
// (attention in-projection), with tokens = 64 spectra of 36 tokens. Paths: OpenBLAS with the core it
// chose itself, with each x86-64 core this CPU runs forced (the in-process switch the tools make), and
// oneDNN's linear layer on to_mkldnn tensors, and bfloat16 products (what -precision bf16 runs).
// Usage: matmul_rate THREADS
#include "core/BlasKernel.h"
#include "core/model/Precision.h"

#include <ATen/Context.h>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

namespace
{
  void report(const std::string& path, int threads, const std::function<void(const torch::Tensor&, const torch::Tensor&)>& product,
              torch::ScalarType type = torch::kFloat32)
  {
    const int64_t tokens = 64 * 36;
    for (const int64_t out : {512, 1536})
    {
      const auto a = torch::randn({tokens, 512}).to(type);
      const auto b = torch::randn({512, out}).to(type);
      for (int i = 0; i < 3; ++i) product(a, b); // warm-up
      const int repeats = 50;
      const auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < repeats; ++i) product(a, b);
      const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
      const double gflops = 2.0 * tokens * 512 * out * repeats / seconds.count() / 1e9;
      std::printf("%-34s matmul [%lld x 512] x [512 x %lld], %d threads: %.1f GFLOP/s\n", path.c_str(), static_cast<long long>(tokens),
                  static_cast<long long>(out), threads, gflops);
    }
  }
}

int main(int argc, char** argv)
{
  const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  torch::set_num_threads(threads);
  torch::InferenceMode inference;
  const auto mm = [](const torch::Tensor& a, const torch::Tensor& b) { torch::mm(a, b); };
  const auto detected = SpecEmbedding::currentOpenBlasCore();
  std::printf("CPU: %s; %s\n", SpecEmbedding::CpuVectorUnits::detect().describe().c_str(),
              SpecEmbedding::decideBlasKernel(detected, std::getenv("OPENBLAS_CORETYPE") ? std::getenv("OPENBLAS_CORETYPE") : "",
                                              SpecEmbedding::CpuVectorUnits::detect()).message.c_str());
  report("OpenBLAS " + (detected.empty() ? std::string("(not in use)") : detected) + " (as loaded)", threads, mm);
  if (!detected.empty())
  {
    const auto cpu = SpecEmbedding::CpuVectorUnits::detect();
    for (const std::string core : {"Prescott", "Sandybridge", "Haswell", "SkylakeX"})
    {
      if (SpecEmbedding::openBlasCoreLevel(core) > SpecEmbedding::openBlasCoreLevel(SpecEmbedding::bestOpenBlasCore(cpu))) continue;
      if (SpecEmbedding::switchOpenBlasCore(core)) report("OpenBLAS " + core + " (switched)", threads, mm);
    }
  }
  if (at::hasMKLDNN())
  {
    report("oneDNN linear (to_mkldnn)", threads, [](const torch::Tensor& a, const torch::Tensor& b) {
      at::mkldnn_linear(a.to_mkldnn(), b.t().contiguous().to_mkldnn(), {});
    });
    std::printf("-precision bf16 runs %s\n", SpecEmbedding::decidePrecision(SpecEmbedding::Precision::BFloat16).message.c_str());
    report("bfloat16 matmul", threads, mm, torch::kBFloat16);
  }
  return 0;
}
