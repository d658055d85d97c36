// SpecEmbeddingEvaluator: searches InChIKey-annotated queries with the Annotator's search and reports
// how often the right compound is among the best hits (top-1, top-5, top-10 hit ratios).
#include "core/Errors.h"
#include "core/io/Files.h"
#include "core/search/HitRatio.h"
#include "openms/EmbeddingLibraryBuilding.h"
#include "openms/SpecEmbeddingSearchAlgorithm.h"
#include "openms/SpecEmbeddingTool.h"
#include "openms/SpectrumEmbedding.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/FORMAT/SVOutStream.h>

#include <algorithm>
#include <iomanip>
#include <iterator>

using namespace OpenMS;

/**
  @page TOPP_SpecEmbeddingEvaluator SpecEmbeddingEvaluator

  @brief Reports top-k hit ratios of SpecEmbedding library search for InChIKey-annotated queries.

  <CENTER>
    <table>
      <tr>
        <th ALIGN = "center"> pot. predecessor tools </td>
        <td VALIGN="middle" ROWSPAN=2> &rarr; SpecEmbeddingEvaluator &rarr;</td>
        <th ALIGN = "center"> pot. successor tools </td>
      </tr>
      <tr>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> SpecEmbeddingTrainer (-model), SpecEmbeddingAnnotator (-out_library) </td>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> any TSV reader (benchmark tables, KNIME) </td>
      </tr>
    </table>
  </CENTER>

  Searches the queries of -in against -database exactly as SpecEmbeddingAnnotator does (the same search
  pipeline and parameters: decoys are never hits, and with -fdr only the hits it accepts count), and counts
  for how many the compound (the first InChIKey block) is among the best 1, 5 and 10 hits. Queries without an
  InChIKey are skipped and counted.
*/
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
    setValidFormats_("database", ListUtils::create<String>(String("msp,mgf,mzML,") + EmbeddingLibraryBuilding::kExtension), false);
    registerOutputFile_("out", "<file>", "", "Report: one row of counts and top-1/5/10 hit ratios.");
    setValidFormats_("out", ListUtils::create<String>("tsv"), false);
    registerModelOption_();
    registerAlgorithm_(SpectrumEmbedding());
    // The library is searched, never written: how a written library is stored and split, and decoys, which are never hits, do not apply.
    registerAlgorithm_(EmbeddingLibraryBuilding(), {"library_precision", "library_shards", "library_shard", "decoys", "decoy_method"});
    registerAlgorithm_(SpecEmbeddingSearchAlgorithm());
  }

  ExitCodes runTool_() override
  {
    const String in = getStringOption_("in"), database = getStringOption_("database"), out = getStringOption_("out");
    const auto embedding = algorithm_<SpectrumEmbedding>();
    const auto building = algorithm_<EmbeddingLibraryBuilding>();
    auto search = algorithm_<SpecEmbeddingSearchAlgorithm>();
    // Hit ratios up to top-10 need at least ten hits per query.
    Param parameters = search.getParameters();
    parameters.setValue("top_k", std::max(10, search.searchParameters().top_k));
    search.setParameters(parameters);
    search.validateParameters();

    auto model = embedding.loadModel(getStringOption_("model"), in);
    search.adaptToModel(model.calibration);
    const auto library = building.load(database, model, embedding, search.searchParameters().approximate);
    std::vector<std::vector<SpecEmbedding::Hit>> hits;
    std::vector<SpecEmbedding::Spectrum> queries; // their annotations: the peaks are not needed
    size_t spectra_read = 0;
    const auto read = [&](const SpecEmbeddingSearchAlgorithm::BlockSink& next) { spectra_read = embedding.embedBlocks(in, 0, model, next); };
    search.run(read, library, model.calibration, [&](SearchedBlock&& block) {
      for (auto& query : block.spectra) query.mz = query.intensity = {};
      std::move(block.spectra.begin(), block.spectra.end(), std::back_inserter(queries));
      std::move(block.hits.begin(), block.hits.end(), std::back_inserter(hits));
    });
    const auto ratios = SpecEmbedding::computeHitRatios(hits, queries, library, database);
    if (ratios.evaluated == 0) throw SpecEmbedding::InputError("no query in '" + in + "' has an InChIKey: cannot evaluate");
    const size_t skipped = ratios.skipped + (spectra_read - queries.size());

    OPENMS_LOG_INFO << "Evaluated " << ratios.evaluated << " queries (" << skipped << " skipped): top-1 " << ratios.top1
                    << ", top-5 " << ratios.top5 << ", top-10 " << ratios.top10 << "." << std::endl;
    const auto fixed = [](double value) {
      std::ostringstream text;
      text << std::setprecision(4) << std::fixed << value;
      return text.str();
    };
    const auto& searched = search.searchParameters();
    SpecEmbedding::writeFileAtomically(out, [&](const std::string& path) {
      SVOutStream report(path, "\t", "_", String::NONE);
      report << "queries" << "evaluated" << "skipped" << "compound_in_library" << "top1" << "top5" << "top10" << "precursor_mass_tolerance"
             << "rescoring" << "model" << nl;
      report << spectra_read << ratios.evaluated << skipped << ratios.in_library << fixed(ratios.top1) << fixed(ratios.top5)
             << fixed(ratios.top10) << fixed(searched.precursor_tolerance) + (searched.tolerance_in_ppm ? " ppm" : " Da")
             << (searched.rescoring ? SpecEmbedding::toString(*searched.rescoring) : std::string("none")) << model.weights_sha256.substr(0, 12) << nl;
      if (!report) throw SpecEmbedding::OutputError("cannot write '" + path + "'");
    });
    return EXECUTION_OK;
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingEvaluator>(argc, argv);
}
