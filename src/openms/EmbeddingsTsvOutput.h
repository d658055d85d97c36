#pragma once
// The queries' raw embeddings (-out_embeddings), one line per usable query spectrum in input order.
#include "SearchOutput.h"
#include "core/io/Files.h"

#include <OpenMS/FORMAT/SVOutStream.h>

#include <fstream>

namespace OpenMS
{
  /// Two comment lines (the query file and the model), then per query its identifier and its values at
  /// float32's full precision.
  class EmbeddingsTsvOutput : public SearchOutput
  {
  public:
    /// Throws OutputError when path cannot be written.
    explicit EmbeddingsTsvOutput(const String& path);
    void begin(const SearchRun& run) override;
    void add(const SearchedBlock& block) override;
    void finish() override;
    void commit() override;

  private:
    SpecEmbedding::PendingFile file_;
    std::ofstream stream_;
    SVOutStream out_;
  };
}
