#include "BlasKernel.h"

#include <dlfcn.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace SpecEmbedding
{
  namespace
  {
    std::string lower(std::string text)
    {
      std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
      return text;
    }

    template <class Function>
    Function* openBlasFunction(const char* name)
    {
      return reinterpret_cast<Function*>(dlsym(RTLD_DEFAULT, name));
    }
  }

  CpuVectorUnits CpuVectorUnits::detect()
  {
    CpuVectorUnits cpu;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    cpu.avx = __builtin_cpu_supports("avx");
    cpu.avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    cpu.avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
                 __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512cd");
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0; // leaf 7, subleaf 1: EAX bit 5 is AVX512_BF16
    cpu.avx512_bf16 = cpu.avx512 && __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) && (eax & (1u << 5));
#endif
    return cpu;
  }

  std::string CpuVectorUnits::describe() const
  {
    return avx512 ? "AVX-512" : avx2 ? "AVX2" : avx ? "AVX" : "no AVX";
  }

  int openBlasCoreLevel(const std::string& core)
  {
    const auto name = lower(core);
    if (name == "skylakex" || name == "cooperlake" || name == "sapphirerapids") return 3;
    if (name == "haswell" || name == "zen" || name == "excavator") return 2;
    if (name == "sandybridge" || name == "bulldozer" || name == "piledriver" || name == "steamroller") return 1;
    return 0;
  }

  std::string bestOpenBlasCore(const CpuVectorUnits& cpu)
  {
    if (cpu.avx512) return "SkylakeX";
    if (cpu.avx2) return "Haswell";
    if (cpu.avx) return "Sandybridge";
    return {};
  }

  BlasKernelDecision decideBlasKernel(const std::string& openblas_core, const std::string& user_coretype, const CpuVectorUnits& cpu)
  {
    if (openblas_core.empty()) return {{}, "BLAS is not OpenBLAS: matrix products use it as it is"};
    const std::string found = "OpenBLAS core " + openblas_core + " on a CPU with " + cpu.describe();
    if (!user_coretype.empty()) return {{}, found + ": kept, as OPENBLAS_CORETYPE=" + user_coretype + " asks"};
    const auto best = bestOpenBlasCore(cpu);
    if (!best.empty() && openBlasCoreLevel(openblas_core) < openBlasCoreLevel(best))
    {
      return {best, found + ": using OpenBLAS core " + best + " instead, which the CPU runs (OpenBLAS took it for an older model)"};
    }
    return {{}, found + ": using it"};
  }

  std::string currentOpenBlasCore()
  {
    auto* corename = openBlasFunction<char*()>("openblas_get_corename");
    return corename ? std::string(corename()) : std::string();
  }

  bool switchOpenBlasCore(const std::string& core)
  {
    // OpenBLAS (DYNAMIC_ARCH builds) chooses its kernel table at load time, from OPENBLAS_CORETYPE when
    // set; quitting and re-running that choice makes it read the variable again.
    auto* quit = openBlasFunction<void()>("gotoblas_dynamic_quit");
    auto* init = openBlasFunction<void()>("gotoblas_dynamic_init");
    if (!quit || !init) return false;
    setenv("OPENBLAS_CORETYPE", core.c_str(), 1);
    quit();
    init();
    return lower(currentOpenBlasCore()) == lower(core);
  }

  std::string configureBlasKernel()
  {
    const char* user = std::getenv("OPENBLAS_CORETYPE");
    const auto decision = decideBlasKernel(currentOpenBlasCore(), user ? user : "", CpuVectorUnits::detect());
    if (decision.switch_to.empty()) return decision.message;
    if (switchOpenBlasCore(decision.switch_to)) return decision.message;
    return decision.message + " failed; the OpenBLAS core stays " + currentOpenBlasCore();
  }
}
