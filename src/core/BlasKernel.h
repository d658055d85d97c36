#pragma once
// Which OpenBLAS kernel LibTorch's matrix products run on, and why. OpenBLAS picks its kernel by the CPU
// model and takes virtual CPUs that hide their model (cloud VMs, e.g. "Intel(R) Xeon(R) Processor" with
// AVX-512) for old ones such as Prescott, which makes every matrix product about 5x slower. The tools
// check the kernel against the CPU's instruction sets and switch it in-process when it is weaker.
#include <string>

namespace SpecEmbedding
{
  /// The vector instruction sets that OpenBLAS's x86-64 kernels use.
  struct CpuVectorUnits
  {
    bool avx512 = false; ///< AVX-512 F, BW, VL, DQ and CD (Skylake-X and later)
    bool avx2 = false;   ///< AVX2 and FMA (Haswell and later, Zen)
    bool avx = false;
    bool avx512_bf16 = false; ///< bfloat16 dot products (Cooper Lake, Sapphire Rapids, Zen 4)

    /// This CPU's.
    static CpuVectorUnits detect();
    /// "AVX-512", "AVX2", "AVX" or "no AVX".
    std::string describe() const;
  };

  /// The vector generation an OpenBLAS core (as openblas_get_corename() or OPENBLAS_CORETYPE name it,
  /// any case) is built for: 3 AVX-512, 2 AVX2, 1 AVX, 0 older or unknown.
  int openBlasCoreLevel(const std::string& core);

  /// The OpenBLAS core (an OPENBLAS_CORETYPE name) of the best kernel these instruction sets run: SkylakeX,
  /// Haswell or Sandybridge; empty without AVX.
  std::string bestOpenBlasCore(const CpuVectorUnits& cpu);

  struct BlasKernelDecision
  {
    std::string switch_to; ///< the OpenBLAS core to switch to; empty to keep the current one
    std::string message;   ///< what was found and done, for the log
  };

  /// What to do, given OpenBLAS's core (empty when the BLAS in use is not OpenBLAS), the user's
  /// OPENBLAS_CORETYPE (empty when unset; it is kept) and the CPU's instruction sets.
  BlasKernelDecision decideBlasKernel(const std::string& openblas_core, const std::string& user_coretype, const CpuVectorUnits& cpu);

  /// OpenBLAS's current core, or empty when the BLAS in this process is not OpenBLAS.
  std::string currentOpenBlasCore();

  /// Switches OpenBLAS to core in this process (before any matrix product is under way); returns whether
  /// OpenBLAS now reports that core.
  bool switchOpenBlasCore(const std::string& core);

  /// Decides for this process and switches when that is the decision; returns the message for the log.
  std::string configureBlasKernel();
}
