#pragma once
// The number format of the encoder's matrix products. On CPUs with AVX512_BF16, oneDNN multiplies
// bfloat16 matrices about twice as fast as float32 ones; the embeddings then differ slightly (measured by
// bench/pytorch_side_by_side.sh and bench/bf16_accuracy.sh), so bfloat16 is the user's choice (-precision bf16).
#include "../BlasKernel.h"
#include "../Words.h"

#include <ATen/autocast_mode.h>

#include <string>

namespace SpecEmbedding
{
  enum class Precision
  {
    Float32,
    BFloat16
  };

  template <>
  struct EnumWords<Precision>
  {
    static constexpr const char* what = "precision";
    static constexpr std::pair<Precision, const char*> words[] = {{Precision::Float32, "fp32"}, {Precision::BFloat16, "bf16"}};
  };

  struct PrecisionDecision
  {
    Precision use = Precision::Float32;
    std::string message; ///< what was asked, found and chosen, for the log
  };

  /// The precision to run when `requested` is asked on a CPU with these instruction sets, with or without
  /// oneDNN in LibTorch: bfloat16 only where it is faster (AVX512_BF16 and oneDNN); else float32.
  PrecisionDecision decidePrecision(Precision requested, const CpuVectorUnits& cpu, bool onednn);

  /// decidePrecision() for this CPU and LibTorch.
  PrecisionDecision decidePrecision(Precision requested);

  /// Runs the matrix products of its scope (linear layers, attention) in `precision`, through LibTorch's
  /// CPU autocast; other operations keep float32. A Float32 scope inside a BFloat16 one returns to float32.
  /// Weights are cast once per outermost scope, so wrap a whole pass over many batches in one.
  class PrecisionScope
  {
  public:
    explicit PrecisionScope(Precision precision);
    ~PrecisionScope();
    PrecisionScope(const PrecisionScope&) = delete;
    PrecisionScope& operator=(const PrecisionScope&) = delete;

  private:
    bool was_enabled_;
    at::ScalarType was_type_;
  };
}
