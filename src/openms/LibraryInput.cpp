#include "LibraryInput.h"

#include "SpectrumInput.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/SYSTEM/File.h>

namespace OpenMS
{
  bool isEmbeddingLibraryFile(const String& filename)
  {
    return String(File::basename(filename)).toLower().hasSuffix(String(".") + kEmbeddingLibraryExtension);
  }

  SpecEmbedding::EmbeddingLibrary loadLibraryInput(const String& filename, SpecEmbedding::LoadedModel& model,
                                                   SpecEmbedding::InvalidSpectrumPolicy policy, int batch_size,
                                                   ProgressLogger::LogType log_type)
  {
    if (isEmbeddingLibraryFile(filename))
    {
      auto library = SpecEmbedding::EmbeddingLibrary::load(filename);
      library.requireModel(model.weights_sha256, filename);
      OPENMS_LOG_INFO << "Loaded the embedding library '" << filename << "': " << library.size() << " spectra." << std::endl;
      return library;
    }
    const SpecEmbedding::Tokenizer tokenizer(static_cast<int>(model.encoder->config().max_len));
    const auto input = loadSpectrumInput(filename, tokenizer, policy);
    const auto embeddings = embedWithProgress(model.encoder, input.tokenized.tokens, batch_size, log_type, "embedding the library");
    return SpecEmbedding::EmbeddingLibrary::build(input.usableSpectra(), embeddings, model.weights_sha256);
  }
}
