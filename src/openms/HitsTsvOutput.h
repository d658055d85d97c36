#pragma once
// The hits as a flat table (-out_tsv), one row per hit, written block by block.
#include "StreamedOutput.h"

#include <OpenMS/FORMAT/SVOutStream.h>

namespace OpenMS
{
  /// Columns query_index, query_id, rank, score, embedding_score, spectral_score, library_index, library_id,
  /// name, inchikey, smiles, formula, adduct, precursor_mz (the query's), library_precursor_mz, kind (identity,
  /// analog, unfiltered), mass_difference (library minus query precursor m/z), predicted_similarity (analog
  /// hits of a calibrated model), confidence (the probability that the hit is the query's compound, other hits
  /// of a calibrated model) and q_value (the lowest FDR that accepts the hit, with q-values); empty cells where
  /// not measured. With feature_columns, also map_index and feature_id (SearchedBlock).
  class HitsTsvOutput : public StreamedOutput
  {
  public:
    /// Throws OutputError when path cannot be written.
    explicit HitsTsvOutput(const String& path, bool feature_columns = false);
    void begin(const SearchRun& run) override;
    void add(const SearchedBlock& block) override;

  private:
    SVOutStream out_;
    bool feature_columns_;
    const SearchRun* run_ = nullptr;
  };
}
