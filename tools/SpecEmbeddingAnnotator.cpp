// SpecEmbeddingAnnotator: embeds MS/MS spectra with a SpecEmbedding model and identifies them by
// cosine similarity against a reference library, writing mzTab like MetaboliteSpectralMatcher.
#include "core/Errors.h"
#include "core/io/Files.h"
#include "core/search/ScoreCalibration.h"
#include "openms/HitsExport.h"
#include "openms/SpecEmbeddingTool.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/FORMAT/MzTabFile.h>
#include <OpenMS/FORMAT/SVOutStream.h>

#include <algorithm>
#include <cstdio>

using namespace OpenMS;

/**
  @page TOPP_SpecEmbeddingAnnotator SpecEmbeddingAnnotator

  @brief Identifies small molecules in MS/MS spectra by SpecEmbedding library search.

  <CENTER>
    <table>
      <tr>
        <th ALIGN = "center"> pot. predecessor tools </td>
        <td VALIGN="middle" ROWSPAN=3> &rarr; SpecEmbeddingAnnotator &rarr;</td>
        <th ALIGN = "center"> pot. successor tools </td>
      </tr>
      <tr>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> FileConverter, PeakPickerHiRes (centroided MS2 in mzML) </td>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> MzTabExporter, KNIME table nodes, any mzTab reader </td>
      </tr>
      <tr>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> SpecEmbeddingTrainer (-model), SpecEmbeddingAnnotator (-out_library) </td>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> SpecEmbeddingEvaluator (same search settings, annotated queries) </td>
      </tr>
    </table>
  </CENTER>

  With -precursor_mass_tolerance and -analog_hits K, each query also gets its K best analog hits: library
  spectra outside the precursor window but within -analog_mass_window Da. Their predicted_similarity, for a
  model calibrated on held-out compounds (the default model is), is the expected Morgan Tanimoto similarity
  of the hit's structure to the query's at that cosine.

  Each MS2 spectrum of -in (an mzML run, MGF or MSP) is embedded with the model (-model, or the shipped
  default model) and compared by cosine with every spectrum of the reference library (-database: a
  spectral library in MSP, MGF or mzML, embedded on the fly, or an embedding library written earlier with
  -out_library by the same model). The best -top_k hits per spectrum are written as mzTab in
  MetaboliteSpectralMatcher's layout and as a TSV. A precursor window (-precursor_mass_tolerance) turns the
  search into identity search; without it the search is analog search. -rescoring re-scores the best
  candidates by spectral entropy or cosine of the peaks (hybrid search).
*/
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
    registerSearchOptions_();
  }

  ExitCodes runTool_() override
  {
    const String in = getStringOption_("in");
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
    const auto search = searchAlgorithm_();

    const auto inputs = loadSearchInputs_(in, database);
    if (!out_embeddings.empty())
    {
      SpecEmbedding::writeFileAtomically(out_embeddings, [&](const std::string& path) { writeEmbeddings_(path, in, inputs); });
    }
    if (!inputs.library) return EXECUTION_OK;
    const auto& library = *inputs.library;
    if (!out_library.empty())
    {
      library.save(out_library);
      OPENMS_LOG_INFO << "Wrote the embedding library '" << out_library << "' (" << library.size() << " spectra)." << std::endl;
    }
    if (out.empty() && out_tsv.empty()) return EXECUTION_OK;

    auto hits = search.search(inputs.embeddings, inputs.searched, library, search.searchParameters().top_k);
    SpecEmbedding::applyCalibration(hits, inputs.model.calibration);
    size_t hit_count = 0, analog_count = 0, identified = 0;
    for (const auto& query_hits : hits)
    {
      for (const auto& hit : query_hits) (hit.kind == SpecEmbedding::HitKind::Analog ? analog_count : hit_count) += 1;
      identified += std::any_of(query_hits.begin(), query_hits.end(), [](const auto& hit) { return hit.kind != SpecEmbedding::HitKind::Analog; });
    }
    OPENMS_LOG_INFO << "Searched " << inputs.searched.size() << " queries against " << library.size() << " library spectra: "
                    << hit_count << " hits, " << identified << " queries with at least one hit"
                    << (analog_count ? ", " + String(analog_count) + " analog hits" : String()) << "." << std::endl;

    const SearchedQueries searched_queries{inputs.searched, inputs.queries.tokenized.indices};
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
  static void writeEmbeddings_(const String& path, const String& in, const SearchInputs& inputs)
  {
    std::ofstream file(path);
    file << "# SpecEmbedding raw embeddings of '" << in << "' by the model with weights sha256 " << inputs.model.weights_sha256 << "\n"
         << "# columns: spectrum identifier, then " << inputs.embeddings.size(1) << " embedding values\n";
    SVOutStream out(file, "\t", "_", String::NONE);
    const auto values = inputs.embeddings.accessor<float, 2>();
    for (size_t row = 0; row < inputs.searched.size(); ++row)
    {
      out << inputs.searched[row].id;
      for (int64_t column = 0; column < inputs.embeddings.size(1); ++column)
      {
        char text[32];
        std::snprintf(text, sizeof text, "%.9g", values[row][column]); // float32's full precision
        out << String(text);
      }
      out << nl;
    }
    if (!file) throw SpecEmbedding::OutputError("cannot write '" + path + "'");
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingAnnotator>(argc, argv);
}
