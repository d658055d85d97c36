#pragma once
// The HTML report of a search (-out_html): one self-contained page, without network resources, to look
// at a run's results: a summary with score histograms, and a table of the queries, 50 to a page, whose
// rows open to the query's hits, each with a mirror plot against the library spectrum and the hit's
// structure drawn by RDKit. The data is one deflated JSON document that the page's script unpacks, so
// that a run of thousands of spectra stays a few megabytes and the browser builds only what is shown.
#include "HitsExport.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace OpenMS
{
  /// Collects the searched queries block by block, as the Annotator streams them, into the page's data;
  /// commit() writes the page.
  class HtmlReportOutput
  {
  public:
    /// Peaks a spectrum keeps for its mirror plot: its most intense ones.
    static constexpr size_t kPlottedPeaks = 150;

    HtmlReportOutput(const String& path, const String& query_file, const String& database_file,
                     const SpecEmbedding::SearchParameters& parameters);

    /// Adds a block's queries (hits[i] are those of queries.spectra[i]) with their peaks, and the library
    /// entries they hit that earlier blocks did not, with their peaks and structures (one drawing per SMILES).
    void add(const std::vector<std::vector<SpecEmbedding::Hit>>& hits, const SearchedQueries& queries,
             const SpecEmbedding::EmbeddingLibrary& library);

    /// The page's data as it unpacks it: "run" (files, model, counts), "settings" (the search's parameters),
    /// "hit_columns" (the fields of each hit), "queries" (each with its peaks and hits), "library" (the hit
    /// entries, which hits name by position), "structures" (SVG, which entries name by position) and
    /// "plotted_peaks". spectra_read: the query file's MS2 spectra, usable or not.
    nlohmann::json data(size_t spectra_read, const SpecEmbedding::EmbeddingLibrary& library) const;

    /// Writes the page with data(spectra_read, library) atomically (writeFileAtomically).
    void commit(size_t spectra_read, const SpecEmbedding::EmbeddingLibrary& library);

  private:
    /// The position of the library entry in library_, added on its first hit.
    size_t entryPosition(size_t library_index, const SpecEmbedding::EmbeddingLibrary& library);

    String path_, query_file_, database_file_;
    SpecEmbedding::SearchParameters parameters_;
    nlohmann::json queries_ = nlohmann::json::array();
    nlohmann::json library_ = nlohmann::json::array();
    nlohmann::json structures_ = nlohmann::json::array();
    std::map<size_t, size_t> entry_positions_;          ///< library index -> position in library_
    std::map<std::string, nlohmann::json> structure_positions_; ///< SMILES -> position in structures_, null when not drawn
  };
}
