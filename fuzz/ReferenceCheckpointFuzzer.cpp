// libFuzzer target: checkpoints of the reference PyTorch code (readReferenceCheckpoint, our own
// unpickler). Documented error: ModelError.
#include "FuzzInput.h"
#include "core/Errors.h"
#include "core/io/ReferenceCheckpoint.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto& path = SpecEmbeddingFuzz::writeInput(data, size, ".ckpt");
  try
  {
    SpecEmbedding::readReferenceCheckpoint(path);
  }
  catch (const SpecEmbedding::ModelError&)
  {
  }
  catch (const std::exception& error)
  {
    SpecEmbeddingFuzz::undocumentedError(error);
  }
  return 0;
}
