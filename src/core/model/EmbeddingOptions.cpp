#include "EmbeddingOptions.h"


namespace SpecEmbedding
{
  const SettingTable<EmbeddingOptions>& EmbeddingOptions::settings()
  {
    using O = EmbeddingOptions;
    static const SettingTable<O> table = {
      enumSetting("invalid_spectra", &O::invalid_spectra,
                  "A spectrum without precursor, peaks or with non-finite values, or a record that cannot be read: stop with an "
                  "error, or skip and count it."),
      enumSetting("precision", &O::precision,
                  "Number format of the encoder's matrix products: bf16 (bfloat16) embeds about twice as fast on CPUs with "
                  "AVX512_BF16 and changes embeddings slightly (elsewhere fp32 is used)."),
      numberSetting("spectra_per_batch", &O::spectra_per_batch, "Spectra embedded together (one forward pass).", 1, kAny, kAdvanced),
      numberSetting("spectra_per_block", &O::spectra_per_block,
                    "Query spectra read, embedded and searched together: the queries are streamed block by block, so memory does not "
                    "grow with the query file.",
                    1, kAny, kAdvanced),
    };
    return table;
  }
}
