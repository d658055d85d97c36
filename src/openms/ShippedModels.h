#pragma once
// The models shipped with the tools (share/SpecEmbedding/models), and the choice among them.
#include "core/io/ModelFile.h"

#include <OpenMS/DATASTRUCTURES/String.h>

#include <set>
#include <string>

namespace OpenMS
{
  /// The folder of the shipped models: in the source tree for tools run from the build tree's bin/, else
  /// <prefix>/share beside the installed <prefix>/bin.
  String shippedModelsFolder();

  /// Whether more than one model is shipped (then the choice depends on the queries' ion modes).
  bool severalShippedModels();

  /// The model file `model_option` or, when it is empty, the first shipped model that serves every ion mode
  /// of `ion_modes` (default.model first); logs which. Throws ModelError naming the folder when the shipped
  /// models are missing.
  SpecEmbedding::LoadedModel loadModel(const String& model_option, const std::set<std::string>& ion_modes = {});
}
