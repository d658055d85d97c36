#pragma once
// The learned scorer (calibration/CandidateScorer) applied to the candidates of a learned search
// (SearchParameters::learned): each candidate's features (CandidateFeatures), then its identity probability
// and expected Tanimoto; identity (or unfiltered) candidates are ranked by the first, analog ones by the second.
#include "../Hit.h"
#include "../Spectrum.h"
#include "../calibration/CandidateScorer.h"
#include "CandidateFeatures.h"
#include "EmbeddingLibrary.h"

#include <torch/torch.h>

#include <vector>

namespace SpecEmbedding
{
  class LearnedScoring
  {
  public:
    /// library needs its compounds (EmbeddingLibrary::withCompounds).
    LearnedScoring(const EmbeddingLibrary& library, const CandidateScorer& scorer, double fragment_tolerance = 0.02);

    /// The features of every candidate of every query, row-major, in the order of hits (queries, then their
    /// candidates). hits[i]: the candidates of queries[i]; row i of query_raw_embeddings embeds it.
    std::vector<float> features(const std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries,
                                const torch::Tensor& query_raw_embeddings);

    /// Scores the candidates: every hit's predicted_similarity is the scorer's expected Tanimoto; an identity
    /// (or unfiltered) hit's score is its identity probability and its confidence that probability calibrated
    /// (CandidateScorer::confidence), an analog hit's score its expected Tanimoto. Each kind is ranked again
    /// by score (ties by library index), and hits scoring below min_score are removed.
    void apply(std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries, const torch::Tensor& query_raw_embeddings,
               double min_score = -1.0);

  private:
    CandidateFeatures features_;
    const CandidateScorer& scorer_;
  };
}
