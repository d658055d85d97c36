#pragma once
// What every SpecEmbedding TOPP tool shares: the citation, -threads for LibTorch, error handling
// with OpenMS exit codes, the shipped default model and -write_ctd.
#include "SpecEmbeddingSearchAlgorithm.h"
#include "SpectrumFiles.h"
#include "core/io/ModelFile.h"
#include "core/search/DecoySpectra.h"
#include "core/search/EmbeddingLibrary.h"

#include <OpenMS/APPLICATIONS/TOPPBase.h>

#include <functional>
#include <optional>
#include <set>

namespace OpenMS
{
  class SpecEmbeddingTool : public TOPPBase
  {
  public:
    SpecEmbeddingTool(const String& name, const String& description);

    /// The tools' main(): runs the tool, answering -write_ctd itself because OpenMS 2.6 writes
    /// CTDs only for tools in its own registry.
    template <class Tool>
    static int run(int argc, const char** argv)
    {
      Tool tool;
      return runWithCtdSupport_(tool, argc, argv);
    }

    /// The folder of the models shipped with the tools (share/SpecEmbedding/models): in the source tree
    /// for tools run from the build tree's bin/, else <prefix>/share beside the installed <prefix>/bin.
    static String modelsFolder();

    /// Loads the model of the -model option or, when it is empty, the first shipped model that serves
    /// every ion mode of `ion_modes` (default.model first), and logs which.
    static SpecEmbedding::LoadedModel loadModel(const String& model_option, const std::set<std::string>& ion_modes = {});

    /// File extension of persisted embedding libraries (written with -out_library).
    static constexpr const char* kEmbeddingLibraryExtension = "selib";

  protected:
    /// What a search tool works on: the model, the queries with their embeddings, and the library.
    struct SearchInputs
    {
      SpecEmbedding::LoadedModel model;
      size_t spectra_read = 0;                       ///< MS2 spectra of the query file
      std::vector<SpecEmbedding::Spectrum> searched; ///< the usable queries, one per row of embeddings
      std::vector<size_t> input_index;               ///< their positions among the file's MS2 spectra
      torch::Tensor embeddings;                      ///< raw, of the searched queries
      std::optional<SpecEmbedding::EmbeddingLibrary> library; ///< none without a database
    };

    /// -model, -invalid_spectra, -precision, -spectra_per_batch and -spectra_per_block: how the tools that embed
    /// spectra embed them.
    void registerEmbeddingOptions_();

    /// registerEmbeddingOptions_(), -verify_library and the library search's parameters (SpecEmbeddingSearchAlgorithm).
    void registerSearchOptions_();

    /// The library search with the tool's parameters, validated (ParameterError) before any long work.
    SpecEmbeddingSearchAlgorithm searchAlgorithm_() const;

    /// The model for the queries in `in`: -model, or the shipped model that serves their ion modes (read
    /// from the file only when the shipped models differ in the modes they serve; the default model when
    /// `in` is empty), set to embed in the -precision this CPU runs fast.
    SpecEmbedding::LoadedModel loadQueryModel_(const String& in) const;

    /// Reads the queries in `in` as a stream, in blocks of -spectra_per_block spectra, and hands each
    /// block with its raw embeddings to process; memory does not grow with the file. Warns once per ion
    /// mode the model was not trained on. Returns the number of MS2 spectra read.
    size_t readQueryBlocks_(const String& in, SpecEmbedding::LoadedModel& model,
                            const std::function<void(SpectrumBlock&& block, const torch::Tensor& embeddings)>& process);

    /// Loads the model (loadQueryModel_), reads and embeds all queries in `in` at once, and loads or
    /// embeds the library `database` unless it is empty.
    SearchInputs loadSearchInputs_(const String& in, const String& database);

    /// How a spectral library is made into an embedding library.
    struct LibraryBuild
    {
      std::optional<SpecEmbedding::DecoyMethod> decoys; ///< a decoy per spectrum, made by this method (makeDecoys)
      torch::ScalarType precision = torch::kFloat32;    ///< of the stored embeddings
      size_t shard = 0;                                 ///< embed only this part of the library's usable spectra ...
      size_t shards = 1;                                ///< ... of this many: every shards-th, from the shard-th on (EmbeddingLibrary::merge joins them)
      bool approximate_index = false;                   ///< with an ApproximateIndex (-search_index ann)
    };

    /// Loads a persisted embedding library (checking that `model` embedded it, and its checksum with
    /// -verify_library) or reads a spectral library (MSP, MGF, mzML) and embeds it with `model` as `build`
    /// says. Throws ParameterError when decoys are asked of a persisted library that lacks them.
    SpecEmbedding::EmbeddingLibrary loadLibrary_(const String& database, SpecEmbedding::LoadedModel& model, const LibraryBuild& build);

    /// `library` with an approximate index when `build` asks for one.
    SpecEmbedding::EmbeddingLibrary indexed_(SpecEmbedding::EmbeddingLibrary library, const LibraryBuild& build) const;

    /// Embeds token sequences with progress and a speed line in the log (raw encoder output).
    torch::Tensor embed_(SpecEmbedding::SpectrumEncoder& encoder, const std::vector<SpecEmbedding::TokenSequence>& tokens,
                         const String& label);

    /// The tool's work, called inside main_() with LibTorch's threads set and errors handled.
    virtual ExitCodes runTool_() = 0;

  private:
    /// The exit code of an error of the core (core/Errors.h); INTERNAL_ERROR for any other.
    static ExitCodes exitCodeOf(const std::exception& error);
    ExitCodes main_(int argc, const char** argv) final;
    static int runWithCtdSupport_(SpecEmbeddingTool& tool, int argc, const char** argv);
    String name_;
    String description_;
  };
}
