// SpecEmbeddingAnnotator: embeds MS/MS spectra with a SpecEmbedding model and identifies them by
// cosine similarity against a reference library, writing mzTab like MetaboliteSpectralMatcher.
#include "core/Errors.h"
#include "core/io/Files.h"
#include "core/search/FalseDiscovery.h"
#include "core/search/HitSelection.h"
#include "core/search/ScoreCalibration.h"
#include "openms/FeatureAnnotation.h"
#include "openms/HitsExport.h"
#include "openms/HtmlReport.h"
#include "openms/NetworkExport.h"
#include "openms/SpecEmbeddingTool.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/DATASTRUCTURES/ListUtils.h>
#include <OpenMS/FORMAT/FileHandler.h>

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
    registerInputFile_("in", "<file>", "", "Query spectra: an LC-MS/MS run (mzML, MS2 used) or a spectral file (MGF, MSP); with a featureXML -in_features, the run it came from. Required unless -in_runs is given.", false);
    setValidFormats_("in", ListUtils::create<String>("mzML,mgf,msp"), false);
    registerInputFile_("in_features", "<file>", "", "Features to annotate: a featureXML of the run -in (FeatureFinderMetabo), or a consensusXML (FeatureLinkerUnlabeledQT/KD) of the runs -in_runs.", false);
    setValidFormats_("in_features", ListUtils::create<String>("featureXML,consensusXML"));
    registerInputFileList_("in_runs", "<files>", StringList(), "With a consensusXML -in_features: the mzML runs of its maps, in map index order (one per map; -in is left out).", false);
    setValidFormats_("in_runs", ListUtils::create<String>("mzML"));
    registerInputFile_("database", "<file>", "", "Reference library: a spectral library (MSP, MGF, mzML) or an embedding library written with -out_library by the same model.", false);
    setValidFormats_("database", ListUtils::create<String>(String("msp,mgf,mzML,") + kEmbeddingLibraryExtension), false);
    registerOutputFile_("out", "<file>", "", "Library hits as mzTab (small molecule section, MetaboliteSpectralMatcher's layout); with -in_features, one row per feature hit with the feature's abundances (AccurateMassSearch's feature-level layout).", false);
    setValidFormats_("out", ListUtils::create<String>("mzTab"));
    registerOutputFile_("out_tsv", "<file>", "", "Library hits as a tab-separated table, one row per hit.", false);
    setValidFormats_("out_tsv", ListUtils::create<String>("tsv"), false);
    registerOutputFile_("out_features", "<file>", "", "With -in_features: the feature map annotated with each feature's hits (PeptideIdentifications), written in the type of -in_features.", false);
    setValidFormats_("out_features", ListUtils::create<String>("featureXML,consensusXML"));
    registerOutputFile_("out_library", "<file>", "", "Writes the embedded -database as an embedding library for fast repeated searches; with -search_index ann it holds the approximate search index too.", false);
    setValidFormats_("out_library", ListUtils::create<String>(kEmbeddingLibraryExtension), false);
    registerStringOption_("library_precision", "<type>", "float32", "Precision of the embeddings -out_library stores: float16 halves the file and the memory a search maps, at a cosine error below 1e-3.", false, true);
    setValidStrings_("library_precision", ListUtils::create<String>("float32,float16"));
    registerIntOption_("library_shards", "<number>", 1, "With -out_library: the -database spectra are split into this many parts, and this run embeds part -library_shard only (every library_shards-th usable spectrum, from the library_shard-th on), reading the file as a stream and keeping only its part, so that its memory follows the part's size; jobs can embed the parts in parallel, and -merge_libraries joins them. With -decoys, each part draws its decoys from its own spectra.", false, true);
    setMinInt_("library_shards", 1);
    registerIntOption_("library_shard", "<index>", 0, "With -library_shards: the part this run embeds, 0 to library_shards - 1.", false, true);
    setMinInt_("library_shard", 0);
    registerInputFileList_("merge_libraries", "<files>", StringList(), "Instead of searching: joins embedding libraries written by one model (the shards of -library_shards, in order) into -out_library. Shards of another model, or broken ones, are refused.", false, true);
    setValidFormats_("merge_libraries", ListUtils::create<String>(kEmbeddingLibraryExtension), false);
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
    registerFlag_("decoys", "Also embed a decoy per library spectrum (-decoy_method) and search them with the library, for q-values by target-decoy competition (-q_values); -out_library stores the decoys. A library written with -decoys uses its decoys without this flag.");
    registerStringOption_("decoy_method", "<method>", "isomer_like", "How -decoys makes decoys: isomer_like (half of the target's fragments kept, the rest sampled as spectrum_based does, after XY-Meta, Anal Chem 2020; closer to the true FDR on the validation compounds) or spectrum_based (conditional peak sampling, Scheubert et al., Nat Commun 2017).", false, true);
    setValidStrings_("decoy_method", ListUtils::create<String>("isomer_like,spectrum_based"));
    registerStringOption_("q_values", "<method>", "auto", "How hits get q-values, the lowest false discovery rate at which each is accepted (all hits are then held until every query is searched): confidence (from the model's calibrated confidence of the queries' best hits: the estimated FDR of the hits accepted is the mean of 1 - confidence over them, Kall et al., J Proteome Res 2008; measured closest to the true FDR in open-world search, bench/open_world.sh), target_decoy (competition against the library's decoys), none, or auto: target_decoy with a library with decoys, else none.", false);
    setValidStrings_("q_values", ListUtils::create<String>("auto,confidence,target_decoy,none"));
    registerDoubleOption_("fdr", "<q>", 1.0, "Keep only hits with a q-value up to this (needs -q_values); 1: keep all.", false);
    setMinFloat_("fdr", 0.0);
    setMaxFloat_("fdr", 1.0);
    registerSearchOptions_();
    registerIntOption_("feature_top_k", "<number>", 1, "With -in_features: best compounds reported per feature.", false);
    setMinInt_("feature_top_k", 1);
    registerFullParam_(PrecursorFeatureIndex().getDefaults());
  }

  /// Where the hits' q-values come from (-q_values).
  enum class QValues
  {
    None,
    Confidence,
    TargetDecoy
  };

  /// The runs whose spectra are the queries: -in, or with a consensusXML -in_features the runs of its maps
  /// (-in_runs). Throws ParameterError for combinations that do not fit together.
  StringList queryRuns_(const String& in, const std::optional<FeatureAnnotation>& features) const
  {
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
      throw SpecEmbedding::ParameterError("-in_runs gives " + String(runs.size()) + (runs.size() == 1 ? " run" : " runs") + ", but the consensus map '" + in_features + "' has " +
                                          String(maps.size()) + " maps (" + ListUtils::concatenate(named, ", ") +
                                          "): give one mzML run per map, in map index order");
    }
    return runs;
  }

  /// -merge_libraries: the shards, loaded with their structure checked, joined and written to -out_library.
  ExitCodes mergeLibraries_(const StringList& shards, const String& out_library)
  {
    if (out_library.empty())
    {
      OPENMS_LOG_ERROR << "-merge_libraries writes the joined library to -out_library: give -out_library." << std::endl;
      return MISSING_PARAMETERS;
    }
    std::vector<SpecEmbedding::EmbeddingLibrary> libraries;
    std::vector<std::string> names;
    for (const auto& shard : shards)
    {
      libraries.push_back(SpecEmbedding::EmbeddingLibrary::load(shard, SpecEmbedding::LibraryCheck::Checksum));
      names.push_back(shard);
    }
    const auto model_option = getStringOption_("model");
    if (!model_option.empty()) libraries.front().requireModel(loadModel(model_option).weights_sha256, shards.front());
    LibraryBuild build;
    build.approximate_index = searchAlgorithm_().searchParameters().approximate;
    const auto merged = indexed_(SpecEmbedding::EmbeddingLibrary::merge(libraries, names), build);
    merged.save(out_library);
    OPENMS_LOG_INFO << "Joined " << shards.size() << " library shards into '" << out_library << "' (" << merged.size() - merged.decoyCount()
                    << " spectra" << (merged.decoyCount() ? " and " + String(merged.decoyCount()) + " decoys" : String()) << ")." << std::endl;
    return EXECUTION_OK;
  }

  ExitCodes runTool_() override
  {
    const StringList merge = getStringList_("merge_libraries");
    if (!merge.empty()) return mergeLibraries_(merge, getStringOption_("out_library"));
    const String in = getStringOption_("in");
    const String database = getStringOption_("database");
    const String out = getStringOption_("out"), out_tsv = getStringOption_("out_tsv");
    const String out_library = getStringOption_("out_library"), out_embeddings = getStringOption_("out_embeddings");
    const String out_html = getStringOption_("out_html"), out_network = getStringOption_("out_network");
    const String in_features = getStringOption_("in_features"), out_features = getStringOption_("out_features");
    if (out.empty() && out_tsv.empty() && out_html.empty() && out_network.empty() && out_library.empty() && out_embeddings.empty() &&
        out_features.empty())
    {
      OPENMS_LOG_ERROR << "Nothing to do: give -out, -out_tsv, -out_features, -out_html, -out_network, -out_library or -out_embeddings." << std::endl;
      return MISSING_PARAMETERS;
    }
    if (database.empty() && !(out.empty() && out_tsv.empty() && out_html.empty() && out_network.empty() && out_library.empty() &&
                              out_features.empty() && in_features.empty()))
    {
      OPENMS_LOG_ERROR << "-out, -out_tsv, -out_features, -out_html, -out_network, -out_library and -in_features need a -database." << std::endl;
      return MISSING_PARAMETERS;
    }
    if (!out_features.empty() && in_features.empty())
    {
      OPENMS_LOG_ERROR << "-out_features writes the annotated -in_features: give -in_features." << std::endl;
      return MISSING_PARAMETERS;
    }
    const auto search = searchAlgorithm_();
    // The feature file first, so that a broken one stops the run before any long work.
    std::optional<FeatureAnnotation> features;
    if (!in_features.empty())
    {
      features.emplace(in_features, getParam_().copySubset(PrecursorFeatureIndex().getDefaults()), getIntOption_("feature_top_k"));
      // Written in the type of -in_features whatever the name (TOPPAS names it .unknown and renames it by its
      // content), but a name that says the other type is a mistake.
      const auto type = FileHandler::getTypeByFileName(out_features);
      if (type == (features->isConsensus() ? FileTypes::FEATUREXML : FileTypes::CONSENSUSXML))
      {
        OPENMS_LOG_ERROR << "-out_features '" << out_features << "' must be of the type of -in_features '" << in_features << "' ("
                         << (features->isConsensus() ? "consensusXML" : "featureXML") << ")." << std::endl;
        return ILLEGAL_PARAMETERS;
      }
    }
    // Only -out_library needs no queries: it embeds the library alone.
    const bool searches = !(out.empty() && out_tsv.empty() && out_html.empty() && out_network.empty() && out_embeddings.empty() && out_features.empty());
    const StringList runs = searches ? queryRuns_(in, features) : StringList();
    if (runs.size() > 1 && !(out_embeddings.empty() && out_html.empty() && out_network.empty()))
    {
      OPENMS_LOG_ERROR << "-out_embeddings, -out_html and -out_network show one run: with -in_runs, run the Annotator per run for them." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    auto model = loadQueryModel_(runs.empty() ? in : runs.front());
    std::optional<SpecEmbedding::EmbeddingLibrary> library;
    const String q_values_option = getStringOption_("q_values");
    if (q_values_option == "target_decoy" && !getFlag_("decoys") && !String(database).toLower().hasSuffix(String(".") + kEmbeddingLibraryExtension))
    {
      OPENMS_LOG_ERROR << "-q_values target_decoy needs decoys: give -decoys, or an embedding library written with -decoys." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    LibraryBuild build;
    if (getFlag_("decoys")) build.decoys = SpecEmbedding::fromWord<SpecEmbedding::DecoyMethod>(getStringOption_("decoy_method"));
    build.precision = getStringOption_("library_precision") == "float16" ? torch::kFloat16 : torch::kFloat32;
    build.shards = static_cast<size_t>(getIntOption_("library_shards"));
    build.shard = static_cast<size_t>(getIntOption_("library_shard"));
    build.approximate_index = search.searchParameters().approximate && build.shards == 1; // the merged library is indexed
    if (build.shard >= build.shards)
    {
      OPENMS_LOG_ERROR << "-library_shard " << build.shard << " does not exist: shards go from 0 to -library_shards - 1 (" << build.shards - 1 << ")." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    if (build.shards > 1 && (searches || out_library.empty()))
    {
      OPENMS_LOG_ERROR << "-library_shards embeds part of the library for -out_library only: leave out the search outputs, and join the shards with -merge_libraries." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    const bool hybrid = search.searchParameters().hybrid();
    if (searches && !database.empty() && q_values_option == "confidence" && !(hybrid ? model.calibration.hybrid_confidence : model.calibration.confidence))
    {
      OPENMS_LOG_ERROR << "-q_values confidence needs a model calibrated for the confidence of " << (hybrid ? "hybrid" : "embedding")
                       << " search: calibrate it with SpecEmbeddingTrainer -calibrate." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    const auto& parameters = search.searchParameters();
    if (searches && parameters.analog_hits > 0 && !parameters.analogs_by_embedding && model.calibration.analog_similarity &&
        !model.calibration.analog_spectral_similarity)
    {
      OPENMS_LOG_WARN << "Warning: the model was calibrated before analog hits were ranked by modified cosine, so they get no "
                         "predicted_similarity: recalibrate it with SpecEmbeddingTrainer -calibrate, or give -analog_scoring embedding."
                      << std::endl;
    }
    if (!database.empty()) library = loadLibrary_(database, model, build);
    const bool with_decoys = library && library->decoyCount() > 0;
    const QValues q_values_method = q_values_option == "confidence"     ? QValues::Confidence
                                    : q_values_option == "target_decoy" ? QValues::TargetDecoy
                                    : q_values_option == "auto" && with_decoys ? QValues::TargetDecoy
                                                                               : QValues::None;
    if (library && q_values_method == QValues::TargetDecoy && !with_decoys)
    {
      OPENMS_LOG_ERROR << "-q_values target_decoy needs decoys, and the embedding library '" << database << "' has none: write it again with -decoys." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    if (getDoubleOption_("fdr") < 1.0 && q_values_method == QValues::None)
    {
      OPENMS_LOG_ERROR << "-fdr needs q-values: set -q_values confidence, or target_decoy with a library with decoys (-decoys)." << std::endl;
      return ILLEGAL_PARAMETERS;
    }
    if (library && !out_library.empty())
    {
      library->save(out_library);
      OPENMS_LOG_INFO << "Wrote the embedding library '" << out_library << "' (" << library->size() << " spectra)." << std::endl;
    }
    if (!searches) return EXECUTION_OK;

    // The outputs are written block by block of queries into pending files, which appear when all went well.
    std::optional<EmbeddingsTsvOutput> embeddings_output;
    std::optional<MzTabOutput> mztab_output;
    std::optional<HitsTsvOutput> tsv_output;
    if (!out_embeddings.empty()) embeddings_output.emplace(out_embeddings, in, model.weights_sha256, model.encoder->config().outputDim());
    // With features, -out is the feature-level mzTab that FeatureAnnotation writes.
    if (!out.empty() && !features) mztab_output.emplace(out, in, database);
    if (!out_tsv.empty()) tsv_output.emplace(out_tsv, features.has_value());
    std::optional<HtmlReportOutput> report_output;
    std::optional<NetworkOutput> network_output;
    if (!out_html.empty()) report_output.emplace(out_html, in, database, search.searchParameters());
    if (!out_network.empty()) network_output.emplace(out_network, getDoubleOption_("network_min_similarity"), getIntOption_("network_max_edges"));
    size_t searched = 0, hit_count = 0, analog_count = 0, identified = 0;
    // Writes a searched block of run map_index to every output.
    const auto emit = [&](Size map_index, const SpectrumBlock& block, const torch::Tensor& embeddings,
                          const std::vector<std::vector<SpecEmbedding::Hit>>& hits) {
      for (const auto& query_hits : hits)
      {
        for (const auto& hit : query_hits) (hit.kind == SpecEmbedding::HitKind::Analog ? analog_count : hit_count) += 1;
        identified += std::any_of(query_hits.begin(), query_hits.end(), [](const auto& hit) { return hit.kind != SpecEmbedding::HitKind::Analog; });
      }
      searched += block.spectra.size();
      SearchedQueries queries{block.spectra, block.input_index};
      std::vector<String> feature_ids;
      if (features)
      {
        const auto links = features->link(map_index, block.spectra);
        features->add(map_index, links, hits, queries, *library);
        for (const auto& link : links) feature_ids.push_back(link ? features->featureId(*link) : String());
        queries.map_index = map_index;
        queries.feature_ids = &feature_ids;
      }
      if (mztab_output) mztab_output->add(hits, queries, *library);
      if (tsv_output) tsv_output->add(hits, queries, *library);
      if (report_output) report_output->add(hits, queries, *library);
      if (network_output) network_output->add(hits, queries, *library, embeddings);
    };
    // With q-values, the blocks wait for them: they need every query's best hit (over targets and decoys, for
    // target-decoy competition).
    struct HeldBlock
    {
      Size map_index;
      SpectrumBlock block;
      torch::Tensor embeddings;
      std::vector<std::vector<SpecEmbedding::Hit>> hits;
    };
    std::vector<HeldBlock> held;
    std::vector<double> best_scores, best_confidences;
    std::vector<bool> best_is_decoy;
    size_t spectra_read = 0;
    for (Size map_index = 0; map_index < runs.size(); ++map_index)
    {
      spectra_read += readQueryBlocks_(runs[map_index], model, [&](SpectrumBlock&& block, const torch::Tensor& embeddings) {
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
        SpecEmbedding::applyCalibration(hits, block.spectra, *library, model.calibration, hybrid);
        SpecEmbedding::keepBestHits(hits, top_k);
        if (q_values_method == QValues::None) return emit(map_index, block, embeddings, hits);
        for (const auto& query_hits : hits)
        {
          if (!query_hits.empty() && query_hits.front().kind != SpecEmbedding::HitKind::Analog) best_confidences.push_back(query_hits.front().confidence);
        }
        if (!report_output) // only the report draws the queries' peaks
        {
          for (auto& spectrum : block.spectra) spectrum.mz = spectrum.intensity = {};
        }
        held.push_back({map_index, std::move(block), embeddings, std::move(hits)});
      });
    }
    if (q_values_method != QValues::None)
    {
      const bool by_decoys = q_values_method == QValues::TargetDecoy;
      const auto q_values = by_decoys ? SpecEmbedding::QValueCurve(best_scores, best_is_decoy) : SpecEmbedding::QValueCurve::fromConfidences(best_confidences);
      const double fdr = getDoubleOption_("fdr");
      if (by_decoys)
      {
        const size_t decoy_wins = static_cast<size_t>(std::count(best_is_decoy.begin(), best_is_decoy.end(), true));
        OPENMS_LOG_INFO << "Target-decoy competition: " << best_scores.size() - decoy_wins << " queries' best hits are library spectra, "
                        << decoy_wins << " decoys." << std::endl;
      }
      for (auto& [map_index, block, embeddings, hits] : held)
      {
        for (auto& query_hits : hits)
        {
          // A lower hit may be more confident than the best (the two have their own confidence models); it is
          // still accepted no sooner than the best.
          double best_q = 0.0;
          for (auto& hit : query_hits)
          {
            if (hit.kind == SpecEmbedding::HitKind::Analog) continue;
            hit.q_value = std::max(best_q, q_values(by_decoys ? hit.score : hit.confidence));
            if (hit.rank == 1) best_q = hit.q_value;
          }
          query_hits.erase(std::remove_if(query_hits.begin(), query_hits.end(), [&](const auto& hit) { return hit.q_value > fdr; }),
                           query_hits.end());
        }
        emit(map_index, block, embeddings, hits);
      }
    }
    if (library)
    {
      OPENMS_LOG_INFO << "Searched " << searched << " queries against " << library->size() << " library spectra: " << hit_count << " hits, "
                      << identified << " queries with at least one hit"
                      << (analog_count ? ", " + String(analog_count) + " analog hits" : String()) << "." << std::endl;
    }
    // Every output is written before any is moved into place.
    if (features)
    {
      features->report(runs);
      features->write(out, out_features, *library, database, runs, getProcessingInfo_(DataProcessing::IDENTIFICATION_MAPPING));
    }
    if (embeddings_output) embeddings_output->commit();
    if (mztab_output) mztab_output->commit(*library);
    if (tsv_output) tsv_output->commit();
    if (report_output) report_output->commit(spectra_read, *library);
    if (network_output) network_output->commit();
    if (features) features->commit();
    return EXECUTION_OK;
  }
};

int main(int argc, const char** argv)
{
  return SpecEmbeddingTool::run<SpecEmbeddingAnnotator>(argc, argv);
}
