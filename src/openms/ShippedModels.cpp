// std::filesystem paths from Boost.DLL, which needs no Boost library to link.
#define BOOST_DLL_USE_STD_FS
#include "ShippedModels.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/SYSTEM/File.h>

#include <QtCore/QDir>

#include <boost/dll/runtime_symbol_info.hpp>

#include <algorithm>
#include <optional>
#include <vector>

namespace OpenMS
{
  namespace
  {
    /// The folder of the running executable. Not File::getExecutablePath(): OpenMS 2.6 reads readlink()'s
    /// buffer as a NUL-terminated string, which it is not, so the path it returns depends on the stack.
    QString executableFolder()
    {
      std::error_code error;
      const auto program = boost::dll::program_location(error);
      return error ? QString() : QString::fromStdString(program.parent_path().string()) + "/";
    }
  }

  String shippedModelsFolder()
  {
    // The build tree's bin/ reads the source tree's share/. Anything else is an installation
    // (<prefix>/bin/Tool beside <prefix>/share/SpecEmbedding), which must never fall back to a source tree.
    const QString bin = executableFolder();
    if (!bin.isEmpty() && QDir(bin).canonicalPath() == QDir(SPECEMBEDDING_BUILD_BIN_DIR).canonicalPath())
    {
      return String(SPECEMBEDDING_SOURCE_SHARE_DIR) + "/SpecEmbedding/models";
    }
    return String(QDir::cleanPath(bin + "../share/SpecEmbedding/models"));
  }

  bool severalShippedModels()
  {
    return QDir(shippedModelsFolder().toQString()).entryList(QStringList("*.model"), QDir::Files).size() > 1;
  }

  SpecEmbedding::LoadedModel loadModel(const String& model_option, const std::set<std::string>& ion_modes)
  {
    const auto servesAll = [&](const SpecEmbedding::LoadedModel& model) {
      return std::all_of(ion_modes.begin(), ion_modes.end(), [&](const std::string& mode) { return model.serves(mode); });
    };
    std::optional<SpecEmbedding::LoadedModel> chosen;
    String path = model_option;
    if (path.empty())
    {
      const String folder = shippedModelsFolder();
      if (!File::isDirectory(folder))
      {
        throw SpecEmbedding::ModelError("no -model given, and the shipped models are missing: the tools in '" + String(executableFolder()) +
                                        "' expect them in '" + folder + "' (an incomplete installation?)");
      }
      // default.model first, then the other shipped models by name.
      std::vector<String> candidates = {folder + "/default.model"};
      for (const auto& name : QDir(folder.toQString()).entryList(QStringList("*.model"), QDir::Files, QDir::Name))
      {
        if (name != "default.model") candidates.push_back(folder + "/" + String(name));
      }
      for (const auto& candidate : candidates)
      {
        auto model = SpecEmbedding::ModelFile::load(candidate);
        if (!chosen || (!servesAll(*chosen) && servesAll(model)))
        {
          chosen = std::move(model);
          path = candidate;
        }
        if (servesAll(*chosen)) break;
      }
    }
    else
    {
      chosen = SpecEmbedding::ModelFile::load(path);
    }
    const String trained_on = chosen->ion_modes.empty() ? String("spectra of unrecorded ion mode")
                                                        : ListUtils::concatenate(chosen->ion_modes, " and ") + "-mode spectra";
    OPENMS_LOG_INFO << "Model '" << path << "'" << (model_option.empty() ? " (a shipped model)" : "") << ", trained on " << trained_on
                    << ", weights sha256 " << chosen->weights_sha256 << "." << std::endl;
    return std::move(*chosen);
  }
}
