#pragma once
// How often the right compound is among a query's best library hits: the usual accuracy of library search.
#include "LibrarySearch.h"

#include <string>
#include <vector>

namespace SpecEmbedding
{
  struct HitRatios
  {
    size_t evaluated = 0;  ///< queries with a compound key
    size_t skipped = 0;    ///< queries without one (no InChIKey)
    size_t in_library = 0; ///< evaluated queries whose compound is in the library at all: the reachable ceiling
    // Shares of the evaluated queries whose compound is among the k best hits; NaN when none was evaluated.
    double top1 = 0.0;
    double top5 = 0.0;
    double top10 = 0.0;
  };

  /// hits[q] are query q's hits best first (as searchLibrary returns them); compound keys are
  /// SpectrumAnnotation::compoundKey(), empty when unknown. library_name names the library
  /// in the InputError thrown when none of its entries has a compound key.
  HitRatios computeHitRatios(const std::vector<std::vector<Hit>>& hits, const std::vector<std::string>& query_keys,
                             const std::vector<std::string>& library_keys, const std::string& library_name);

  /// The same with the keys taken from the query spectra and the library entries.
  HitRatios computeHitRatios(const std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries,
                             const EmbeddingLibrary& library, const std::string& library_name);
}
