#pragma once
// An output written as a stream into its pending file, block by block: the text outputs' shared part.
#include "SearchOutput.h"
#include "core/io/Files.h"

#include <fstream>

namespace OpenMS
{
  class StreamedOutput : public SearchOutput
  {
  public:
    void finish() override
    {
      stream_.close();
      file_.checkWritten(stream_);
    }
    void commit() override { file_.commit(); }

  protected:
    /// Throws OutputError when path cannot be written.
    explicit StreamedOutput(const String& path) : file_(path), stream_(file_.temporary(), std::ios::binary)
    {
      if (!stream_) throw file_.failure(SpecEmbedding::OutputError("cannot write '" + path + "'"));
    }

    SpecEmbedding::PendingFile file_;
    std::ofstream stream_;
  };
}
