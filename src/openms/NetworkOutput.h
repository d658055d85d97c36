#pragma once
// The queries' molecular network (-out_network) as GraphML, which Cytoscape, Gephi and networkx read:
// a node per searched query with its best library hit, and an edge between queries whose embeddings are
// similar (core/search/SimilarityNetwork).
#include "SearchOutput.h"
#include "core/io/Files.h"
#include "core/search/SimilarityNetwork.h"

#include <optional>

namespace OpenMS
{
  /// Collects the queries, their best hits and embeddings block by block; finish() writes the network.
  ///
  /// Node attributes: query_index (position among the file's MS2 spectra, as in the TSV; the node ID is
  /// "q" and it), query_id, precursor_mz, retention_time (seconds, where known), label (the best hit's
  /// name, else the query ID), and of the best hit: hit_name, hit_inchikey, hit_smiles, hit_library_id,
  /// hit_score and hit_kind. Edge attribute: similarity (embedding cosine).
  class NetworkOutput : public SearchOutput
  {
  public:
    /// Edges join queries with a cosine of at least min_similarity that are among each other's max_edges
    /// strongest neighbours. Throws ParameterError for impossible settings.
    NetworkOutput(const String& path, double min_similarity, int max_edges);

    void begin(const SearchRun& run) override;
    /// Adds a block's queries, their embeddings and best hits.
    void add(const SearchedBlock& block) override;
    /// Writes the GraphML document.
    void finish() override;
    void commit() override;

  private:
    struct BestHit
    {
      std::string name, inchikey, smiles, library_id, kind;
      double score;
    };
    struct Node
    {
      size_t input_index;
      std::string id;
      double precursor_mz, retention_time;
      std::optional<BestHit> hit;
    };

    SpecEmbedding::PendingFile file_;
    const SearchRun* run_ = nullptr;
    size_t edge_count_ = 0;
    SpecEmbedding::SimilarityNetwork network_;
    std::vector<Node> nodes_;
  };
}
