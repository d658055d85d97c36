#pragma once
// Making and loading the reference library as an OpenMS algorithm: the library-building settings as
// parameters (DefaultParamHandler); a spectral library embedded (a shard of it, with decoys), a persisted
// embedding library loaded, or shards joined, each with its approximate index where the search asks for one.
#include "SpectrumEmbedding.h"
#include "core/io/ModelFile.h"
#include "core/search/EmbeddingLibrary.h"
#include "core/search/LibraryBuildOptions.h"

#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/DefaultParamHandler.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>

namespace OpenMS
{
  class EmbeddingLibraryBuilding : public DefaultParamHandler, public ProgressLogger
  {
  public:
    /// File extension of persisted embedding libraries (-out_library).
    static constexpr const char* kExtension = "selib";

    EmbeddingLibraryBuilding();

    /// The settings, as of the last setParameters().
    const SpecEmbedding::LibraryBuildOptions& options() const { return options_; }

    /// Whether `database` names a persisted embedding library (by its extension).
    static bool isEmbeddingLibrary(const String& database);

    /// A persisted embedding library (checking that `model` embedded it; its content checksum with
    /// verify_library; memory-mapped), or the spectral library `database` (MSP, MGF, mzML) read as a stream and
    /// embedded with `model` by `embedding`: its shard, with decoys where asked, with an approximate index where
    /// approximate_index (unless it is a shard: the joined library is indexed). Throws ParameterError when
    /// decoys are asked of a persisted library that lacks them.
    SpecEmbedding::EmbeddingLibrary load(const String& database, SpecEmbedding::LoadedModel& model, const SpectrumEmbedding& embedding,
                                         bool approximate_index) const;

    /// The shards of one library joined (their checksums verified; ModelError for shards of another model than
    /// `model_option`'s, where given), with an approximate index where approximate_index.
    SpecEmbedding::EmbeddingLibrary merge(const StringList& shards, const String& model_option, bool approximate_index) const;

  protected:
    void updateMembers_() override;

  private:
    /// `library` with its compounds and their neighbours (which the learned scorer reads), and the log says so.
    SpecEmbedding::EmbeddingLibrary compounds_(const SpecEmbedding::EmbeddingLibrary& library) const;

    /// `library` with an approximate index where approximate_index.
    SpecEmbedding::EmbeddingLibrary indexed_(SpecEmbedding::EmbeddingLibrary library, bool approximate_index) const;

    SpecEmbedding::LibraryBuildOptions options_;
  };
}
