// libFuzzer target: model files (ModelFile::load). A model that loads embeds one spectrum and calibrates
// a score, since the header's settings outside the weights' checksum (tokenizer, calibration) are the
// fuzzer's to change. Documented errors: ModelError, and InputError for a file that cannot be read.
#include "FuzzInput.h"
#include "core/Errors.h"
#include "core/io/ModelFile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
  const auto& path = SpecEmbeddingFuzz::writeInput(data, size, ".model");
  try
  {
    auto model = SpecEmbedding::ModelFile::load(path);
    SpecEmbedding::Spectrum spectrum;
    spectrum.precursor_mz = 301.1;
    spectrum.ion_mode = "negative";
    spectrum.mz = {85.03, 129.02, 283.1};
    spectrum.intensity = {10.0, 100.0, 35.0};
    const auto tokens = model.encoder->config().tokenizer().tokenize(spectrum);
    model.encoder->embed({tokens});
    if (model.calibration.analog_similarity) (*model.calibration.analog_similarity)(0.7);
    model.serves(spectrum.ion_mode);
  }
  catch (const SpecEmbedding::ModelError&)
  {
  }
  catch (const SpecEmbedding::InputError&)
  {
  }
  catch (const std::exception& error)
  {
    SpecEmbeddingFuzz::undocumentedError(error);
  }
  return 0;
}
