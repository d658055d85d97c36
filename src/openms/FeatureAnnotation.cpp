#include "FeatureAnnotation.h"

#include "MzTabCells.h"
#include "core/Errors.h"

#include <OpenMS/CHEMISTRY/AASequence.h>
#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/FORMAT/ConsensusXMLFile.h>
#include <OpenMS/FORMAT/FeatureXMLFile.h>
#include <OpenMS/FORMAT/FileHandler.h>
#include <OpenMS/FORMAT/MzTabFile.h>
#include <OpenMS/SYSTEM/File.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <sstream>

namespace OpenMS
{
  namespace
  {
    /// A file name as a run's name: without a file:// prefix and folders.
    String runName(const String& file)
    {
      return File::basename(file.hasPrefix("file://") ? file.substr(7) : file);
    }

    /// The identifier of our identification run, unique among the map's (an annotated map annotated again
    /// keeps both).
    String runIdentifier(const std::vector<ProteinIdentification>& existing)
    {
      String identifier = "SpecEmbeddingAnnotator";
      for (int n = 2; std::any_of(existing.begin(), existing.end(), [&](const auto& run) { return run.getIdentifier() == identifier; }); ++n)
      {
        identifier = "SpecEmbeddingAnnotator_" + String(n);
      }
      return identifier;
    }
  }

  FeatureAnnotation::FeatureAnnotation(const String& path, const Param& linking, Size top_k) : path_(path), top_k_(top_k)
  {
    index_.setParameters(linking);
    const auto type = FileHandler::getType(path);
    try
    {
      if (type == FileTypes::FEATUREXML)
      {
        features_.emplace();
        FeatureXMLFile().load(path, *features_);
        index_.build(*features_);
      }
      else if (type == FileTypes::CONSENSUSXML)
      {
        consensus_.emplace();
        ConsensusXMLFile().load(path, *consensus_);
        if (consensus_->getColumnHeaders().empty()) throw SpecEmbedding::InputError("the consensus map '" + path + "' lists no maps");
        index_.build(*consensus_);
      }
      else
      {
        throw SpecEmbedding::InputError("the feature file '" + path + "' is neither featureXML nor consensusXML");
      }
    }
    catch (const Exception::BaseException& error)
    {
      throw SpecEmbedding::InputError("the feature file '" + path + "' cannot be read: " + error.getMessage());
    }
    hits_.emplace(featureCount_());
    runs_.resize(mapFiles().size());
    if (index_.featuresWithoutHull() > 0)
    {
      OPENMS_LOG_INFO << index_.featuresWithoutHull() << " features of '" << path
                      << "' have no convex hull (FeatureFinderMetabo writes them with -algorithm:ffm:report_convex_hulls true): "
                      << "linked to spectra by their centroid within -rt_tolerance and -mz_tolerance." << std::endl;
    }
  }

  Size FeatureAnnotation::featureCount_() const
  {
    return features_ ? features_->size() : consensus_->size();
  }

  const BaseFeature& FeatureAnnotation::feature_(Size index) const
  {
    if (features_) return (*features_)[index];
    return (*consensus_)[index];
  }

  BaseFeature& FeatureAnnotation::feature_(Size index)
  {
    if (features_) return (*features_)[index];
    return (*consensus_)[index];
  }

  StringList FeatureAnnotation::mapFiles() const
  {
    if (features_)
    {
      // getPrimaryMSRunPath() warns and names an "UNKNOWN" run when the map names none.
      StringList runs;
      if (features_->metaValueExists("spectra_data")) features_->getPrimaryMSRunPath(runs);
      return {runs.empty() ? String() : runs.front()};
    }
    StringList files;
    for (const auto& [index, header] : consensus_->getColumnHeaders())
    {
      if (files.size() <= index) files.resize(index + 1);
      files[index] = header.filename;
    }
    return files;
  }

  void FeatureAnnotation::writeTo(const String& out_mztab, const String& out_features, const DataProcessing& processing)
  {
    out_mztab_ = out_mztab;
    out_features_ = out_features;
    processing_ = processing;
  }

  String FeatureAnnotation::featureId_(Size feature) const
  {
    return String(feature_(feature).getUniqueId());
  }

  void FeatureAnnotation::link(SearchedBlock& block)
  {
    auto& counts = runs_.at(block.map_index);
    block.features.clear();
    block.feature_ids.clear();
    for (const auto& spectrum : block.spectra)
    {
      const auto link = index_.find(block.map_index, spectrum.retention_time, spectrum.precursor_mz);
      ++counts.searched;
      counts.linked += link.has_value();
      counts.ambiguous += link && link->candidates > 1;
      block.features.push_back(link ? std::optional<Size>(link->feature) : std::nullopt);
      block.feature_ids.push_back(link ? featureId_(link->feature) : String());
    }
  }

  void FeatureAnnotation::begin(const SearchRun& run)
  {
    run_ = &run;
  }

  void FeatureAnnotation::add(const SearchedBlock& block)
  {
    for (size_t i = 0; i < block.features.size(); ++i)
    {
      if (!block.features[i]) continue;
      const auto& spectrum = block.spectra[i];
      hits_->add(*block.features[i], block.hits[i], *run_->library,
                 {block.map_index, block.input_index[i], spectrum.id, spectrum.precursor_mz, spectrum.retention_time});
    }
  }

  void FeatureAnnotation::report_() const
  {
    const StringList& runs = run_->query_files;
    const StringList files = mapFiles();
    for (Size map = 0; map < runs_.size(); ++map)
    {
      const auto& counts = runs_[map];
      const String run = map < runs.size() ? runs[map] : String();
      OPENMS_LOG_INFO << "Run '" << run << "' (map " << map << " of '" << path_ << "'): " << counts.linked << " of " << counts.searched
                      << " searched MS2 spectra lie in a feature, " << counts.searched - counts.linked << " in none"
                      << (counts.ambiguous ? " (" + String(counts.ambiguous) + " in several, linked to the nearest)" : String()) << "." << std::endl;
      if (!files[map].empty() && !run.empty() && runName(files[map]) != runName(run))
      {
        OPENMS_LOG_WARN << "Warning: map " << map << " of '" << path_ << "' comes from '" << runName(files[map]) << "', but its spectra are read from '"
                        << run << "'" << (isConsensus() ? ": give -in_runs in map index order." : ".") << std::endl;
      }
      if (counts.searched > 0 && counts.linked == 0)
      {
        OPENMS_LOG_WARN << "Warning: none of the " << counts.searched << " searched MS2 spectra of '" << run << "' lies in any of the "
                        << featureCount_() << " features of '" << path_ << "' (map " << map
                        << "): are the features from another run?" << std::endl;
      }
    }
    size_t with_spectra = 0, annotated = 0;
    for (Size feature = 0; feature < featureCount_(); ++feature)
    {
      with_spectra += hits_->spectra(feature) > 0;
      annotated += !hits_->best(feature, 1).empty();
    }
    OPENMS_LOG_INFO << "Features: " << featureCount_() << ", " << with_spectra << " with MS2 spectra, " << featureCount_() - with_spectra
                    << " without; " << annotated << " annotated (with a hit)." << std::endl;
  }

  std::map<Size, MzTabDouble> FeatureAnnotation::abundances_(Size feature) const
  {
    std::map<Size, MzTabDouble> abundances;
    if (features_)
    {
      abundances[1].set((*features_)[feature].getIntensity());
      return abundances;
    }
    for (Size map = 1; map <= runs_.size(); ++map) abundances[map] = MzTabDouble();
    for (const auto& handle : (*consensus_)[feature].getFeatures()) abundances[handle.getMapIndex() + 1].set(handle.getIntensity());
    return abundances;
  }

  MzTab FeatureAnnotation::toMzTab_() const
  {
    const auto& library = *run_->library;
    const String& database = run_->database_file;
    const StringList& runs = run_->query_files;
    MzTab mztab;
    MzTabMetaData meta = mztab.getMetaData();
    meta.mz_tab_type.fromCellString("Quantification");
    meta.mz_tab_mode.fromCellString("Summary");
    meta.description = mzTabString("SpecEmbedding feature annotation of " + File::basename(path_) + " against " + File::basename(database));
    for (Size map = 0; map < runs_.size(); ++map)
    {
      MzTabMSRunMetaData run;
      if (map < runs.size()) run.location = mzTabString("file://" + File::absolutePath(runs[map]));
      meta.ms_run[map + 1] = run;
      MzTabStudyVariableMetaData variable;
      variable.description = mzTabString("abundance of the features in map " + String(map) + " of " + File::basename(path_));
      meta.study_variable[map + 1] = variable;
    }
    mztab.setMetaData(meta);

    MzTabSmallMoleculeSectionRows rows;
    for (Size index = 0; index < featureCount_(); ++index)
    {
      const BaseFeature& feature = feature_(index);
      for (const auto& [hit, spectrum, agreeing] : hits_->best(index, top_k_))
      {
        const auto& entry = library.entry(hit.library_index);
        MzTabSmallMoleculeSectionRow row = hitRow(hit, entry, feature.getMZ(), feature.getCharge(), feature.getRT(), database, library.modelSha256());
        MzTabSpectraRef spectra_ref;
        spectra_ref.setMSFile(spectrum.run + 1);
        spectra_ref.setSpecRef(spectrum.id.empty() ? "index=" + String(spectrum.input_index) : String(spectrum.id));
        row.spectra_ref = spectra_ref;
        row.smallmolecule_abundance_study_variable = abundances_(index);
        for (const auto& variable : row.smallmolecule_abundance_study_variable)
        {
          row.smallmolecule_abundance_stdev_study_variable[variable.first] = MzTabDouble();
          row.smallmolecule_abundance_std_error_study_variable[variable.first] = MzTabDouble();
        }
        row.opt_.push_back(optionalColumn("opt_rank", String(hit.rank)));
        row.opt_.push_back(optionalColumn("opt_global_feature_id", String(feature.getUniqueId())));
        row.opt_.push_back(optionalColumn("opt_global_linked_spectra", String(hits_->spectra(index))));
        row.opt_.push_back(optionalColumn("opt_global_agreeing_spectra", String(agreeing)));
        row.opt_.push_back(optionalColumn("opt_global_hit_kind", SpecEmbedding::toString(hit.kind)));
        row.opt_.push_back(optionalColumn("opt_global_confidence", formatNumber(hit.confidence)));
        row.opt_.push_back(optionalColumn("opt_global_q_value", formatNumber(hit.q_value)));
        rows.push_back(row);
      }
    }
    mztab.setSmallMoleculeSectionRows(rows);
    return mztab;
  }

  void FeatureAnnotation::annotateMap_()
  {
    const auto& library = *run_->library;
    const String& database = run_->database_file;
    const DataProcessing& processing = processing_;
    auto& runs = features_ ? features_->getProteinIdentifications() : consensus_->getProteinIdentifications();
    // A PeptideIdentification needs the identification run it refers to, or the map's writer drops it.
    ProteinIdentification run;
    run.setIdentifier(runIdentifier(runs));
    run.setSearchEngine("SpecEmbedding");
    run.setSearchEngineVersion(SPECEMBEDDING_VERSION);
    run.setDateTime(processing.getCompletionTime());
    auto parameters = run.getSearchParameters();
    parameters.db = File::basename(database);
    parameters.db_version = "model " + library.modelSha256().substr(0, 12);
    run.setSearchParameters(parameters);
    runs.push_back(run);

    for (Size index = 0; index < featureCount_(); ++index)
    {
      const auto best = hits_->best(index, top_k_);
      if (best.empty()) continue;
      PeptideIdentification identification;
      identification.setIdentifier(run.getIdentifier());
      identification.setScoreType("SpecEmbedding score");
      identification.setHigherScoreBetter(true);
      // Where the best hit was found: its spectrum's precursor.
      const auto& spectrum = best.front().spectrum;
      identification.setRT(spectrum.retention_time);
      identification.setMZ(spectrum.precursor_mz);
      identification.setMetaValue("spectrum_reference", spectrum.id);
      if (isConsensus()) identification.setMetaValue("map_index", static_cast<int>(spectrum.run));
      identification.setMetaValue("linked_spectra", static_cast<int>(hits_->spectra(index)));
      for (const auto& [hit, hit_spectrum, agreeing] : best)
      {
        const auto& entry = library.entry(hit.library_index);
        PeptideHit peptide_hit(hit.score, hit.rank, feature_(index).getCharge(), AASequence());
        peptide_hit.setMetaValue("identifier", entry.id);
        peptide_hit.setMetaValue("description", entry.name);
        peptide_hit.setMetaValue("chemical_formula", entry.formula);
        peptide_hit.setMetaValue("inchi_key", entry.inchikey);
        peptide_hit.setMetaValue("smiles", entry.smiles);
        peptide_hit.setMetaValue("adduct", entry.adduct);
        if (entry.precursor_mz > 0.0) peptide_hit.setMetaValue("calc_mass_to_charge", entry.precursor_mz);
        peptide_hit.setMetaValue("agreeing_spectra", static_cast<int>(agreeing));
        peptide_hit.setMetaValue("hit_kind", SpecEmbedding::toString(hit.kind));
        peptide_hit.setMetaValue("spectrum_reference", hit_spectrum.id);
        peptide_hit.setMetaValue("embedding_score", hit.embedding_score);
        if (!std::isnan(hit.spectral_score)) peptide_hit.setMetaValue("spectral_score", hit.spectral_score);
        if (!std::isnan(hit.confidence)) peptide_hit.setMetaValue("confidence", hit.confidence);
        if (!std::isnan(hit.q_value)) peptide_hit.setMetaValue("q_value", hit.q_value);
        identification.insertHit(peptide_hit);
      }
      feature_(index).getPeptideIdentifications().push_back(identification);
    }
    if (features_) features_->getDataProcessing().push_back(processing);
    else consensus_->getDataProcessing().push_back(processing);
  }

  void FeatureAnnotation::finish()
  {
    report_();
    const String& out_mztab = out_mztab_;
    const String& out_features = out_features_;
    if (!out_mztab.empty())
    {
      mztab_file_ = std::make_unique<SpecEmbedding::PendingFile>(out_mztab);
      try
      {
        MzTabFile().store(mztab_file_->temporary(), toMzTab_());
      }
      catch (const Exception::BaseException& error)
      {
        throw mztab_file_->failure(SpecEmbedding::OutputError("cannot write '" + out_mztab + "': " + error.getMessage()));
      }
    }
    if (out_features.empty()) return;
    features_file_ = std::make_unique<SpecEmbedding::PendingFile>(out_features);
    annotateMap_();
    try
    {
      if (features_) FeatureXMLFile().store(features_file_->temporary(), *features_);
      else ConsensusXMLFile().store(features_file_->temporary(), *consensus_);
    }
    catch (const Exception::BaseException& error)
    {
      throw features_file_->failure(SpecEmbedding::OutputError("cannot write '" + out_features + "': " + error.getMessage()));
    }
  }

  void FeatureAnnotation::commit()
  {
    if (mztab_file_) mztab_file_->commit();
    if (features_file_) features_file_->commit();
  }
}
