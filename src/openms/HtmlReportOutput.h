#pragma once
// The HTML report of a search (-out_html): one self-contained page, without network resources, to look
// at a run's results: a summary with score histograms, and a table of the queries, 50 to a page, whose
// rows open to the query's hits, each with a mirror plot against the library spectrum and the hit's
// structure drawn by RDKit. The data is one deflated JSON document that the page's script unpacks, so
// that a run of thousands of spectra stays a few megabytes and the browser builds only what is shown.
#include "SearchOutput.h"
#include "core/io/Files.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>

namespace OpenMS
{
  /// Collects the searched queries block by block into the page's data; finish() writes the page.
  class HtmlReportOutput : public SearchOutput
  {
  public:
    /// Peaks a spectrum keeps for its mirror plot: its most intense ones.
    static constexpr size_t kPlottedPeaks = 150;

    /// Throws OutputError when path cannot be written.
    explicit HtmlReportOutput(const String& path);

    void begin(const SearchRun& run) override;
    /// Adds a block's queries with their peaks, and the library entries they hit that earlier blocks did not,
    /// with their peaks and structures (one drawing per SMILES).
    void add(const SearchedBlock& block) override;
    /// Writes the page with data().
    void finish() override;
    void commit() override;

    /// The page's data as it unpacks it: "run" (files, model, counts), "settings" (the search's parameters),
    /// "hit_columns" (the fields of each hit), "queries" (each with its peaks and hits), "library" (the hit
    /// entries, which hits name by position), "structures" (SVG, which entries name by position) and
    /// "plotted_peaks".
    nlohmann::json data() const;

  private:
    /// The position of the library entry in library_, added on its first hit.
    size_t entryPosition(size_t library_index);

    SpecEmbedding::PendingFile file_;
    const SearchRun* run_ = nullptr;
    size_t written_bytes_ = 0;
    nlohmann::json queries_ = nlohmann::json::array();
    nlohmann::json library_ = nlohmann::json::array();
    nlohmann::json structures_ = nlohmann::json::array();
    std::map<size_t, size_t> entry_positions_;          ///< library index -> position in library_
    std::map<std::string, nlohmann::json> structure_positions_; ///< SMILES -> position in structures_, null when not drawn
  };
}
