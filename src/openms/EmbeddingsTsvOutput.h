#pragma once
// The queries' raw embeddings (-out_embeddings), one line per usable query spectrum in input order.
#include "StreamedOutput.h"

#include <OpenMS/FORMAT/SVOutStream.h>

namespace OpenMS
{
  /// Two comment lines (the query file and the model), then per query its identifier and its values at
  /// float32's full precision.
  class EmbeddingsTsvOutput : public StreamedOutput
  {
  public:
    /// Throws OutputError when path cannot be written.
    explicit EmbeddingsTsvOutput(const String& path);
    void begin(const SearchRun& run) override;
    void add(const SearchedBlock& block) override;

  private:
    SVOutStream out_;
  };
}
