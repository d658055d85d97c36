// SpecEmbeddingEvaluator: searches InChIKey-annotated queries with the Annotator's search and reports
// how often the right compound is among the best hits (top-1, top-5, top-10 hit ratios).
#include "core/Errors.h"
#include "core/io/Files.h"
#include "core/io/ModelFile.h"
#include "core/search/HitRatio.h"
#include "openms/LibraryInput.h"
#include "openms/SpecEmbeddingSearchAlgorithm.h"
#include "openms/SpecEmbeddingTool.h"
#include "openms/SpectrumInput.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <fstream>
#include <iomanip>

using namespace OpenMS;

class SpecEmbeddingEvaluator : public SpecEmbeddingTool
{
public:
  SpecEmbeddingEvaluator()
    : SpecEmbeddingTool("SpecEmbeddingEvaluator", "Reports top-k hit ratios of SpecEmbedding library search for InChIKey-annotated queries.")
  {
  }

protected:
  void registerOptionsAndFlags_() override
  {
    registerInputFile_("in", "<file>", "", "Query spectra annotated with InChIKeys (MSP, MGF, mzML).");
    setValidFormats_("in", ListUtils::create<String>("mzML,mgf,msp"), false);
    registerInputFile_("database", "<file>", "", "Reference library annotated with InChIKeys (MSP, MGF, mzML, or an embedding library).");
    setValidFormats_("database", ListUtils::create<String>(String("msp,mgf,mzML,") + kEmbeddingLibraryExtension), false);
    registerOutputFile_("out", "<file>", "", "Report: one row of counts and top-1/5/10 hit ratios.");
    setValidFormats_("out", ListUtils::create<String>("tsv"), false);
    registerEmbeddingOptions_();
    registerFullParam_(SpecEmbeddingSearchAlgorithm().getDefaults());
  }

  ExitCodes runTool_() override
  {
    const String in = getStringOption_("in"), database = getStringOption_("database"), out = getStringOption_("out");
    const String model_path = getStringOption_("model");
    SpecEmbeddingSearchAlgorithm search;
    search.setLogType(log_type_);
    search.setParameters(getParam_().copySubset(search.getDefaults()));
    auto parameters = search.searchParameters();
    const auto policy = SpecEmbedding::invalidSpectrumPolicyFromString(getStringOption_("invalid_spectra"));
    const int batch_size = getIntOption_("batch_size");

    auto model = loadModel(model_path);
    const SpecEmbedding::Tokenizer tokenizer(static_cast<int>(model.encoder->config().max_len));
    const auto queries = loadSpectrumInput(in, tokenizer, policy);
    const auto embeddings = embedWithProgress(model.encoder, queries.tokenized.tokens, batch_size, log_type_, "embedding queries");
    const auto library = loadLibraryInput(database, model, policy, batch_size, log_type_);

    const auto searched = queries.usableSpectra();
    // Hit ratios up to top-10 need at least ten hits per query.
    Param param = search.getParameters();
    param.setValue("top_k", std::max(10, parameters.top_k));
    search.setParameters(param);
    const auto hits = search.search(embeddings, searched, library);
    const auto ratios = SpecEmbedding::computeHitRatios(hits, searched, library, database);
    if (ratios.evaluated == 0) throw SpecEmbedding::InputError("no query in '" + in + "' has an InChIKey: cannot evaluate");
    const size_t skipped = ratios.skipped + (queries.spectra.size() - searched.size());

    OPENMS_LOG_INFO << "Evaluated " << ratios.evaluated << " queries (" << skipped << " skipped): top-1 " << ratios.top1
                    << ", top-5 " << ratios.top5 << ", top-10 " << ratios.top10 << "." << std::endl;
    SpecEmbedding::writeFileAtomically(out, [&](const std::string& path) {
      std::ofstream report(path);
      report << "queries\tevaluated\tskipped\tcompound_in_library\ttop1\ttop5\ttop10\tprecursor_mass_tolerance\trescoring\tmodel\n"
             << std::setprecision(4) << std::fixed << queries.spectra.size() << '\t' << ratios.evaluated << '\t' << skipped << '\t'
             << ratios.in_library << '\t' << ratios.top1 << '\t' << ratios.top5 << '\t' << ratios.top10 << '\t'
             << parameters.precursor_tolerance << (parameters.tolerance_in_ppm ? " ppm" : " Da") << '\t' << parameters.rerank << '\t'
             << model.weights_sha256.substr(0, 12) << '\n';
      if (!report) throw SpecEmbedding::OutputError("cannot write '" + path + "'");
    });
    return EXECUTION_OK;
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingEvaluator>(argc, argv);
}
