#pragma once
// A model's calibrations applied to the hits of a search: predicted similarity and confidence.
#include "../calibration/ModelCalibration.h"
#include "HitConfidence.h"
#include "LibrarySearch.h"

#include <vector>

namespace SpecEmbedding
{
  /// Sets the predicted structural similarity of the analog hits (from their modified cosine where they have
  /// one, else from their embedding cosine) and the confidence of the other hits
  /// where the model has those calibrations; hits[i] are the hits of queries[i], from hybrid search where
  /// hybrid. For confidences, a query's hits must reach kConfidenceCandidates deep (then keepBestHits, HitSelection.h).
  void applyCalibration(std::vector<std::vector<Hit>>& hits, const std::vector<Spectrum>& queries, const EmbeddingLibrary& library,
                        const ModelCalibration& calibration, bool hybrid);
}
