#pragma once
// What every SpecEmbedding TOPP tool shares: the citation, -threads for LibTorch, error handling
// with OpenMS exit codes, the shipped default model and -write_ctd.
#include "core/io/ModelFile.h"

#include <OpenMS/APPLICATIONS/TOPPBase.h>

#include <functional>

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

    /// The default model shipped with the tools (share/SpecEmbedding/models/default.model).
    static String defaultModelPath();

    /// Loads the model of the -model option, or the default model when it is empty, and logs which.
    static SpecEmbedding::LoadedModel loadModel(const String& model_option);

  protected:
    /// -model, -invalid_spectra and -batch_size: how the tools that embed spectra embed them.
    void registerEmbeddingOptions_();

    /// The tool's work, called inside main_() with LibTorch's threads set and errors handled.
    virtual ExitCodes runTool_() = 0;

  private:
    ExitCodes main_(int argc, const char** argv) final;
    static int runWithCtdSupport_(SpecEmbeddingTool& tool, int argc, const char** argv);
    String name_;
    String description_;
  };
}
