#pragma once
// Exact cosine search of query embeddings against an embedding library, with optional precursor and
// ion mode filters and an optional hybrid re-scoring of the best candidates by their peaks.
#include "../Hit.h"
#include "../Settings.h"
#include "../Spectrum.h"
#include "EmbeddingLibrary.h"
#include "SpectralSimilarity.h"

#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Which entries of a library with decoys a search scores as identity (or unfiltered) candidates.
  enum class DecoyCandidates
  {
    Include, ///< targets and decoys alike
    Exclude, ///< targets only
    Only     ///< decoys only (target-decoy competition)
  };

  /// The precursor window (ppm) whose best candidates by embedding learned search without a window also weighs.
  constexpr double kLearnedWindowPpm = 20.0;

  struct SearchParameters
  {
    int top_k = 10;
    double precursor_tolerance = 0.0; ///< 0 = filter off (analog search)
    bool tolerance_in_ppm = true;     ///< ppm of the query's precursor m/z, else Da
    bool match_ion_mode = true;       ///< only applied when query and library entry both state their ion mode
    double min_score = -1.0;          ///< hits scoring below are dropped (the combined score in hybrid mode; for analog hits by peaks, their modified cosine)
    int64_t block_size = 4096;        ///< queries scored at once
    int64_t scores_per_chunk = int64_t(1) << 24;
    /// Approximate search: only the entries of each query's ann_probes nearest lists of the library's
    /// ApproximateIndex are scored.
    bool approximate = false;
    int ann_probes = 32; ///< scores computed at once (a block against a library chunk): 64 MB
    /// Hybrid search: the spectral similarity that re-scores the best candidates by embedding; none: embedding alone.
    std::optional<SpectralScorer::Method> rescoring;
    /// Learned search: the candidates the learned scorer re-ranks (LearnedScoring), each query's best
    /// rescoring_candidates by embedding (without a precursor window, as many again of those within
    /// kLearnedWindowPpm of its precursor m/z) and, with analog hits, as many by embedding in the analog window
    /// (with a precursor window) and its best analog_candidates by modified cosine there; none of them re-scored
    /// here, and min_score is the scorer's to apply. Analog hits need no precursor window then: they are the
    /// candidates by peaks within analog_mass_window.
    bool learned = false;
    int analog_candidates = 20; ///< analog candidates by modified cosine per query in learned search
    int rescoring_candidates = 50;    ///< best candidates by embedding that hybrid search re-scores
    double rescoring_weight = 0.3;    ///< weight of the spectral score in the combined score (bench/tune_hybrid.sh)
    double fragment_tolerance = 0.02; ///< Da, for the spectral score and the analogs' modified cosine
    int analog_hits = 0;              ///< analog hits per query besides the identity hits; needs a precursor tolerance
    double analog_mass_window = 100.0; ///< Da: analog hits lie outside the precursor window but at most this far
    bool analogs_by_embedding = false; ///< rank analog candidates by embedding cosine, not by modified cosine of the peaks
    /// Not a user setting: which entries identity candidates come from (analog candidates are never decoys).
    DecoyCandidates decoy_candidates = DecoyCandidates::Include;

    /// The user settings (TOPP parameters of the search tools).
    static const SettingTable<SearchParameters>& settings();

    /// The tools' default search, chosen by measurement (bench/foreign.sh, bench/dev_accuracy.sh,
    /// bench/analog_search.sh): learned search, no precursor filter, one analog hit. A default-constructed
    /// SearchParameters is the published search, the embedding alone.
    static SearchParameters toolDefaults();

    /// Throws ParameterError for values or combinations that cannot work.
    void validate() const;
    bool hybrid() const { return rescoring.has_value(); }
    /// Re-scored after the embedding search, by peaks (hybrid) or by the learned scorer.
    bool rescored() const { return hybrid() || learned; }
  };

  /// Row i of query_raw_embeddings [queries.size(), library.dimension()] embeds queries[i]. Returns, per query,
  /// up to top_k hits best first, then up to analog_hits analog hits best first (by modified cosine, among all
  /// library spectra in the analog window but decoys, or by embedding score; no hybrid re-scoring); equal scores
  /// are ordered by library index. The precursor filter excludes library entries without a precursor m/z, and
  /// every entry for a query without one. The queries' peaks are read in hybrid mode and for analog hits by
  /// modified cosine only. progress(done) is called after each block of queries. An identity search without
  /// analog hits by embedding scores only the library entries inside each query's precursor window (PrecursorIndex).
  /// Throws ParameterError for invalid parameters, ModelError when the embedding dimensions differ and
  /// InputError for a non-finite query embedding.
  std::vector<std::vector<Hit>> searchLibrary(const torch::Tensor& query_raw_embeddings, const std::vector<Spectrum>& queries,
                                              const EmbeddingLibrary& library, const SearchParameters& parameters,
                                              const std::function<void(size_t done)>& progress = {});
}
