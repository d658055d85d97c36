#pragma once
// Search results as files: mzTab in MetaboliteSpectralMatching's layout, and a flat TSV.
#include "core/search/LibrarySearch.h"

#include <OpenMS/FORMAT/MzTab.h>

namespace OpenMS
{
  /// The searched queries: spectra[i] is the query of Hit::query_index i; input_index[i] its 0-based
  /// position in the input file.
  struct SearchedQueries
  {
    const std::vector<SpecEmbedding::Spectrum>& spectra;
    const std::vector<size_t>& input_index;
  };

  /// One small-molecule row per hit, with MetaboliteSpectralMatching's columns, spectra_ref and the
  /// columns opt_rank, opt_global_hit_kind, opt_global_mass_difference and opt_global_predicted_similarity.
  MzTab hitsToMzTab(const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
                    const SpecEmbedding::EmbeddingLibrary& library, const String& query_file, const String& database_file);

  /// Columns query_index, query_id, rank, score, embedding_score, spectral_score, library_index,
  /// library_id, name, inchikey, smiles, formula, adduct, precursor_mz (the query's), library_precursor_mz,
  /// kind (identity, analog, unfiltered), mass_difference (library minus query precursor m/z) and
  /// predicted_similarity (analog hits of a calibrated model); empty cells where not measured.
  void writeHitsTsv(const String& path, const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
                    const SpecEmbedding::EmbeddingLibrary& library);
}
