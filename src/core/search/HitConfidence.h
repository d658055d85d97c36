#pragma once
// The confidence of a hit: the probability that it is the query's compound, from what the search knows.
#include "../Spectrum.h"
#include "../calibration/ConfidenceModel.h"
#include "EmbeddingLibrary.h"
#include "LibrarySearch.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// Candidates per query that the confidence features look at: a query's hits are searched to at
  /// least this depth, whatever top_k the user asked for.
  constexpr int kConfidenceCandidates = 10;

  /// How deep to search for top_k hits so that confidences see kConfidenceCandidates candidates: at least
  /// top_k, and in hybrid search at most the candidates it re-scores.
  int confidenceSearchDepth(const SearchParameters& parameters);

  /// What tells a hit that is the query's compound from one that is not, for each of a query's hits (best
  /// first, at least kConfidenceCandidates deep); the candidates are the first kConfidenceCandidates identity
  /// or unfiltered hits. Per hit: its score (the combined score in hybrid search); its margin over the best
  /// candidate of another compound; how far its precursor m/z is from the query's (log(1 + |difference| /
  /// 0.01 Da); 100 Da when unknown); the share of the candidates that are its compound; the spectral entropy
  /// similarity of its peaks to the query's (0.02 Da, whatever the search re-scored with); and that similarity's
  /// margin over the best one of another compound's candidate. Whatever the embedding ranks first, the peaks
  /// of an unknown compound's best hit rarely match better than those of the other candidates. A library
  /// entry without an InChIKey is a compound of its own. Analog hits get no features (an empty row).
  std::vector<std::vector<double>> confidenceFeatures(const Spectrum& query, const std::vector<Hit>& query_hits, const EmbeddingLibrary& library);
}
