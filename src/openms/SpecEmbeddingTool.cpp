#include "SpecEmbeddingTool.h"

#include "core/BlasKernel.h"
#include "core/ErrorText.h"
#include "core/Errors.h"
#include "core/io/Files.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/SYSTEM/File.h>

#include <torch/torch.h>

#include <algorithm>
#include <sstream>

namespace OpenMS
{
  namespace
  {
    const Citation kSpecEmbeddingCitation = {
      "Xiong P, Xu H, Zheng H",
      "Supervised Contrastive Learning Leads to More Reasonable Spectral Embeddings",
      "Anal Chem. 2025",
      "10.1021/acs.analchem.5c02655"};

    /// Wraps the PARAMETERS block of an INI file written by -write_ini into a CTD 1.7 document.
    std::string iniToCtd(const std::string& ini, const String& name, const String& description)
    {
      const auto begin = ini.find("<PARAMETERS");
      const auto end = ini.rfind("</PARAMETERS>");
      if (begin == std::string::npos || end == std::string::npos) throw SpecEmbedding::InputError("the tool wrote no parameters for its CTD");
      std::ostringstream ctd;
      ctd << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          << "<tool ctdVersion=\"1.7\" version=\"" << SPECEMBEDDING_VERSION << "\" name=\"" << name
          << "\" docurl=\"https://doi.org/" << kSpecEmbeddingCitation.doi << "\" category=\"Metabolite Identification\" >\n"
          << "<description><![CDATA[" << description << "]]></description>\n"
          << "<manual><![CDATA[" << description << "]]></manual>\n"
          << "<citations>\n  <citation doi=\"" << kSpecEmbeddingCitation.doi << "\" url=\"\" />\n</citations>\n"
          << ini.substr(begin, end + std::string("</PARAMETERS>").size() - begin) << "\n</tool>\n";
      return ctd.str();
    }
  }

  TOPPBase::ExitCodes SpecEmbeddingTool::exitCodeOf(const std::exception& error)
  {
    if (dynamic_cast<const SpecEmbedding::InputError*>(&error)) return PARSE_ERROR;
    if (dynamic_cast<const SpecEmbedding::OutputError*>(&error)) return CANNOT_WRITE_OUTPUT_FILE;
    if (dynamic_cast<const SpecEmbedding::ModelError*>(&error)) return INCOMPATIBLE_INPUT_DATA;
    if (dynamic_cast<const SpecEmbedding::ParameterError*>(&error)) return ILLEGAL_PARAMETERS;
    if (dynamic_cast<const SpecEmbedding::GroupError*>(&error)) return EXTERNAL_PROGRAM_ERROR;
    return INTERNAL_ERROR;
  }

  SpecEmbeddingTool::SpecEmbeddingTool(const String& name, const String& description)
    : TOPPBase(name, description, false, {kSpecEmbeddingCitation}), name_(name), description_(description)
  {
  }

  void SpecEmbeddingTool::registerModelOption_()
  {
    registerInputFile_("model", "<file>", "", "SpecEmbedding model file (default: the shipped model that serves the queries' ion modes).", false);
    setValidFormats_("model", ListUtils::create<String>("model"), false);
  }

  TOPPBase::ExitCodes SpecEmbeddingTool::main_(int, const char**)
  {
    OPENMS_LOG_INFO << "Matrix products: " << SpecEmbedding::configureBlasKernel() << "." << std::endl;
    // TOPPBase maps -threads onto OpenMP only; LibTorch keeps its own pool.
    torch::set_num_threads(std::max(1, getIntOption_("threads")));
    try
    {
      return runTool_();
    }
    catch (const Exception::BaseException&)
    {
      throw; // TOPPBase reports OpenMS's own exceptions with their exit codes
    }
    catch (const std::exception& error)
    {
      OPENMS_LOG_ERROR << "Error: " << SpecEmbedding::errorText(error) << std::endl;
      return exitCodeOf(error);
    }
  }

  int SpecEmbeddingTool::runWithCtdSupport_(SpecEmbeddingTool& tool, int argc, const char** argv)
  {
    for (int i = 1; i < argc; ++i)
    {
      if (String(argv[i]) != "-write_ctd") continue;
      const String directory = (i + 1 < argc && argv[i + 1][0] != '-') ? String(argv[i + 1]) : String(".");
      const String ini_path = File::getTemporaryFile();
      const char* write_ini_argv[] = {argv[0], "-write_ini", ini_path.c_str()};
      const auto code = tool.main(3, write_ini_argv);
      if (code != EXECUTION_OK) return code;
      const String ctd_path = directory + "/" + tool.name_ + ".ctd";
      try
      {
        SpecEmbedding::writeFileAtomically(ctd_path, iniToCtd(SpecEmbedding::readFile(ini_path), tool.name_, tool.description_));
      }
      catch (const std::exception& error)
      {
        OPENMS_LOG_ERROR << "Error: " << error.what() << std::endl;
        return CANNOT_WRITE_OUTPUT_FILE;
      }
      return EXECUTION_OK;
    }
    return tool.main(argc, argv);
  }
}
