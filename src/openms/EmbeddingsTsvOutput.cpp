#include "EmbeddingsTsvOutput.h"

#include <cstdio>

namespace OpenMS
{
  EmbeddingsTsvOutput::EmbeddingsTsvOutput(const String& path)
    : StreamedOutput(path), out_(stream_, "\t", "_", String::NONE)
  {
  }

  void EmbeddingsTsvOutput::begin(const SearchRun& run)
  {
    stream_ << "# SpecEmbedding raw embeddings of '" << run.query_files.front() << "' by the model with weights sha256 " << run.model_sha256 << "\n"
            << "# columns: spectrum identifier, then " << run.dimension << " embedding values\n";
    file_.checkWritten(stream_);
  }

  void EmbeddingsTsvOutput::add(const SearchedBlock& block)
  {
    const auto values = block.embeddings.accessor<float, 2>();
    for (size_t row = 0; row < block.spectra.size(); ++row)
    {
      out_ << block.spectra[row].id;
      for (int64_t column = 0; column < block.embeddings.size(1); ++column)
      {
        char text[32];
        std::snprintf(text, sizeof text, "%.9g", values[row][column]); // float32's full precision
        out_ << String(text);
      }
      out_ << nl;
    }
    file_.checkWritten(stream_);
  }
}
