#pragma once
// A library hit of a query spectrum, as every search and every output sees it.
#include "Words.h"

#include <cstddef>
#include <limits>
#include <string>

namespace SpecEmbedding
{
  /// What a hit is: inside the precursor window (identity), outside it but within the analog window
  /// (analog), or from a search without precursor filter (unfiltered).
  enum class HitKind
  {
    Unfiltered,
    Identity,
    Analog
  };

  template <>
  struct EnumWords<HitKind>
  {
    static constexpr const char* what = "hit kind";
    static constexpr std::pair<HitKind, const char*> words[] = {{HitKind::Unfiltered, "unfiltered"}, {HitKind::Identity, "identity"}, {HitKind::Analog, "analog"}};
  };

  struct Hit
  {
    size_t query_index;
    size_t library_index;
    int rank;                ///< 1 for the best hit of its kind
    double score;            ///< what hits are ranked by: the combined score in hybrid mode, the modified cosine for
                             ///< analog hits ranked by their peaks, else the embedding score
    double embedding_score;  ///< cosine of the two embeddings
    double spectral_score;   ///< the hybrid search's spectral score, or an analog hit's modified cosine; else NaN
    HitKind kind = HitKind::Unfiltered;
    double mass_difference = std::numeric_limits<double>::quiet_NaN(); ///< library minus query precursor m/z; NaN when unknown
    /// The expected Tanimoto similarity of the two structures, from a model's calibration (analog hits); NaN without one.
    double predicted_similarity = std::numeric_limits<double>::quiet_NaN();
    /// The probability that the hit is the query's compound, from a model's calibration (identity and
    /// unfiltered hits; HitConfidence); NaN without one.
    double confidence = std::numeric_limits<double>::quiet_NaN();
    /// The lowest false discovery rate at which the hit is accepted, over the queries' best hits, from their
    /// confidence or by target-decoy competition (FalseDiscovery); NaN without q-values.
    double q_value = std::numeric_limits<double>::quiet_NaN();
  };
}
