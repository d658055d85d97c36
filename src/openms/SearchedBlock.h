#pragma once
// A block of query spectra on its way through the search: read and embedded by the tool, searched by
// SpecEmbeddingSearchAlgorithm, then written by every output (SearchOutput).
#include "core/Hit.h"
#include "core/Spectrum.h"

#include <OpenMS/DATASTRUCTURES/String.h>

#include <torch/torch.h>

#include <optional>
#include <vector>

namespace OpenMS
{
  struct SearchedBlock
  {
    Size map_index = 0;                                ///< the run's position among the query runs (-in_runs); 0 for -in
    std::vector<SpecEmbedding::Spectrum> spectra;      ///< the usable queries, in file order
    std::vector<size_t> input_index;                   ///< their 0-based positions among the run's MS2 spectra
    torch::Tensor embeddings;                          ///< raw, one row per query
    std::vector<std::vector<SpecEmbedding::Hit>> hits; ///< per query, best first (Hit::query_index: the position in spectra); empty before the search
    /// With features (-in_features): each query's feature, as its position in the map and its unique ID;
    /// none (and an empty ID) where its precursor lies in no feature. Empty without features.
    std::vector<std::optional<Size>> features;
    std::vector<String> feature_ids;
  };
}
