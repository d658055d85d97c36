#pragma once
// How a spectral library becomes an embedding library: the precision of its embeddings, the part of it a
// job embeds, its decoys, and how much of a persisted library is checked when it is loaded.
#include "../Settings.h"
#include "DecoySpectra.h"

#include <torch/torch.h>

#include <cstdint>

namespace SpecEmbedding
{
  /// The number format of a library's stored embeddings.
  enum class LibraryPrecision
  {
    Float32,
    Float16 ///< half the file and the memory a search maps, at a cosine error below 1e-3
  };

  template <>
  struct EnumWords<LibraryPrecision>
  {
    static constexpr const char* what = "library precision";
    static constexpr std::pair<LibraryPrecision, const char*> words[] = {{LibraryPrecision::Float32, "float32"}, {LibraryPrecision::Float16, "float16"}};
  };

  struct LibraryBuildOptions
  {
    LibraryPrecision precision = LibraryPrecision::Float32;
    int64_t shards = 1; ///< the usable spectra are split into this many parts: every shards-th, from the shard-th on ...
    int64_t shard = 0;  ///< ... and this part is embedded (EmbeddingLibrary::merge joins them)
    bool decoys = false;
    DecoyMethod decoy_method = DecoyMethod::IsomerLike;
    bool verify = false; ///< check a persisted library's content checksum on loading

    /// The user settings (TOPP parameters of the Annotator).
    static const SettingTable<LibraryBuildOptions>& settings();

    /// Throws ParameterError for a shard beyond the shards.
    void validate() const;

    torch::ScalarType scalarType() const { return precision == LibraryPrecision::Float16 ? torch::kFloat16 : torch::kFloat32; }
  };
}
