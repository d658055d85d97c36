// SpecEmbeddingAnnotator: embeds MS/MS spectra with a SpecEmbedding model and identifies them by
// cosine similarity against a reference library, writing mzTab like MetaboliteSpectralMatcher.
#include "core/Errors.h"
#include "core/io/Files.h"
#include "core/search/FalseDiscovery.h"
#include "core/search/ScoreCalibration.h"
#include "openms/HitsExport.h"
#include "openms/HtmlReport.h"
#include "openms/NetworkExport.h"
#include "openms/SpecEmbeddingTool.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>

#include <algorithm>
#include <optional>

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

  -out_html writes a report to open in a browser, one self-contained file: a summary with score histograms
  and the queries, 50 to a page, each opening to its hits with a mirror plot of query and library spectrum
  and the hit's structure. -out_network writes the queries' molecular network as GraphML for Cytoscape:
  queries whose embeddings have a cosine of at least -network_min_similarity are joined when each is among
  the other's -network_max_edges strongest neighbours; each node carries its best hit.
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
    registerOutputFile_("out_html", "<file>", "", "A self-contained HTML report to look at: summary, score histograms, and the queries with their hits, mirror plots and structures.", false);
    setValidFormats_("out_html", ListUtils::create<String>("html"), false);
    registerOutputFile_("out_network", "<file>", "", "The queries' molecular network by embedding similarity as GraphML (Cytoscape), each query with its best hit.", false);
    setValidFormats_("out_network", ListUtils::create<String>("graphml"), false);
    registerDoubleOption_("network_min_similarity", "<cosine>", 0.8, "Smallest embedding cosine of two queries joined in -out_network.", false);
    setMinFloat_("network_min_similarity", -1.0);
    setMaxFloat_("network_min_similarity", 1.0);
    registerIntOption_("network_max_edges", "<number>", 10, "Most -out_network edges per query: two queries are joined only when each is among the other's strongest neighbours.", false);
    setMinInt_("network_max_edges", 1);
    registerFlag_("decoys", "Also embed a decoy per library spectrum (spectrum-based conditional peak sampling, Scheubert et al., Nat Commun 2017) and search them with the library, so that every hit gets a q-value by target-decoy competition; -out_library stores the decoys. A library written with -decoys uses its decoys without this flag.");
    registerDoubleOption_("fdr", "<q>", 1.0, "Keep only hits with a q-value up to this (needs a library with decoys); 1: keep all.", false);
    setMinFloat_("fdr", 0.0);
    setMaxFloat_("fdr", 1.0);
    registerSearchOptions_();
  }

  ExitCodes runTool_() override
  {
    const String in = getStringOption_("in");
    const String database = getStringOption_("database");
    const String out = getStringOption_("out"), out_tsv = getStringOption_("out_tsv");
    const String out_library = getStringOption_("out_library"), out_embeddings = getStringOption_("out_embeddings");
    const String out_html = getStringOption_("out_html"), out_network = getStringOption_("out_network");
    if (out.empty() && out_tsv.empty() && out_html.empty() && out_network.empty() && out_library.empty() && out_embeddings.empty())
    {
      OPENMS_LOG_ERROR << "Nothing to do: give -out, -out_tsv, -out_html, -out_network, -out_library or -out_embeddings." << std::endl;
      return MISSING_PARAMETERS;
    }
    if (database.empty() && !(out.empty() && out_tsv.empty() && out_html.empty() && out_network.empty() && out_library.empty()))
    {
      OPENMS_LOG_ERROR << "-out, -out_tsv, -out_html, -out_network and -out_library need a -database." << std::endl;
      return MISSING_PARAMETERS;
    }
    const auto search = searchAlgorithm_();
    auto model = loadQueryModel_(in);
    std::optional<SpecEmbedding::EmbeddingLibrary> library;
    if (getDoubleOption_("fdr") < 1.0 && !getFlag_("decoys") && !String(database).toLower().hasSuffix(String(".") + kEmbeddingLibraryExtension))
    {
      OPENMS_LOG_ERROR << "-fdr needs decoys: give -decoys, or an embedding library written with -decoys." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    if (!database.empty()) library = loadLibrary_(database, model, getFlag_("decoys"));
    if (library && library->decoyCount() == 0 && getDoubleOption_("fdr") < 1.0)
    {
      OPENMS_LOG_ERROR << "-fdr needs decoys, and the embedding library '" << database << "' has none: write it again with -decoys." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    if (library && !out_library.empty())
    {
      library->save(out_library);
      OPENMS_LOG_INFO << "Wrote the embedding library '" << out_library << "' (" << library->size() << " spectra)." << std::endl;
    }
    if (out.empty() && out_tsv.empty() && out_html.empty() && out_network.empty() && out_embeddings.empty()) return EXECUTION_OK;

    // The outputs are written block by block of queries into pending files, which appear when all went well.
    std::optional<EmbeddingsTsvOutput> embeddings_output;
    std::optional<MzTabOutput> mztab_output;
    std::optional<HitsTsvOutput> tsv_output;
    if (!out_embeddings.empty()) embeddings_output.emplace(out_embeddings, in, model.weights_sha256, model.encoder->config().outputDim());
    if (!out.empty()) mztab_output.emplace(out, in, database);
    if (!out_tsv.empty()) tsv_output.emplace(out_tsv);
    std::optional<HtmlReportOutput> report_output;
    std::optional<NetworkOutput> network_output;
    if (!out_html.empty()) report_output.emplace(out_html, in, database, search.searchParameters());
    if (!out_network.empty()) network_output.emplace(out_network, getDoubleOption_("network_min_similarity"), getIntOption_("network_max_edges"));
    size_t searched = 0, hit_count = 0, analog_count = 0, identified = 0;
    // Writes a searched block to every output.
    const auto emit = [&](const SpectrumBlock& block, const torch::Tensor& embeddings, const std::vector<std::vector<SpecEmbedding::Hit>>& hits) {
      for (const auto& query_hits : hits)
      {
        for (const auto& hit : query_hits) (hit.kind == SpecEmbedding::HitKind::Analog ? analog_count : hit_count) += 1;
        identified += std::any_of(query_hits.begin(), query_hits.end(), [](const auto& hit) { return hit.kind != SpecEmbedding::HitKind::Analog; });
      }
      searched += block.spectra.size();
      const SearchedQueries queries{block.spectra, block.input_index};
      if (mztab_output) mztab_output->add(hits, queries, *library);
      if (tsv_output) tsv_output->add(hits, queries, *library);
      if (report_output) report_output->add(hits, queries, *library);
      if (network_output) network_output->add(hits, queries, *library, embeddings);
    };
    // With decoys, the blocks wait for the q-values, which need every query's best hit over targets and decoys.
    const bool with_decoys = library && library->decoyCount() > 0;
    struct HeldBlock
    {
      SpectrumBlock block;
      torch::Tensor embeddings;
      std::vector<std::vector<SpecEmbedding::Hit>> hits;
    };
    std::vector<HeldBlock> held;
    std::vector<double> best_scores;
    std::vector<bool> best_is_decoy;
    const size_t spectra_read = readQueryBlocks_(in, model, [&](SpectrumBlock&& block, const torch::Tensor& embeddings) {
      if (embeddings_output) embeddings_output->add(block.spectra, embeddings);
      if (!library) return;
      // Confidences look at a query's best candidates, however few hits the user keeps; decoys among them
      // are set aside.
      const int top_k = search.searchParameters().top_k;
      auto hits = search.search(embeddings, block.spectra, *library, SpecEmbedding::confidenceSearchDepth(search.searchParameters(), with_decoys));
      if (with_decoys)
      {
        for (const auto& query_hits : hits)
        {
          if (query_hits.empty() || query_hits.front().kind == SpecEmbedding::HitKind::Analog) continue;
          best_scores.push_back(query_hits.front().score);
          best_is_decoy.push_back(library->isDecoy(query_hits.front().library_index));
        }
        SpecEmbedding::removeDecoyHits(hits, *library);
      }
      SpecEmbedding::applyCalibration(hits, *library, model.calibration, search.searchParameters().hybrid());
      SpecEmbedding::keepBestHits(hits, top_k);
      if (!with_decoys) return emit(block, embeddings, hits);
      if (!report_output) // only the report draws the queries' peaks
      {
        for (auto& spectrum : block.spectra) spectrum.mz = spectrum.intensity = {};
      }
      held.push_back({std::move(block), embeddings, std::move(hits)});
    });
    if (with_decoys)
    {
      const SpecEmbedding::QValueCurve q_values(best_scores, best_is_decoy);
      const double fdr = getDoubleOption_("fdr");
      const size_t decoy_wins = static_cast<size_t>(std::count(best_is_decoy.begin(), best_is_decoy.end(), true));
      OPENMS_LOG_INFO << "Target-decoy competition: " << best_scores.size() - decoy_wins << " queries' best hits are library spectra, "
                      << decoy_wins << " decoys." << std::endl;
      for (auto& [block, embeddings, hits] : held)
      {
        for (auto& query_hits : hits)
        {
          for (auto& hit : query_hits)
          {
            if (hit.kind != SpecEmbedding::HitKind::Analog) hit.q_value = q_values(hit.score);
          }
          query_hits.erase(std::remove_if(query_hits.begin(), query_hits.end(), [&](const auto& hit) { return hit.q_value > fdr; }),
                           query_hits.end());
        }
        emit(block, embeddings, hits);
      }
    }
    if (library)
    {
      OPENMS_LOG_INFO << "Searched " << searched << " queries against " << library->size() << " library spectra: " << hit_count << " hits, "
                      << identified << " queries with at least one hit"
                      << (analog_count ? ", " + String(analog_count) + " analog hits" : String()) << "." << std::endl;
    }
    if (embeddings_output) embeddings_output->commit();
    if (mztab_output) mztab_output->commit(*library);
    if (tsv_output) tsv_output->commit();
    if (report_output) report_output->commit(spectra_read, *library);
    if (network_output) network_output->commit();
    return EXECUTION_OK;
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingAnnotator>(argc, argv);
}
