#pragma once
// Decoy spectra for target-decoy FDR estimation of library search.
#include "../Spectrum.h"
#include "../Words.h"

#include <cstdint>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// How decoys are made (makeDecoys).
  enum class DecoyMethod
  {
    /// Scheubert et al., "Significance estimation for large scale metabolomics annotations by spectral
    /// matching", Nat Commun 8, 1494 (2017) (Passatutto's conditional peak sampling): starting from the
    /// precursor m/z, the decoy repeatedly takes one of its own peaks at random, picks a library spectrum
    /// holding a peak within the tolerance of it, and adds a random peak of that spectrum, so that its
    /// fragments co-occur as real fragments do. None lies at a fragment of the target.
    SpectrumBased,
    /// After XY-Meta (Li et al., Anal Chem 92, 1720 (2020)), which keeps reference signals to simulate
    /// isomers: the decoy keeps half of the target's fragments (drawn at random) and draws the rest as
    /// SpectrumBased does, seeded by the kept ones. Isomers, which share fragments, are what an unknown
    /// compound's wrong best hit mostly is.
    IsomerLike
  };

  template <>
  struct EnumWords<DecoyMethod>
  {
    static constexpr const char* what = "decoy method";
    static constexpr std::pair<DecoyMethod, const char*> words[] = {{DecoyMethod::SpectrumBased, "spectrum_based"}, {DecoyMethod::IsomerLike, "isomer_like"}};
  };

  /// One decoy per library spectrum by the method. A drawn peak is kept when it lies below the precursor
  /// m/z and is more than `tolerance` Da from every peak of the decoy and every fragment of the target;
  /// after many rejected draws, a peak is drawn from the whole library instead (Scheubert et al.'s naive
  /// method). The decoy has the target's precursor m/z, ion mode, charge and adduct and as many peaks as the
  /// target, drawn peaks with their intensities relative to their spectra's base peaks; the target's own
  /// precursor peak, if it has one, is kept. Decoys carry no compound (no InChIKey, SMILES or formula), their
  /// identifiers are "DECOY_" + the target's. Deterministic for a seed, whatever the order in which decoys
  /// are made. Throws InputError for a library without peaks.
  std::vector<Spectrum> makeDecoys(const std::vector<Spectrum>& library, DecoyMethod method = DecoyMethod::IsomerLike,
                                   double tolerance = 0.01, uint64_t seed = 42);

  /// Identifier prefix of decoy spectra.
  constexpr const char* kDecoyPrefix = "DECOY_";
}
