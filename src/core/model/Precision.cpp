#include "Precision.h"

#include "../Errors.h"

#include <ATen/Context.h>

namespace SpecEmbedding
{
  PrecisionDecision decidePrecision(Precision requested, const CpuVectorUnits& cpu, bool onednn)
  {
    if (requested == Precision::Float32) return {Precision::Float32, "fp32"};
    if (!onednn) return {Precision::Float32, "fp32: bf16 was asked, but this LibTorch has no oneDNN, whose bfloat16 products make it fast"};
    if (!cpu.avx512_bf16)
    {
      return {Precision::Float32, "fp32: bf16 was asked, but this CPU lacks AVX512_BF16, without which bfloat16 products are no faster"};
    }
    return {Precision::BFloat16, "bf16: bfloat16 matrix products (oneDNN, AVX512_BF16), everything else float32"};
  }

  PrecisionDecision decidePrecision(Precision requested)
  {
    return decidePrecision(requested, CpuVectorUnits::detect(), at::hasMKLDNN() && at::globalContext().userEnabledMkldnn());
  }

  PrecisionScope::PrecisionScope(Precision precision) : was_enabled_(at::autocast::is_cpu_enabled()), was_type_(at::autocast::get_autocast_cpu_dtype())
  {
    // As torch.autocast's __enter__: the nesting count decides when the cast weights are dropped.
    at::autocast::increment_nesting();
    at::autocast::set_cpu_enabled(precision == Precision::BFloat16);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
  }

  PrecisionScope::~PrecisionScope()
  {
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_cpu_enabled(was_enabled_);
    at::autocast::set_autocast_cpu_dtype(was_type_);
  }
}
