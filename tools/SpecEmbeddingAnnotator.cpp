// SpecEmbeddingAnnotator: embeds MS/MS spectra with a SpecEmbedding model and identifies them by
// cosine similarity against a reference library, writing mzTab like MetaboliteSpectralMatcher.
#include "core/Errors.h"
#include "core/io/ModelFile.h"
#include "openms/SpecEmbeddingTool.h"
#include "openms/SpectrumInput.h"

#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <fstream>
#include <iomanip>

using namespace OpenMS;

class SpecEmbeddingAnnotator : public SpecEmbeddingTool
{
public:
  SpecEmbeddingAnnotator()
    : SpecEmbeddingTool("SpecEmbeddingAnnotator", "Identifies small molecules in MS/MS spectra by SpecEmbedding library search.")
  {
  }

protected:
  void registerOptionsAndFlags_() override
  {
    registerInputFile_("in", "<file>", "", "Query spectra: an LC-MS/MS run (mzML, MS2 used) or a spectral file (MGF, MSP).");
    setValidFormats_("in", ListUtils::create<String>("mzML,mgf,msp"), false);
    registerInputFile_("model", "<file>", "", "SpecEmbedding model file (default: the shipped default model).", false);
    setValidFormats_("model", ListUtils::create<String>("model"), false);
    registerOutputFile_("out_embeddings", "<file>", "", "Writes each usable query spectrum's raw embedding, one line per spectrum in input order.", false);
    setValidFormats_("out_embeddings", ListUtils::create<String>("tsv"), false);
    registerStringOption_("invalid_spectra", "<policy>", "error", "A spectrum without precursor, peaks or with non-finite values: stop with an error, or skip and count it.", false);
    setValidStrings_("invalid_spectra", ListUtils::create<String>("error,skip"));
    registerIntOption_("batch_size", "<number>", 64, "Spectra embedded together.", false, true);
    setMinInt_("batch_size", 1);
  }

  ExitCodes runTool_() override
  {
    const String in = getStringOption_("in");
    String model_path = getStringOption_("model");
    if (model_path.empty()) model_path = defaultModelPath();
    const String out_embeddings = getStringOption_("out_embeddings");
    if (out_embeddings.empty())
    {
      OPENMS_LOG_ERROR << "Nothing to do: give -out_embeddings." << std::endl;
      return MISSING_PARAMETERS;
    }

    auto model = SpecEmbedding::ModelFile::load(model_path);
    OPENMS_LOG_INFO << "Model '" << model_path << "' (weights " << model.weights_sha256.substr(0, 12) << ")." << std::endl;
    const SpecEmbedding::Tokenizer tokenizer(static_cast<int>(model.encoder->config().max_len));
    const auto queries = loadSpectrumInput(in, tokenizer, SpecEmbedding::invalidSpectrumPolicyFromString(getStringOption_("invalid_spectra")));
    const auto embeddings = embedWithProgress(model.encoder, queries.tokenized.tokens, getIntOption_("batch_size"), log_type_, "embedding queries");

    writeOutputAtomically_(out_embeddings, [&](const String& path) { writeEmbeddings_(path, in, model_path, queries, embeddings); });
    return EXECUTION_OK;
  }

private:
  static void writeEmbeddings_(const String& path, const String& in, const String& model_path, const SpectrumInput& queries,
                               const torch::Tensor& embeddings)
  {
    std::ofstream out(path);
    out << "# SpecEmbedding raw embeddings of '" << in << "' by model '" << model_path << "'\n"
        << "# columns: spectrum identifier, then " << embeddings.size(1) << " embedding values\n";
    out << std::setprecision(9);
    const auto values = embeddings.accessor<float, 2>();
    for (size_t row = 0; row < queries.tokenized.indices.size(); ++row)
    {
      out << queries.spectra[queries.tokenized.indices[row]].id;
      for (int64_t column = 0; column < embeddings.size(1); ++column) out << '\t' << values[row][column];
      out << '\n';
    }
    if (!out) throw SpecEmbedding::InputError("cannot write '" + path + "'");
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingAnnotator>(argc, argv);
}
