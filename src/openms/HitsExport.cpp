#include "HitsExport.h"

#include "MzTabCells.h"
#include "core/Errors.h"

#include <OpenMS/FORMAT/MzTabFile.h>
#include <OpenMS/SYSTEM/File.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

namespace OpenMS
{
  MzTab hitsToMzTab(const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
                    const SpecEmbedding::EmbeddingLibrary& library, const String& query_file, const String& database_file)
  {
    MzTab mztab;
    MzTabMetaData meta = mztab.getMetaData();
    meta.description = mzTabString("SpecEmbedding library search of " + File::basename(query_file) + " against " + File::basename(database_file));
    MzTabMSRunMetaData run;
    run.location = mzTabString("file://" + File::absolutePath(query_file));
    meta.ms_run[1] = run;
    mztab.setMetaData(meta);

    MzTabSmallMoleculeSectionRows rows;
    for (const auto& query_hits : hits)
    {
      for (const auto& hit : query_hits)
      {
        const auto& query = queries.spectra[hit.query_index];
        const auto& entry = library.entry(hit.library_index);
        MzTabSmallMoleculeSectionRow row = hitRow(hit, entry, query.precursor_mz, query.charge, query.retention_time, database_file, library.modelSha256());
        MzTabSpectraRef spectra_ref;
        spectra_ref.setMSFile(1);
        spectra_ref.setSpecRef(query.id.empty() ? "index=" + String(queries.input_index[hit.query_index]) : String(query.id));
        row.spectra_ref = spectra_ref;
        // MetaboliteSpectralMatching fills these though a single search has no abundances.
        MzTabDouble zero;
        zero.set(0.0);
        row.smallmolecule_abundance_study_variable[1] = zero;
        row.smallmolecule_abundance_stdev_study_variable[1] = zero;
        row.smallmolecule_abundance_std_error_study_variable[1] = zero;

        row.opt_.push_back(optionalColumn("opt_sec_id", entry.id));
        row.opt_.push_back(optionalColumn("opt_source_idx", String(queries.input_index[hit.query_index])));
        row.opt_.push_back(optionalColumn("opt_rank", String(hit.rank)));
        row.opt_.push_back(optionalColumn("opt_global_hit_kind", SpecEmbedding::toString(hit.kind)));
        row.opt_.push_back(optionalColumn("opt_global_mass_difference", formatNumber(hit.mass_difference, 8)));
        row.opt_.push_back(optionalColumn("opt_global_predicted_similarity", formatNumber(hit.predicted_similarity)));
        row.opt_.push_back(optionalColumn("opt_global_confidence", formatNumber(hit.confidence)));
        row.opt_.push_back(optionalColumn("opt_global_q_value", formatNumber(hit.q_value)));
        rows.push_back(row);
      }
    }
    mztab.setSmallMoleculeSectionRows(rows);
    return mztab;
  }

  namespace
  {
    /// A failed stream as the failure to write the pending file.
    void requireWritten(const std::ostream& stream, const SpecEmbedding::PendingFile& file)
    {
      if (!stream) throw file.failure(SpecEmbedding::OutputError("cannot write '" + file.path() + "' (disk full?)"));
    }
  }

  HitsTsvOutput::HitsTsvOutput(const String& path, bool feature_columns)
    : file_(path), stream_(file_.temporary()), out_(stream_, "\t", "_", String::NONE), feature_columns_(feature_columns)
  {
    if (!stream_) throw file_.failure(SpecEmbedding::OutputError("cannot write '" + path + "'"));
    out_ << "query_index" << "query_id" << "rank" << "score" << "embedding_score" << "spectral_score" << "library_index" << "library_id"
         << "name" << "inchikey" << "smiles" << "formula" << "adduct" << "precursor_mz" << "library_precursor_mz" << "kind" << "mass_difference"
         << "predicted_similarity" << "confidence" << "q_value";
    if (feature_columns_) out_ << "map_index" << "feature_id";
    out_ << nl;
  }

  void HitsTsvOutput::add(const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
                          const SpecEmbedding::EmbeddingLibrary& library)
  {
    for (const auto& query_hits : hits)
    {
      for (const auto& hit : query_hits)
      {
        const auto& query = queries.spectra[hit.query_index];
        const auto& entry = library.entry(hit.library_index);
        out_ << queries.input_index[hit.query_index] << query.id << hit.rank << formatNumber(hit.score) << formatNumber(hit.embedding_score)
             << formatNumber(hit.spectral_score) << hit.library_index << entry.id << entry.name << entry.inchikey << entry.smiles
             << entry.formula << entry.adduct << formatNumber(query.precursor_mz, 10) << formatNumber(entry.precursor_mz, 10)
             << SpecEmbedding::toString(hit.kind) << formatNumber(hit.mass_difference, 8) << formatNumber(hit.predicted_similarity)
             << formatNumber(hit.confidence) << formatNumber(hit.q_value);
        if (feature_columns_) out_ << queries.map_index << (queries.feature_ids ? (*queries.feature_ids)[hit.query_index] : String());
        out_ << nl;
      }
    }
    requireWritten(stream_, file_);
  }

  void HitsTsvOutput::commit()
  {
    stream_.close();
    requireWritten(stream_, file_);
    file_.commit();
  }

  MzTabOutput::MzTabOutput(const String& path, const String& query_file, const String& database_file)
    : file_(path), query_file_(query_file), database_file_(database_file), stream_(file_.temporary(), std::ios::binary)
  {
    if (!stream_) throw file_.failure(SpecEmbedding::OutputError("cannot write '" + path + "'"));
  }

  void MzTabOutput::add(const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
                        const SpecEmbedding::EmbeddingLibrary& library)
  {
    if (std::all_of(hits.begin(), hits.end(), [](const auto& query_hits) { return query_hits.empty(); })) return;
    append(hitsToMzTab(hits, queries, library, query_file_, database_file_));
  }

  void MzTabOutput::append(const MzTab& document)
  {
    const String block = File::getTemporaryFile() + ".mzTab";
    try
    {
      MzTabFile().store(block, document);
    }
    catch (const Exception::BaseException& error)
    {
      std::remove(block.c_str());
      throw file_.failure(SpecEmbedding::OutputError("cannot write '" + file_.path() + "': " + error.getMessage()));
    }
    const auto text = SpecEmbedding::readFile(block);
    std::remove(block.c_str());
    if (!header_written_)
    {
      stream_ << text;
      header_written_ = true;
    }
    else
    {
      std::istringstream lines(text);
      for (std::string line; std::getline(lines, line);)
      {
        if (line.rfind("SML\t", 0) == 0) stream_ << line << "\n";
      }
    }
    requireWritten(stream_, file_);
  }

  void MzTabOutput::commit(const SpecEmbedding::EmbeddingLibrary& library)
  {
    if (!header_written_)
    {
      const std::vector<SpecEmbedding::Spectrum> none;
      const std::vector<size_t> no_index;
      append(hitsToMzTab({}, {none, no_index}, library, query_file_, database_file_));
    }
    stream_.close();
    requireWritten(stream_, file_);
    file_.commit();
  }

  EmbeddingsTsvOutput::EmbeddingsTsvOutput(const String& path, const String& query_file, const std::string& model_sha256, int64_t dimension)
    : file_(path), stream_(file_.temporary()), out_(stream_, "\t", "_", String::NONE)
  {
    if (!stream_) throw file_.failure(SpecEmbedding::OutputError("cannot write '" + path + "'"));
    stream_ << "# SpecEmbedding raw embeddings of '" << query_file << "' by the model with weights sha256 " << model_sha256 << "\n"
            << "# columns: spectrum identifier, then " << dimension << " embedding values\n";
  }

  void EmbeddingsTsvOutput::add(const std::vector<SpecEmbedding::Spectrum>& spectra, const torch::Tensor& embeddings)
  {
    const auto values = embeddings.accessor<float, 2>();
    for (size_t row = 0; row < spectra.size(); ++row)
    {
      out_ << spectra[row].id;
      for (int64_t column = 0; column < embeddings.size(1); ++column)
      {
        char text[32];
        std::snprintf(text, sizeof text, "%.9g", values[row][column]); // float32's full precision
        out_ << String(text);
      }
      out_ << nl;
    }
    requireWritten(stream_, file_);
  }

  void EmbeddingsTsvOutput::commit()
  {
    stream_.close();
    requireWritten(stream_, file_);
    file_.commit();
  }
}
