#include "HitsTsvOutput.h"

#include "MzTabCells.h"

namespace OpenMS
{
  HitsTsvOutput::HitsTsvOutput(const String& path, bool feature_columns)
    : StreamedOutput(path), out_(stream_, "\t", "_", String::NONE), feature_columns_(feature_columns)
  {
  }

  void HitsTsvOutput::begin(const SearchRun& run)
  {
    run_ = &run;
    out_ << "query_index" << "query_id" << "rank" << "score" << "embedding_score" << "spectral_score" << "library_index" << "library_id"
         << "name" << "inchikey" << "smiles" << "formula" << "adduct" << "precursor_mz" << "library_precursor_mz" << "kind" << "mass_difference"
         << "predicted_similarity" << "confidence" << "q_value";
    if (feature_columns_) out_ << "map_index" << "feature_id";
    out_ << nl;
    file_.checkWritten(stream_);
  }

  void HitsTsvOutput::add(const SearchedBlock& block)
  {
    for (const auto& query_hits : block.hits)
    {
      for (const auto& hit : query_hits)
      {
        const auto& query = block.spectra[hit.query_index];
        const auto entry = run_->library->entry(hit.library_index);
        out_ << block.input_index[hit.query_index] << query.id << hit.rank << formatNumber(hit.score) << formatNumber(hit.embedding_score)
             << formatNumber(hit.spectral_score) << hit.library_index << entry.id << entry.name << entry.inchikey << entry.smiles
             << entry.formula << entry.adduct << formatNumber(query.precursor_mz, 10) << formatNumber(entry.precursor_mz, 10)
             << SpecEmbedding::toString(hit.kind) << formatNumber(hit.mass_difference, 8) << formatNumber(hit.predicted_similarity)
             << formatNumber(hit.confidence) << formatNumber(hit.q_value);
        if (feature_columns_) out_ << block.map_index << (block.feature_ids.empty() ? String() : block.feature_ids[hit.query_index]);
        out_ << nl;
      }
    }
    file_.checkWritten(stream_);
  }
}
