// SpecEmbeddingEvaluator: searches InChIKey-annotated queries with the Annotator's search and reports
// how often the right compound is among the best hits (top-1, top-5, top-10 hit ratios).
#include "core/Errors.h"
#include "core/io/Files.h"
#include "core/search/HitRatio.h"
#include "openms/SpecEmbeddingTool.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/FORMAT/SVOutStream.h>

#include <iomanip>

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

  Searches the queries of -in against -database exactly as SpecEmbeddingAnnotator does, with the same
  search parameters, and counts for how many the compound (the first InChIKey block) is among the best 1,
  5 and 10 hits. Queries without an InChIKey are skipped and counted.
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
    setValidFormats_("database", ListUtils::create<String>(String("msp,mgf,mzML,") + kEmbeddingLibraryExtension), false);
    registerOutputFile_("out", "<file>", "", "Report: one row of counts and top-1/5/10 hit ratios.");
    setValidFormats_("out", ListUtils::create<String>("tsv"), false);
    registerSearchOptions_();
  }

  ExitCodes runTool_() override
  {
    const String in = getStringOption_("in"), database = getStringOption_("database"), out = getStringOption_("out");
    const auto search = searchAlgorithm_();
    const auto& parameters = search.searchParameters();

    const auto inputs = loadSearchInputs_(in, database);
    // Hit ratios up to top-10 need at least ten hits per query.
    const auto hits = search.search(inputs.embeddings, inputs.searched, *inputs.library, std::max(10, parameters.top_k));
    const auto ratios = SpecEmbedding::computeHitRatios(hits, inputs.searched, *inputs.library, database);
    if (ratios.evaluated == 0) throw SpecEmbedding::InputError("no query in '" + in + "' has an InChIKey: cannot evaluate");
    const size_t skipped = ratios.skipped + (inputs.spectra_read - inputs.searched.size());

    OPENMS_LOG_INFO << "Evaluated " << ratios.evaluated << " queries (" << skipped << " skipped): top-1 " << ratios.top1
                    << ", top-5 " << ratios.top5 << ", top-10 " << ratios.top10 << "." << std::endl;
    const auto fixed = [](double value) {
      std::ostringstream text;
      text << std::setprecision(4) << std::fixed << value;
      return text.str();
    };
    SpecEmbedding::writeFileAtomically(out, [&](const std::string& path) {
      SVOutStream report(path, "\t", "_", String::NONE);
      report << "queries" << "evaluated" << "skipped" << "compound_in_library" << "top1" << "top5" << "top10" << "precursor_mass_tolerance"
             << "rescoring" << "model" << nl;
      report << inputs.spectra_read << ratios.evaluated << skipped << ratios.in_library << fixed(ratios.top1) << fixed(ratios.top5)
             << fixed(ratios.top10) << fixed(parameters.precursor_tolerance) + (parameters.tolerance_in_ppm ? " ppm" : " Da")
             << (parameters.rescoring ? SpecEmbedding::toString(*parameters.rescoring) : std::string("none"))
             << inputs.model.weights_sha256.substr(0, 12) << nl;
      if (!report) throw SpecEmbedding::OutputError("cannot write '" + path + "'");
    });
    return EXECUTION_OK;
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingEvaluator>(argc, argv);
}
