// SpecEmbeddingTrainer: trains the SpecEmbedding encoder from annotated spectral libraries, or
// imports a checkpoint of the reference PyTorch implementation, and writes a model file.
#include "core/io/ModelFile.h"
#include "core/io/ReferenceCheckpoint.h"
#include "openms/ModelParameters.h"
#include "openms/SpecEmbeddingTool.h"

#include <OpenMS/DATASTRUCTURES/ListUtils.h>

using namespace OpenMS;

class SpecEmbeddingTrainer : public SpecEmbeddingTool
{
public:
  SpecEmbeddingTrainer()
    : SpecEmbeddingTool("SpecEmbeddingTrainer", "Trains a SpecEmbedding spectrum encoder by supervised contrastive learning.")
  {
  }

protected:
  void registerOptionsAndFlags_() override
  {
    registerInputFile_("import_checkpoint", "<file>", "", "Instead of training, convert a checkpoint written by the reference PyTorch code (torch.save(model.state_dict())) into a model file. The architecture comes from the model: parameters.", false);
    setValidFormats_("import_checkpoint", ListUtils::create<String>("ckpt,pt,pth"), false);
    registerOutputFile_("out", "<file>", "", "The model file written.");
    setValidFormats_("out", ListUtils::create<String>("model"), false);
    registerSubsection_("model", "Encoder architecture");
  }

  Param getSubsectionDefaults_(const String& section) const override
  {
    if (section == "model") return modelConfigDefaults();
    return Param();
  }

  ExitCodes runTool_() override
  {
    const String out = getStringOption_("out");
    const String checkpoint = getStringOption_("import_checkpoint");
    const auto config = modelConfigFromParam(getParam_().copy("model:", true));
    if (checkpoint.empty())
    {
      OPENMS_LOG_ERROR << "Training is not available in this build; give -import_checkpoint." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    SpecEmbedding::SpectrumEncoder encoder(config);
    SpecEmbedding::loadReferenceWeights(*encoder, SpecEmbedding::readReferenceCheckpoint(checkpoint), checkpoint);
    const auto checksum = SpecEmbedding::ModelFile::save(out, encoder, {{"source", "imported reference checkpoint"}, {"checkpoint", checkpoint}});
    OPENMS_LOG_INFO << "Imported '" << checkpoint << "' into '" << out << "' (weights sha256 " << checksum << ")." << std::endl;
    return EXECUTION_OK;
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingTrainer>(argc, argv);
}
