#pragma once
// The reference library for a search: a persisted embedding library, or a spectral library
// (MSP, MGF, mzML) embedded on the fly with the search's model.
#include "core/io/ModelFile.h"
#include "core/search/EmbeddingLibrary.h"
#include "core/SpectrumValidation.h"

#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/String.h>

namespace OpenMS
{
  /// File extension of persisted embedding libraries (written with -out_library).
  constexpr const char* kEmbeddingLibraryExtension = "selib";

  bool isEmbeddingLibraryFile(const String& filename);

  /// Loads (and checks the model of) a persisted library, or reads, embeds and builds one.
  SpecEmbedding::EmbeddingLibrary loadLibraryInput(const String& filename, SpecEmbedding::LoadedModel& model,
                                                   SpecEmbedding::InvalidSpectrumPolicy policy, int batch_size,
                                                   ProgressLogger::LogType log_type);
}
