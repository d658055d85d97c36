// libFuzzer target: persisted embedding libraries (EmbeddingLibrary::load). A library that loads hands
// out every entry's peaks, which its offsets index. Documented error: InputError.
#include "FuzzInput.h"
#include "core/Errors.h"
#include "core/search/EmbeddingLibrary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto& path = SpecEmbeddingFuzz::writeInput(data, size, ".selib");
  try
  {
    const auto library = SpecEmbedding::EmbeddingLibrary::load(path);
    for (size_t i = 0; i < library.size(); ++i) library.peaks(i);
  }
  catch (const SpecEmbedding::InputError&)
  {
  }
  catch (const std::exception& error)
  {
    SpecEmbeddingFuzz::undocumentedError(error);
  }
  return 0;
}
