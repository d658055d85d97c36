// SpecEmbeddingAnnotator: embeds MS/MS spectra with a SpecEmbedding model and identifies them by
// cosine similarity against a reference library, writing mzTab like MetaboliteSpectralMatcher.
#include "core/Errors.h"
#include "core/search/SimilarityNetwork.h"
#include "openms/EmbeddingLibraryBuilding.h"
#include "openms/EmbeddingsTsvOutput.h"
#include "openms/FeatureAnnotation.h"
#include "openms/HitsTsvOutput.h"
#include "openms/HtmlReportOutput.h"
#include "openms/MzTabOutput.h"
#include "openms/NetworkOutput.h"
#include "openms/SpecEmbeddingSearchAlgorithm.h"
#include "openms/SpecEmbeddingTool.h"
#include "openms/SpectrumEmbedding.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/FORMAT/FileHandler.h>

#include <memory>
#include <optional>

using namespace OpenMS;

/**
  @page TOPP_SpecEmbeddingAnnotator SpecEmbeddingAnnotator

  @brief Identifies small molecules in MS/MS spectra by SpecEmbedding library search.

  <CENTER>
    <table>
      <tr>
        <th ALIGN = "center"> pot. predecessor tools </td>
        <td VALIGN="middle" ROWSPAN=4> &rarr; SpecEmbeddingAnnotator &rarr;</td>
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
      <tr>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> FeatureFinderMetabo, FeatureLinkerUnlabeledQT/KD (-in_features) </td>
        <td VALIGN="middle" ALIGN = "center" ROWSPAN=1> TextExporter, FileInfo, TOPPView (-out_features) </td>
      </tr>
    </table>
  </CENTER>

  With -precursor_mass_tolerance and -analog_hits K, each query also gets its K best analog hits: library
  spectra outside the precursor window but within -analog_mass_window Da, ranked by the modified cosine of
  their peaks (GNPS analog search; -analog_scoring embedding ranks them by embedding cosine). Their
  predicted_similarity, for a model calibrated on held-out compounds (the default model is), is the expected
  Morgan Tanimoto similarity of the hit's structure to the query's at that score.

  Each identity or unfiltered hit of a model calibrated on held-out compounds (the default model is) gets a
  confidence: the probability that it is the query's compound (first InChIKey block). -q_values confidence
  or target_decoy gives every such hit a q-value, the lowest false discovery rate at which it is accepted:
  from the confidence (accepting the queries' best hits down to a confidence, the estimated FDR is the mean
  of 1 - confidence over them), or by target-decoy competition against decoys embedded with the library
  (-decoys). A hit below a query's best is accepted no sooner than the best. -fdr keeps the hits up to a
  q-value. In open-world search, where many queries' compounds are in no library, the confidence q-values
  come true and the target-decoy ones are too low (bench/open_world.sh).

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

  <B>Feature-level annotation.</B> -in_features takes the features of the run: a featureXML (FeatureFinderMetabo)
  of the run -in, or a consensusXML (FeatureLinkerUnlabeledQT/KD) whose maps' runs -in_runs lists, in map index
  order (as GNPSExport's -in_mzml; -in is left out then). Each MS2 spectrum belongs to the feature whose region
  holds its precursor (-feature_linking: the feature's convex hulls, or its centroid, widened by -rt_tolerance
  and -mz_tolerance in -mz_measure, IDMapper's defaults; a consensus feature through its sub-feature of the
  spectrum's own map). A feature's hits are the best -feature_top_k compounds (first InChIKey block) among its
  spectra's identity hits, each with the number of the feature's spectra whose best hit it is (agreeing spectra).
  -out then writes feature-level mzTab, as AccurateMassSearch does for feature maps: one row per feature hit,
  with the feature's m/z and RT and its abundance in each map (smallmolecule_abundance_study_variable[map + 1]);
  -out_features writes the feature map annotated with the hits (a PeptideIdentification per annotated feature,
  whose PeptideHits carry the compound as meta values, as AccurateMassSearch annotates features); -out_tsv
  stays spectrum-level, with the columns map_index and feature_id. The log counts the spectra in and outside
  features and the features with and without MS2 spectra and hits.
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
    const String library_formats = String("msp,mgf,mzML,") + EmbeddingLibraryBuilding::kExtension;
    registerInputFile_("in", "<file>", "", "Query spectra: an LC-MS/MS run (mzML, MS2 used) or a spectral file (MGF, MSP); with a featureXML -in_features, the run it came from. Required unless -in_runs is given.", false);
    setValidFormats_("in", ListUtils::create<String>("mzML,mgf,msp"), false);
    registerInputFile_("in_features", "<file>", "", "Features to annotate: a featureXML of the run -in (FeatureFinderMetabo), or a consensusXML (FeatureLinkerUnlabeledQT/KD) of the runs -in_runs.", false);
    setValidFormats_("in_features", ListUtils::create<String>("featureXML,consensusXML"));
    registerInputFileList_("in_runs", "<files>", StringList(), "With a consensusXML -in_features: the mzML runs of its maps, in map index order (one per map; -in is left out).", false);
    setValidFormats_("in_runs", ListUtils::create<String>("mzML"));
    registerInputFile_("database", "<file>", "", "Reference library: a spectral library (MSP, MGF, mzML) or an embedding library written with -out_library by the same model.", false);
    setValidFormats_("database", ListUtils::create<String>(library_formats), false);
    registerOutputFile_("out", "<file>", "", "Library hits as mzTab (small molecule section, MetaboliteSpectralMatcher's layout); with -in_features, one row per feature hit with the feature's abundances (AccurateMassSearch's feature-level layout).", false);
    setValidFormats_("out", ListUtils::create<String>("mzTab"));
    registerOutputFile_("out_tsv", "<file>", "", "Library hits as a tab-separated table, one row per hit.", false);
    setValidFormats_("out_tsv", ListUtils::create<String>("tsv"), false);
    registerOutputFile_("out_features", "<file>", "", "With -in_features: the feature map annotated with each feature's hits (PeptideIdentifications), written in the type of -in_features.", false);
    setValidFormats_("out_features", ListUtils::create<String>("featureXML,consensusXML"));
    registerOutputFile_("out_library", "<file>", "", "Writes the embedded -database as an embedding library for fast repeated searches; with -search_index ann it holds the approximate search index too.", false);
    setValidFormats_("out_library", ListUtils::create<String>(EmbeddingLibraryBuilding::kExtension), false);
    registerInputFileList_("merge_libraries", "<files>", StringList(), "Instead of searching: joins embedding libraries written by one model (the shards of -library_shards, in order) into -out_library. Shards of another model, or broken ones, are refused.", false, true);
    setValidFormats_("merge_libraries", ListUtils::create<String>(EmbeddingLibraryBuilding::kExtension), false);
    registerOutputFile_("out_embeddings", "<file>", "", "Writes each usable query spectrum's raw embedding, one line per spectrum in input order.", false);
    setValidFormats_("out_embeddings", ListUtils::create<String>("tsv"), false);
    registerOutputFile_("out_html", "<file>", "", "A self-contained HTML report to look at: summary, score histograms, and the queries with their hits, mirror plots and structures.", false);
    setValidFormats_("out_html", ListUtils::create<String>("html"), false);
    registerOutputFile_("out_network", "<file>", "", "The queries' molecular network by embedding similarity as GraphML (Cytoscape), each query with its best hit.", false);
    setValidFormats_("out_network", ListUtils::create<String>("graphml"), false);
    registerModelOption_();
    registerAlgorithm_(SpectrumEmbedding());
    registerAlgorithm_(EmbeddingLibraryBuilding());
    registerAlgorithm_(SpecEmbeddingSearchAlgorithm());
    registerSettings_(SpecEmbedding::SimilarityNetworkOptions::settings());
    registerSettings_(SpecEmbedding::FeatureHitsOptions::settings());
    registerAlgorithm_(PrecursorFeatureIndex());
  }

  /// The output files; the searched queries go to every one but out_library.
  struct OutputFiles
  {
    String mztab, tsv, features, library, embeddings, html, network;
    bool searches() const { return !(mztab.empty() && tsv.empty() && features.empty() && embeddings.empty() && html.empty() && network.empty()); }
  };

  /// Throws ParameterError for outputs that cannot be written from the inputs given.
  OutputFiles outputFiles_() const
  {
    const OutputFiles files{getStringOption_("out"), getStringOption_("out_tsv"), getStringOption_("out_features"), getStringOption_("out_library"),
                            getStringOption_("out_embeddings"), getStringOption_("out_html"), getStringOption_("out_network")};
    if (!files.searches() && files.library.empty())
    {
      throw SpecEmbedding::ParameterError("nothing to do: give -out, -out_tsv, -out_features, -out_html, -out_network, -out_library or -out_embeddings");
    }
    const bool needs_database = !(files.mztab.empty() && files.tsv.empty() && files.features.empty() && files.html.empty() &&
                                  files.network.empty() && files.library.empty() && getStringOption_("in_features").empty());
    if (getStringOption_("database").empty() && needs_database)
    {
      throw SpecEmbedding::ParameterError("-out, -out_tsv, -out_features, -out_html, -out_network, -out_library and -in_features need a -database");
    }
    if (!files.features.empty() && getStringOption_("in_features").empty())
    {
      throw SpecEmbedding::ParameterError("-out_features writes the annotated -in_features: give -in_features");
    }
    return files;
  }

  /// The runs whose spectra are the queries: -in, or with a consensusXML -in_features the runs of its maps
  /// (-in_runs). Throws ParameterError for combinations that do not fit together.
  StringList queryRuns_(const FeatureAnnotation* features, const OutputFiles& files) const
  {
    const String in = getStringOption_("in");
    const StringList runs = getStringList_("in_runs");
    if (!features || !features->isConsensus())
    {
      if (!runs.empty()) throw SpecEmbedding::ParameterError("-in_runs gives the runs of a consensusXML -in_features; give a single run with -in");
      if (in.empty()) throw SpecEmbedding::ParameterError("no query spectra: give -in");
      return {in};
    }
    const String in_features = getStringOption_("in_features");
    const StringList maps = features->mapFiles();
    if (!in.empty())
    {
      throw SpecEmbedding::ParameterError("-in_features '" + in_features + "' is a consensusXML: give the runs of its " + String(maps.size()) +
                                          " maps with -in_runs, in map index order, and leave out -in");
    }
    if (runs.size() != maps.size())
    {
      StringList named;
      for (Size map = 0; map < maps.size(); ++map) named.push_back(String(map) + ": '" + maps[map] + "'");
      throw SpecEmbedding::ParameterError("-in_runs gives " + String(runs.size()) + (runs.size() == 1 ? " run" : " runs") + ", but the consensus map '" +
                                          in_features + "' has " + String(maps.size()) + " maps (" + ListUtils::concatenate(named, ", ") +
                                          "): give one mzML run per map, in map index order");
    }
    if (runs.size() > 1 && !(files.embeddings.empty() && files.html.empty() && files.network.empty()))
    {
      throw SpecEmbedding::ParameterError("-out_embeddings, -out_html and -out_network show one run: with -in_runs, run the Annotator per run for them");
    }
    return runs;
  }

  /// The feature file (-in_features), loaded first so that a broken one stops the run before any long work.
  std::unique_ptr<FeatureAnnotation> features_(const OutputFiles& files) const
  {
    const String in_features = getStringOption_("in_features");
    if (in_features.empty()) return nullptr;
    auto features = std::make_unique<FeatureAnnotation>(in_features, getParam_().copySubset(PrecursorFeatureIndex().getDefaults()),
                                                        settings_(SpecEmbedding::FeatureHitsOptions::settings()).top_k);
    // Written in the type of -in_features whatever the name (TOPPAS names it .unknown and renames it by its
    // content), but a name that says the other type is a mistake.
    if (FileHandler::getTypeByFileName(files.features) == (features->isConsensus() ? FileTypes::FEATUREXML : FileTypes::CONSENSUSXML))
    {
      throw SpecEmbedding::ParameterError("-out_features '" + files.features + "' must be of the type of -in_features '" + in_features + "' (" +
                                          (features->isConsensus() ? "consensusXML" : "featureXML") + ")");
    }
    features->writeTo(files.mztab, files.features, getProcessingInfo_(DataProcessing::IDENTIFICATION_MAPPING));
    return features;
  }

  /// The outputs of the searched queries; with features, -out is their feature-level mzTab.
  SearchOutputs outputs_(const OutputFiles& files, std::unique_ptr<FeatureAnnotation> features) const
  {
    SearchOutputs outputs;
    if (!files.embeddings.empty()) outputs.add(std::make_unique<EmbeddingsTsvOutput>(files.embeddings));
    if (!files.mztab.empty() && !features) outputs.add(std::make_unique<MzTabOutput>(files.mztab));
    if (!files.tsv.empty()) outputs.add(std::make_unique<HitsTsvOutput>(files.tsv, features != nullptr));
    if (!files.html.empty()) outputs.add(std::make_unique<HtmlReportOutput>(files.html));
    if (!files.network.empty())
    {
      const auto network = settings_(SpecEmbedding::SimilarityNetworkOptions::settings());
      outputs.add(std::make_unique<NetworkOutput>(files.network, network.min_similarity, network.max_edges));
    }
    if (features) outputs.add(std::move(features));
    return outputs;
  }

  ExitCodes runTool_() override
  {
    const auto embedding = algorithm_<SpectrumEmbedding>();
    const auto building = algorithm_<EmbeddingLibraryBuilding>();
    auto search = algorithm_<SpecEmbeddingSearchAlgorithm>();
    const StringList merge = getStringList_("merge_libraries");
    const String database = getStringOption_("database");
    if (!merge.empty())
    {
      const String out_library = getStringOption_("out_library");
      if (out_library.empty()) throw SpecEmbedding::ParameterError("-merge_libraries writes the joined library to -out_library: give -out_library");
      const auto merged = building.merge(merge, getStringOption_("model"), search.searchParameters().approximate);
      merged.save(out_library);
      OPENMS_LOG_INFO << "Joined " << merge.size() << " library shards into '" << out_library << "' (" << merged.size() - merged.decoyCount()
                      << " spectra" << (merged.decoyCount() ? " and " + String(merged.decoyCount()) + " decoys" : String()) << ")." << std::endl;
      return EXECUTION_OK;
    }
    const OutputFiles files = outputFiles_();
    search.validateParameters();
    building.options().validate();
    if (building.options().shards > 1 && (files.searches() || files.library.empty()))
    {
      throw SpecEmbedding::ParameterError("-library_shards embeds part of the library for -out_library only: leave out the search outputs, "
                                          "and join the shards with -merge_libraries");
    }
    if (search.qValueOptions().method == SpecEmbedding::QValueMethod::TargetDecoy && !building.options().decoys &&
        !EmbeddingLibraryBuilding::isEmbeddingLibrary(database))
    {
      throw SpecEmbedding::ParameterError("-q_values target_decoy needs decoys: give -decoys, or an embedding library written with -decoys");
    }
    auto features = features_(files);
    const StringList runs = files.searches() ? queryRuns_(features.get(), files) : StringList();
    auto model = embedding.loadModel(getStringOption_("model"), runs.empty() ? getStringOption_("in") : runs.front());
    search.adaptToModel(model.calibration);
    std::optional<SpecEmbedding::EmbeddingLibrary> library;
    if (!database.empty()) library = building.load(database, model, embedding, search.searchParameters().approximate);
    if (library && !files.library.empty())
    {
      library->save(files.library);
      OPENMS_LOG_INFO << "Wrote the embedding library '" << files.library << "' (" << library->size() << " spectra)." << std::endl;
    }
    if (!files.searches()) return EXECUTION_OK;

    FeatureAnnotation* linking = features.get(); // the outputs own it; it links each block's spectra before the search
    SearchOutputs outputs = outputs_(files, std::move(features));
    SearchRun run{runs, database, library ? &*library : nullptr, model.weights_sha256, model.encoder->config().outputDim(), search.searchParameters()};
    outputs.begin(run);
    const auto queries = [&](const SpecEmbeddingSearchAlgorithm::BlockSink& next) {
      for (Size map_index = 0; map_index < runs.size(); ++map_index)
      {
        run.spectra_read += embedding.embedBlocks(runs[map_index], map_index, model, [&](SearchedBlock&& block) {
          if (linking) linking->link(block);
          next(std::move(block));
        });
      }
    };
    const auto write = [&](SearchedBlock&& block) { outputs.add(block); };
    if (library) search.run(queries, *library, model.calibration, write, !files.html.empty()); // only the report draws the queries' peaks
    else queries(write);
    outputs.commit();
    return EXECUTION_OK;
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingAnnotator>(argc, argv);
}
