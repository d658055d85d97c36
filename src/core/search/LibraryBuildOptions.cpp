#include "LibraryBuildOptions.h"


namespace SpecEmbedding
{
  const SettingTable<LibraryBuildOptions>& LibraryBuildOptions::settings()
  {
    using O = LibraryBuildOptions;
    static const SettingTable<O> table = {
      enumSetting("library_precision", &O::precision,
                  "Precision of the embeddings -out_library stores: float16 halves the file and the memory a search maps, at a cosine "
                  "error below 1e-3.",
                  kAdvanced),
      numberSetting("library_shards", &O::shards,
                    "With -out_library: the -database spectra are split into this many parts, and this run embeds part -library_shard "
                    "only (every library_shards-th usable spectrum, from the library_shard-th on), reading the file as a stream and "
                    "keeping only its part, so that its memory follows the part's size; jobs can embed the parts in parallel, and "
                    "-merge_libraries joins them. With -decoys, each part draws its decoys from its own spectra.",
                    1, kAny, kAdvanced),
      numberSetting("library_shard", &O::shard, "With -library_shards: the part this run embeds, 0 to library_shards - 1.", 0, kAny, kAdvanced),
      flagSetting("decoys", &O::decoys,
                  "Also embed a decoy per library spectrum (-decoy_method) and search them with the library, for q-values by "
                  "target-decoy competition (-q_values); -out_library stores the decoys. A library written with -decoys uses its "
                  "decoys without this flag."),
      enumSetting("decoy_method", &O::decoy_method,
                  "How -decoys makes decoys: isomer_like (half of the target's fragments kept, the rest sampled as spectrum_based does, "
                  "after XY-Meta, Anal Chem 2020; closer to the true FDR on the validation compounds) or spectrum_based (conditional "
                  "peak sampling, Scheubert et al., Nat Commun 2017).",
                  kAdvanced),
      flagSetting("verify_library", &O::verify,
                  "Check an embedding library's content checksum when loading it (reads the whole file; without it only the file's "
                  "structure is checked and the library is memory-mapped, so loading costs the same whatever its size).",
                  kAdvanced),
    };
    return table;
  }

  void LibraryBuildOptions::validate() const
  {
    validateSettings(settings(), *this);
    if (shard >= shards)
    {
      throw ParameterError("-library_shard " + std::to_string(shard) + " does not exist: shards go from 0 to -library_shards - 1 (" +
                           std::to_string(shards - 1) + ")");
    }
  }
}
