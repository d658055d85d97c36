#pragma once
// Feature-level annotation (the Annotator's -in_features): the features of a FeatureFinderMetabo featureXML
// or a FeatureLinker consensusXML, each with the best hits of the MS2 spectra whose precursor it holds.
// Written as the annotated feature map (PeptideIdentifications with small-molecule PeptideHits, as
// AccurateMassSearch annotates features, so that OpenMS's tools read them back) and as mzTab, one SML row per
// feature hit with the feature's abundance in each map.
#include "HitsExport.h"
#include "PrecursorFeatureIndex.h"
#include "core/search/FeatureHits.h"

#include <OpenMS/METADATA/DataProcessing.h>

#include <memory>
#include <optional>

namespace OpenMS
{
  /// Used as the Annotator streams its queries: link() and add() per searched block of each run, report()
  /// and write() when all runs are searched, commit() when every output of the tool was written.
  class FeatureAnnotation
  {
  public:
    /// Loads the feature file, a featureXML or a consensusXML by its content, and indexes its features with
    /// the PrecursorFeatureIndex parameters `linking`. Throws InputError naming the file when it cannot be read.
    FeatureAnnotation(const String& path, const Param& linking, Size top_k);

    bool isConsensus() const { return consensus_.has_value(); }

    /// The runs the map's features come from, as the file names them (may be empty): one for a featureXML,
    /// a consensusXML's column headers in map index order.
    StringList mapFiles() const;

    /// The feature (its position in the map) of each spectrum of map map_index's run; none where its
    /// precursor lies in no feature. Counts the spectra for report().
    std::vector<std::optional<Size>> link(Size map_index, const std::vector<SpecEmbedding::Spectrum>& spectra);

    /// The feature's unique ID as text, as featureXML and consensusXML write it.
    String featureId(Size feature) const;

    /// Adds a searched block of map map_index's run: links (from link()) and hits parallel to queries.spectra.
    void add(Size map_index, const std::vector<std::optional<Size>>& links, const std::vector<std::vector<SpecEmbedding::Hit>>& hits,
             const SearchedQueries& queries, const SpecEmbedding::EmbeddingLibrary& library);

    /// Logs per run how many searched spectra lie in a feature, and the features with and without MS2 and
    /// hits. Warns about a run none of whose spectra lies in a feature (features of another run?) and about
    /// a run whose file name differs from the one the feature map names for it. runs: the runs' files in map order.
    void report(const StringList& runs) const;

    /// Writes, into pending files, the feature-level mzTab (unless out_mztab is empty) and the annotated
    /// feature map (unless out_features is empty), recording `processing` in it. runs: as for report().
    void write(const String& out_mztab, const String& out_features, const SpecEmbedding::EmbeddingLibrary& library, const String& database,
               const StringList& runs, const DataProcessing& processing);

    /// Moves the written files into place.
    void commit();

  private:
    struct RunCounts
    {
      size_t searched = 0, linked = 0, ambiguous = 0;
    };

    Size featureCount_() const;
    const BaseFeature& feature_(Size index) const;
    BaseFeature& feature_(Size index);
    /// The feature's abundance in each map (study variable), by map index from 1.
    std::map<Size, MzTabDouble> abundances_(Size feature) const;
    MzTab toMzTab_(const SpecEmbedding::EmbeddingLibrary& library, const String& database, const StringList& runs) const;
    void annotateMap_(const SpecEmbedding::EmbeddingLibrary& library, const String& database, const DataProcessing& processing);

    String path_;
    std::optional<FeatureMap> features_;
    std::optional<ConsensusMap> consensus_;
    PrecursorFeatureIndex index_;
    Size top_k_;
    std::optional<SpecEmbedding::FeatureHits> hits_;
    std::vector<RunCounts> runs_;
    std::unique_ptr<SpecEmbedding::PendingFile> mztab_file_, features_file_;
  };
}
