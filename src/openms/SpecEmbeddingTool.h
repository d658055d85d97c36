#pragma once
// What every SpecEmbedding TOPP tool shares: the citation, -write_ctd, -threads for LibTorch, the matrix
// product kernel, the core's errors as OpenMS exit codes, and parameters from settings tables and
// algorithm classes.
#include "SettingParams.h"

#include <OpenMS/APPLICATIONS/TOPPBase.h>
#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/DefaultParamHandler.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <type_traits>

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

  protected:
    /// -model: the model file, or the shipped model that serves the queries' ion modes.
    void registerModelOption_();

    /// A settings table's settings as the tool's parameters.
    template <class Options>
    void registerSettings_(const SpecEmbedding::SettingTable<Options>& table)
    {
      registerFullParam_(settingsToParam(table));
    }

    /// The tool's values of a table's settings.
    template <class Options>
    Options settings_(const SpecEmbedding::SettingTable<Options>& table) const
    {
      return settingsFromParam(table, getParam_());
    }

    /// An algorithm class's parameters as the tool's parameters, but those named in `left_out` (which keep their
    /// defaults in algorithm_()).
    void registerAlgorithm_(const DefaultParamHandler& algorithm, const StringList& left_out = {})
    {
      Param parameters = algorithm.getDefaults();
      for (const auto& name : left_out) parameters.remove(name);
      registerFullParam_(parameters);
    }

    /// An algorithm class with the tool's values of its parameters, logging progress as the tool does.
    template <class Algorithm>
    Algorithm algorithm_() const
    {
      Algorithm algorithm;
      if constexpr (std::is_base_of_v<ProgressLogger, Algorithm>) algorithm.setLogType(log_type_);
      algorithm.setParameters(getParam_().copySubset(algorithm.getDefaults()));
      return algorithm;
    }

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
