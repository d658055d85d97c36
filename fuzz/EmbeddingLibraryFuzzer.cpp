// libFuzzer target: persisted embedding libraries (EmbeddingLibrary::load, memory-mapped, structure checked).
// A library that loads hands out every entry's text fields and peaks, which its offsets index, its
// embeddings, and its approximate index's lists. Documented error: InputError.
#include "FuzzInput.h"
#include "core/Errors.h"
#include "core/search/EmbeddingLibrary.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto& path = SpecEmbeddingFuzz::writeInput(data, size, ".selib");
  try
  {
    const auto library = SpecEmbedding::EmbeddingLibrary::load(path);
    for (size_t i = 0; i < library.size(); ++i)
    {
      library.peaks(i);
      library.entry(i);
    }
    library.embeddingRows(0, static_cast<int64_t>(library.size()));
    const auto& index = library.approximateIndex();
    for (int64_t list = 0; !index.empty() && list < index.lists(); ++list) index.rowsOf(list);
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
