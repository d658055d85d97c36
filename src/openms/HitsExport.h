#pragma once
// Search results as files: mzTab in MetaboliteSpectralMatching's layout, and a flat TSV; and the queries'
// embeddings. The outputs are written block by block of queries, as the Annotator streams them.
#include "core/io/Files.h"
#include "core/search/LibrarySearch.h"

#include <OpenMS/FORMAT/MzTab.h>
#include <OpenMS/FORMAT/SVOutStream.h>

#include <fstream>

namespace OpenMS
{
  /// The searched queries: spectra[i] is the query of Hit::query_index i; input_index[i] its 0-based
  /// position in the input file.
  struct SearchedQueries
  {
    const std::vector<SpecEmbedding::Spectrum>& spectra;
    const std::vector<size_t>& input_index;
    /// With features (the Annotator's -in_features): the run's map index, and each query's feature ID (empty: none).
    size_t map_index = 0;
    const std::vector<String>* feature_ids = nullptr;
  };

  /// One small-molecule row per hit, with MetaboliteSpectralMatching's columns, spectra_ref and the
  /// columns opt_rank, opt_global_hit_kind, opt_global_mass_difference, opt_global_predicted_similarity,
  /// opt_global_confidence and opt_global_q_value.
  MzTab hitsToMzTab(const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
                    const SpecEmbedding::EmbeddingLibrary& library, const String& query_file, const String& database_file);

  /// A flat table of hits, one row per hit, written block by block into a PendingFile. Columns
  /// query_index, query_id, rank, score, embedding_score, spectral_score, library_index, library_id, name,
  /// inchikey, smiles, formula, adduct, precursor_mz (the query's), library_precursor_mz, kind (identity,
  /// analog, unfiltered), mass_difference (library minus query precursor m/z), predicted_similarity
  /// (analog hits of a calibrated model), confidence (the probability that the hit is the query's compound,
  /// other hits of a calibrated model) and q_value (the lowest FDR that accepts the hit, with q-values); empty cells
  /// where not measured. With feature_columns, also map_index and feature_id (SearchedQueries).
  class HitsTsvOutput
  {
  public:
    explicit HitsTsvOutput(const String& path, bool feature_columns = false);
    void add(const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
             const SpecEmbedding::EmbeddingLibrary& library);
    /// Moves the finished table into place (PendingFile::commit).
    void commit();

  private:
    SpecEmbedding::PendingFile file_;
    std::ofstream stream_;
    SVOutStream out_;
    bool feature_columns_;
  };

  /// hitsToMzTab of every block as one mzTab document, written block by block into a PendingFile: the
  /// first block's document whole, then the small-molecule rows of the later ones (OpenMS's mzTab writer
  /// writes whole documents only; the metadata and the header do not depend on the rows).
  class MzTabOutput
  {
  public:
    MzTabOutput(const String& path, const String& query_file, const String& database_file);
    void add(const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
             const SpecEmbedding::EmbeddingLibrary& library);
    /// Writes a document without rows when no block had a hit, and moves the document into place.
    void commit(const SpecEmbedding::EmbeddingLibrary& library);

  private:
    void append(const MzTab& document);

    SpecEmbedding::PendingFile file_;
    String query_file_, database_file_;
    std::ofstream stream_;
    bool header_written_ = false;
  };

  /// The queries' raw embeddings, one line per usable query spectrum in input order: its identifier, then
  /// the values at float32's full precision; written block by block into a PendingFile.
  class EmbeddingsTsvOutput
  {
  public:
    EmbeddingsTsvOutput(const String& path, const String& query_file, const std::string& model_sha256, int64_t dimension);
    void add(const std::vector<SpecEmbedding::Spectrum>& spectra, const torch::Tensor& embeddings);
    void commit();

  private:
    SpecEmbedding::PendingFile file_;
    std::ofstream stream_;
    SVOutStream out_;
  };
}
