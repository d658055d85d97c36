#pragma once
// Feature-level annotation (the Annotator's -in_features): the features of a FeatureFinderMetabo featureXML
// or a FeatureLinker consensusXML, each with the best hits of the MS2 spectra whose precursor it holds.
// Written as the annotated feature map (PeptideIdentifications with small-molecule PeptideHits, as
// AccurateMassSearch annotates features, so that OpenMS's tools read them back) and as mzTab, one SML row per
// feature hit with the feature's abundance in each map.
#include "PrecursorFeatureIndex.h"
#include "SearchOutput.h"
#include "core/io/Files.h"
#include "core/search/FeatureHits.h"

#include <OpenMS/FORMAT/MzTab.h>
#include <OpenMS/METADATA/DataProcessing.h>

#include <memory>
#include <optional>

namespace OpenMS
{
  /// An output of the Annotator: link() gives each block's spectra their features before the search, add() takes
  /// the searched block, and finish() logs the counts of each run and writes the feature-level mzTab and the
  /// annotated feature map.
  class FeatureAnnotation : public SearchOutput
  {
  public:
    /// Loads the feature file, a featureXML or a consensusXML by its content, and indexes its features with
    /// the PrecursorFeatureIndex parameters `linking`. Throws InputError naming the file when it cannot be read.
    FeatureAnnotation(const String& path, const Param& linking, Size top_k);

    /// Where finish() writes: the feature-level mzTab (none when empty) and the annotated feature map (none
    /// when empty), recording `processing` in it.
    void writeTo(const String& out_mztab, const String& out_features, const DataProcessing& processing);

    bool isConsensus() const { return consensus_.has_value(); }

    /// The runs the map's features come from, as the file names them (may be empty): one for a featureXML,
    /// a consensusXML's column headers in map index order.
    StringList mapFiles() const;

    /// Sets the feature (its position in the map, and its unique ID) of each spectrum of the block, of run
    /// block.map_index: none where its precursor lies in no feature. Counts the spectra for the log.
    void link(SearchedBlock& block);

    void begin(const SearchRun& run) override;
    /// Adds the hits of a linked block's spectra to their features.
    void add(const SearchedBlock& block) override;
    /// Logs per run how many searched spectra lie in a feature, and the features with and without MS2 and
    /// hits; warns about a run none of whose spectra lies in a feature (features of another run?) and about
    /// a run whose file name differs from the one the feature map names for it. Then writes the files.
    void finish() override;
    /// Moves the written files into place.
    void commit() override;

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
    /// The feature's unique ID as text, as featureXML and consensusXML write it.
    String featureId_(Size feature) const;
    void report_() const;
    MzTab toMzTab_() const;
    void annotateMap_();

    String path_;
    std::optional<FeatureMap> features_;
    std::optional<ConsensusMap> consensus_;
    PrecursorFeatureIndex index_;
    Size top_k_;
    std::optional<SpecEmbedding::FeatureHits> hits_;
    std::vector<RunCounts> runs_;
    const SearchRun* run_ = nullptr;
    String out_mztab_, out_features_;
    DataProcessing processing_;
    std::unique_ptr<SpecEmbedding::PendingFile> mztab_file_, features_file_;
  };
}
