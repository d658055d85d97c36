#include "MzTabOutput.h"

#include "MzTabCells.h"

#include <OpenMS/FORMAT/MzTabFile.h>
#include <OpenMS/SYSTEM/File.h>

namespace OpenMS
{
  namespace
  {
    /// OpenMS's mzTab writer, line by line: MzTabFile::store writes whole documents only, but its section
    /// generators write exactly what store() would, one part at a time.
    class SmallMoleculeLines : public MzTabFile
    {
    public:
      StringList metaData(const MzTabMetaData& meta) const
      {
        StringList lines;
        generateMzTabMetaDataSection_(meta, lines);
        return lines;
      }

      /// The header that store() derives from the first row; n_columns gets its width.
      String header(const MzTabSmallMoleculeSectionRow& first, const MzTabMetaData& meta, const std::vector<String>& optional_columns,
                    size_t& n_columns) const
      {
        return generateMzTabSmallMoleculeHeader_(meta.ms_run.size(), meta.smallmolecule_search_engine_score.size(),
                                                 first.search_engine_score_ms_run.size(), first.smallmolecule_abundance_assay.size(),
                                                 first.smallmolecule_abundance_study_variable.size(), optional_columns, n_columns);
      }

      String row(const MzTabSmallMoleculeSectionRow& row, const MzTabMetaData& meta, const std::vector<String>& optional_columns,
                 size_t& n_columns) const
      {
        return generateMzTabSectionRow_(row, optional_columns, meta, n_columns);
      }
    };

    /// The optional columns of every row, in order.
    const std::vector<String>& optionalColumns()
    {
      static const std::vector<String> columns = {"opt_ppm_error", "opt_adduct_ion", "opt_match_score", "opt_sec_id", "opt_source_idx",
                                                  "opt_rank", "opt_global_hit_kind", "opt_global_mass_difference",
                                                  "opt_global_predicted_similarity", "opt_global_confidence", "opt_global_q_value"};
      return columns;
    }
  }

  MzTabOutput::MzTabOutput(const String& path)
    : StreamedOutput(path)
  {
  }

  void MzTabOutput::begin(const SearchRun& run)
  {
    run_ = &run;
    meta_.description = mzTabString("SpecEmbedding library search of " + File::basename(run.query_files.front()) + " against " +
                                    File::basename(run.database_file));
    MzTabMSRunMetaData ms_run;
    ms_run.location = mzTabString("file://" + File::absolutePath(run.query_files.front()));
    meta_.ms_run[1] = ms_run;
    for (const auto& line : SmallMoleculeLines().metaData(meta_)) stream_ << line << "\n";
    file_.checkWritten(stream_);
  }

  void MzTabOutput::add(const SearchedBlock& block)
  {
    const SmallMoleculeLines lines;
    const auto& library = *run_->library;
    for (const auto& query_hits : block.hits)
    {
      for (const auto& hit : query_hits)
      {
        const auto& query = block.spectra[hit.query_index];
        const auto entry = library.entry(hit.library_index);
        const String source = String(block.input_index[hit.query_index]);
        auto row = hitRow(hit, entry, query.precursor_mz, query.charge, query.retention_time, run_->database_file, library.modelSha256());
        MzTabSpectraRef spectra_ref;
        spectra_ref.setMSFile(1);
        spectra_ref.setSpecRef(query.id.empty() ? "index=" + source : String(query.id));
        row.spectra_ref = spectra_ref;
        // MetaboliteSpectralMatching fills these though a single search has no abundances.
        MzTabDouble zero;
        zero.set(0.0);
        row.smallmolecule_abundance_study_variable[1] = zero;
        row.smallmolecule_abundance_stdev_study_variable[1] = zero;
        row.smallmolecule_abundance_std_error_study_variable[1] = zero;
        row.opt_.push_back(optionalColumn("opt_sec_id", entry.id));
        row.opt_.push_back(optionalColumn("opt_source_idx", source));
        row.opt_.push_back(optionalColumn("opt_rank", String(hit.rank)));
        row.opt_.push_back(optionalColumn("opt_global_hit_kind", SpecEmbedding::toString(hit.kind)));
        row.opt_.push_back(optionalColumn("opt_global_mass_difference", formatNumber(hit.mass_difference, 8)));
        row.opt_.push_back(optionalColumn("opt_global_predicted_similarity", formatNumber(hit.predicted_similarity)));
        row.opt_.push_back(optionalColumn("opt_global_confidence", formatNumber(hit.confidence)));
        row.opt_.push_back(optionalColumn("opt_global_q_value", formatNumber(hit.q_value)));
        if (header_columns_ == 0) stream_ << "\n" << lines.header(row, meta_, optionalColumns(), header_columns_) << "\n";
        size_t row_columns = 0;
        stream_ << lines.row(row, meta_, optionalColumns(), row_columns) << "\n";
        if (row_columns != header_columns_) throw file_.failure(SpecEmbedding::OutputError("an mzTab row does not fit its header"));
      }
    }
    file_.checkWritten(stream_);
  }
}
