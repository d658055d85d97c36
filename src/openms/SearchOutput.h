#pragma once
// The one shape of the Annotator's outputs: each takes the searched blocks as the queries stream through the
// search and writes into a pending file; the files are moved into place together when every output has
// finished, so that a failed run leaves no output, half-written or not.
#include "SearchedBlock.h"
#include "core/search/EmbeddingLibrary.h"
#include "core/search/LibrarySearch.h"

#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <memory>
#include <string>
#include <vector>

namespace OpenMS
{
  /// What the outputs may name of the run.
  struct SearchRun
  {
    StringList query_files;                                   ///< the runs searched, in map order (-in, or -in_runs)
    String database_file;                                     ///< -database; empty when nothing is searched
    const SpecEmbedding::EmbeddingLibrary* library = nullptr; ///< the library searched; none without -database
    std::string model_sha256;                                 ///< of the embedding model
    int64_t dimension = 0;                                    ///< of the raw embeddings
    SpecEmbedding::SearchParameters parameters;
    size_t spectra_read = 0; ///< MS2 spectra of the query files, usable or not; known when every block was added
  };

  class SearchOutput
  {
  public:
    virtual ~SearchOutput() = default;
    /// Before the first block; `run` outlives the output's use of it.
    virtual void begin(const SearchRun& run) = 0;
    /// Each searched block, in query order.
    virtual void add(const SearchedBlock& block) = 0;
    /// After the last block: writes the rest into the pending file. Throws OutputError when it cannot.
    virtual void finish() = 0;
    /// Moves the finished file into place.
    virtual void commit() = 0;
  };

  /// The outputs of one run, fed together.
  class SearchOutputs
  {
  public:
    void add(std::unique_ptr<SearchOutput> output) { outputs_.push_back(std::move(output)); }
    bool empty() const { return outputs_.empty(); }

    void begin(const SearchRun& run)
    {
      for (auto& output : outputs_) output->begin(run);
    }
    void add(const SearchedBlock& block)
    {
      for (auto& output : outputs_) output->add(block);
    }
    /// Finishes every output, then moves each into place.
    void commit()
    {
      for (auto& output : outputs_) output->finish();
      for (auto& output : outputs_) output->commit();
    }

  private:
    std::vector<std::unique_ptr<SearchOutput>> outputs_;
  };
}
