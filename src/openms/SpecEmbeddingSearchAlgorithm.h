#pragma once
// The search pipeline as an OpenMS algorithm: the settings of the library search and of the q-values as
// parameters (DefaultParamHandler, cached in updateMembers_()), and run(), which takes each block of queries
// through the search, decoy removal, calibration, the top_k cut and q-values, and hands it on. Both search
// tools, the Annotator and the Evaluator, search through it.
#include "SearchedBlock.h"
#include "core/calibration/ModelCalibration.h"
#include "core/search/EmbeddingLibrary.h"
#include "core/search/FalseDiscovery.h"
#include "core/search/LibrarySearch.h"

#include <OpenMS/CONCEPT/ProgressLogger.h>
#include <OpenMS/DATASTRUCTURES/DefaultParamHandler.h>

#include <functional>

namespace OpenMS
{
  class SpecEmbeddingSearchAlgorithm : public DefaultParamHandler, public ProgressLogger
  {
  public:
    SpecEmbeddingSearchAlgorithm();

    /// The settings, as of the last setParameters().
    const SpecEmbedding::SearchParameters& searchParameters() const { return parameters_; }
    const SpecEmbedding::QValueOptions& qValueOptions() const { return q_values_; }

    /// Throws SpecEmbedding::ParameterError for settings that cannot work together: call it before long work.
    /// Logs that there are no analog hits where the search has no way to find them.
    void validateParameters() const;

    /// Fits the search to what the model can give, before the library is loaded: learned search without a
    /// learned scorer in the model falls back to the embedding alone, and the log says so; ParameterError for
    /// q-values from the confidence of an uncalibrated model; a warning where it lacks a calibration the search
    /// uses.
    void adaptToModel(const SpecEmbedding::ModelCalibration& calibration);

    /// Hands on a block of queries (to be searched, or searched).
    using BlockSink = std::function<void(SearchedBlock&& block)>;
    /// Hands every block of the queries, one after the other, to the sink it is given.
    using QuerySource = std::function<void(const BlockSink& search)>;

    struct Summary
    {
      size_t queries = 0;     ///< searched
      size_t hits = 0;        ///< identity and unfiltered hits reported
      size_t analog_hits = 0; ///< analog hits reported
      size_t identified = 0;  ///< queries with an identity or unfiltered hit
    };

    /// Searches each block that `queries` hands over against `library` and hands it with its hits to `sink`:
    /// each query's best top_k identity (or unfiltered) hits and its analog hits, decoys removed, with the
    /// confidence and predicted similarity of `calibration`. Without q-values the blocks go on one by one, in
    /// bounded memory. With q-values they are held until every query is searched (the q-values need every
    /// query's best hit, over targets and decoys for target-decoy competition), the queries' peaks dropped
    /// unless keep_peaks_of_held_queries; then each hit gets its q-value, those above fdr are removed, and the
    /// blocks go on in order. Throws ParameterError for q-values by target-decoy competition against a library
    /// without decoys.
    Summary run(const QuerySource& queries, const SpecEmbedding::EmbeddingLibrary& library, const SpecEmbedding::ModelCalibration& calibration,
                const BlockSink& sink, bool keep_peaks_of_held_queries = false) const;

  protected:
    void updateMembers_() override;

  private:
    /// Says in the log how the hits are ranked.
    void logRanking_() const;
    /// Throws ParameterError for target-decoy q-values in learned search.
    void checkLearnedQValues_() const;

    SpecEmbedding::SearchParameters parameters_;
    SpecEmbedding::QValueOptions q_values_;
    bool analogs_without_window_ = false; ///< analog hits asked for where the search cannot find them

  };
}
