#pragma once
// Decoy spectra for target-decoy FDR estimation of library search.
#include "../Spectrum.h"

#include <cstdint>
#include <vector>

namespace SpecEmbedding
{
  /// One decoy per library spectrum by the spectrum-based method of Scheubert et al., "Significance
  /// estimation for large scale metabolomics annotations by spectral matching", Nat Commun 8, 1494 (2017)
  /// (Passatutto's conditional peak sampling): starting from the precursor m/z, the decoy repeatedly takes
  /// one of its own peaks at random, picks a library spectrum holding a peak within `tolerance` Da of it,
  /// and adds a random peak of that spectrum, so that the decoy's fragments co-occur as real fragments do.
  /// A drawn peak is kept when it lies below the precursor m/z and is more than `tolerance` from every peak
  /// of the decoy and every fragment of the target (so that a decoy never matches its own target's
  /// fragments); after many rejected draws, a peak is drawn from the whole library instead (the paper's
  /// naive method). The decoy has the target's precursor m/z, ion mode, charge and adduct and as many
  /// peaks as the target, with the drawn peaks' intensities relative to their spectra's base peaks; the
  /// target's own precursor peak, if it has one, is kept. Decoys carry no compound (no InChIKey, SMILES or
  /// formula), their identifiers are "DECOY_" + the target's. Deterministic for a seed, whatever the order
  /// in which decoys are made.
  std::vector<Spectrum> spectrumBasedDecoys(const std::vector<Spectrum>& library, double tolerance = 0.01, uint64_t seed = 42);

  /// Identifier prefix of decoy spectra.
  constexpr const char* kDecoyPrefix = "DECOY_";
}
