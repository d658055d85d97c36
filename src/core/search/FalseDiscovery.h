#pragma once
// False discovery rates of library hits by target-decoy competition.
#include "EmbeddingLibrary.h"
#include "LibrarySearch.h"

#include <vector>

namespace SpecEmbedding
{
  /// q-values by target-decoy competition (Elias & Gygi, Nat Methods 2007; for spectral libraries Scheubert
  /// et al., Nat Commun 2017), built from each query's best hit over the target and the decoy library:
  /// scores[i], a decoy hit where decoy[i]. Accepting every hit scoring at least t, the estimated FDR is
  /// (decoy best hits >= t) / (target best hits >= t); the q-value of a score is the lowest estimated FDR of
  /// a threshold that accepts it (at most 1). Equal scores are accepted together.
  class QValueCurve
  {
  public:
    QValueCurve(const std::vector<double>& scores, const std::vector<bool>& decoy);
    double operator()(double score) const;

  private:
    std::vector<double> thresholds_; ///< the distinct best-hit scores, highest first
    std::vector<double> q_;          ///< per threshold, the lowest FDR of it and every lower threshold
  };

  /// The q-value of each entry (QValueCurve), decoys included.
  std::vector<double> targetDecoyQValues(const std::vector<double>& scores, const std::vector<bool>& decoy);

  /// Removes the decoy hits (EmbeddingLibrary::isDecoy) and numbers each query's remaining hits of each kind
  /// from rank 1 again.
  void removeDecoyHits(std::vector<std::vector<Hit>>& hits, const EmbeddingLibrary& library);
}
