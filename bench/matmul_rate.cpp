// The matrix-product rate LibTorch reaches on this machine, for the shapes the reference-size encoder
// multiplies: [tokens x 512] x [512 x 512] and [tokens x 512] x [512 x 1536] (attention in-projection),
// with tokens = 64 spectra of 36 tokens. Usage: matmul_rate THREADS
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv)
{
  const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  torch::set_num_threads(threads);
  torch::InferenceMode inference;
  const int64_t tokens = 64 * 36;
  for (const int64_t out : {512, 1536})
  {
    const auto a = torch::randn({tokens, 512});
    const auto b = torch::randn({512, out});
    for (int i = 0; i < 3; ++i) torch::mm(a, b); // warm-up
    const int repeats = 50;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < repeats; ++i) torch::mm(a, b);
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    const double gflops = 2.0 * tokens * 512 * out * repeats / seconds.count() / 1e9;
    std::printf("matmul [%lld x 512] x [512 x %lld], %d threads: %.1f GFLOP/s\n", static_cast<long long>(tokens),
                static_cast<long long>(out), threads, gflops);
  }
  return 0;
}
