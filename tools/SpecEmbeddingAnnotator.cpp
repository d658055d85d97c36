// SpecEmbeddingAnnotator: embeds MS/MS spectra with a SpecEmbedding model and identifies them by
// cosine similarity against a reference library, writing mzTab like MetaboliteSpectralMatcher.
#include "core/Errors.h"
#include "core/io/Files.h"
#include "core/io/ModelFile.h"
#include "openms/HitsExport.h"
#include "openms/LibraryInput.h"
#include "openms/SpecEmbeddingSearchAlgorithm.h"
#include "openms/SpecEmbeddingTool.h"
#include "openms/SpectrumInput.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/FORMAT/MzTabFile.h>

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
    registerInputFile_("database", "<file>", "", "Reference library: a spectral library (MSP, MGF, mzML) or an embedding library written with -out_library by the same model.", false);
    setValidFormats_("database", ListUtils::create<String>(String("msp,mgf,mzML,") + kEmbeddingLibraryExtension), false);
    registerOutputFile_("out", "<file>", "", "Library hits as mzTab (small molecule section, MetaboliteSpectralMatcher's layout).", false);
    setValidFormats_("out", ListUtils::create<String>("mzTab"));
    registerOutputFile_("out_tsv", "<file>", "", "Library hits as a tab-separated table, one row per hit.", false);
    setValidFormats_("out_tsv", ListUtils::create<String>("tsv"), false);
    registerOutputFile_("out_library", "<file>", "", "Writes the embedded -database as an embedding library for fast repeated searches.", false);
    setValidFormats_("out_library", ListUtils::create<String>(kEmbeddingLibraryExtension), false);
    registerOutputFile_("out_embeddings", "<file>", "", "Writes each usable query spectrum's raw embedding, one line per spectrum in input order.", false);
    setValidFormats_("out_embeddings", ListUtils::create<String>("tsv"), false);
    registerEmbeddingOptions_();
    registerFullParam_(SpecEmbeddingSearchAlgorithm().getDefaults());
  }

  ExitCodes runTool_() override
  {
    const String in = getStringOption_("in");
    const String model_path = getStringOption_("model");
    const String database = getStringOption_("database");
    const String out = getStringOption_("out"), out_tsv = getStringOption_("out_tsv");
    const String out_library = getStringOption_("out_library"), out_embeddings = getStringOption_("out_embeddings");
    if (out.empty() && out_tsv.empty() && out_library.empty() && out_embeddings.empty())
    {
      OPENMS_LOG_ERROR << "Nothing to do: give -out, -out_tsv, -out_library or -out_embeddings." << std::endl;
      return MISSING_PARAMETERS;
    }
    if (database.empty() && !(out.empty() && out_tsv.empty() && out_library.empty()))
    {
      OPENMS_LOG_ERROR << "-out, -out_tsv and -out_library need a -database." << std::endl;
      return MISSING_PARAMETERS;
    }
    SpecEmbeddingSearchAlgorithm search;
    search.setLogType(log_type_);
    search.setParameters(getParam_().copySubset(search.getDefaults()));
    search.searchParameters(); // reject bad parameters before the long work
    const auto policy = SpecEmbedding::invalidSpectrumPolicyFromString(getStringOption_("invalid_spectra"));
    const int batch_size = getIntOption_("batch_size");

    auto model = loadModel(model_path);
    const SpecEmbedding::Tokenizer tokenizer(static_cast<int>(model.encoder->config().max_len));
    const auto queries = loadSpectrumInput(in, tokenizer, policy);
    const auto embeddings = embedWithProgress(model.encoder, queries.tokenized.tokens, batch_size, log_type_, "embedding queries");
    if (!out_embeddings.empty())
    {
      SpecEmbedding::writeFileAtomically(out_embeddings, [&](const std::string& path) { writeEmbeddings_(path, in, model.weights_sha256, queries, embeddings); });
    }
    if (database.empty()) return EXECUTION_OK;

    const auto library = loadLibraryInput(database, model, policy, batch_size, log_type_);
    if (!out_library.empty())
    {
      library.save(out_library);
      OPENMS_LOG_INFO << "Wrote the embedding library '" << out_library << "' (" << library.size() << " spectra)." << std::endl;
    }
    if (out.empty() && out_tsv.empty()) return EXECUTION_OK;

    const auto searched = queries.usableSpectra();
    const auto hits = search.search(embeddings, searched, library);
    size_t hit_count = 0, identified = 0;
    for (const auto& query_hits : hits)
    {
      hit_count += query_hits.size();
      identified += query_hits.empty() ? 0 : 1;
    }
    OPENMS_LOG_INFO << "Searched " << searched.size() << " queries against " << library.size() << " library spectra: "
                    << hit_count << " hits, " << identified << " queries with at least one hit." << std::endl;

    const SearchedQueries searched_queries{searched, queries.tokenized.indices};
    if (!out.empty())
    {
      const auto mztab = hitsToMzTab(hits, searched_queries, library, in, database);
      SpecEmbedding::writeFileAtomically(out, [&](const std::string& path) { MzTabFile().store(path, mztab); });
    }
    if (!out_tsv.empty())
    {
      SpecEmbedding::writeFileAtomically(out_tsv, [&](const std::string& path) { writeHitsTsv(path, hits, searched_queries, library); });
    }
    return EXECUTION_OK;
  }

private:
  static void writeEmbeddings_(const String& path, const String& in, const String& model_sha256, const SpectrumInput& queries,
                               const torch::Tensor& embeddings)
  {
    std::ofstream out(path);
    out << "# SpecEmbedding raw embeddings of '" << in << "' by the model with weights sha256 " << model_sha256 << "\n"
        << "# columns: spectrum identifier, then " << embeddings.size(1) << " embedding values\n";
    out << std::setprecision(9);
    const auto values = embeddings.accessor<float, 2>();
    for (size_t row = 0; row < queries.tokenized.indices.size(); ++row)
    {
      out << queries.spectra[queries.tokenized.indices[row]].id;
      for (int64_t column = 0; column < embeddings.size(1); ++column) out << '\t' << values[row][column];
      out << '\n';
    }
    if (!out) throw SpecEmbedding::OutputError("cannot write '" + path + "'");
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingAnnotator>(argc, argv);
}
