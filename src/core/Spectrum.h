#pragma once
// The core's spectrum: what the tokenizer, trainer and search need, free of OpenMS types.
#include <cmath>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// What identifies a spectrum and its compound, without its peaks: also what an embedding library
  /// keeps of each reference spectrum.
  struct SpectrumAnnotation
  {
    std::string id;             ///< identifier shown in outputs (accession, TITLE or native ID)
    std::string name;           ///< compound name, when annotated
    std::string inchikey;       ///< full InChIKey, when annotated
    std::string smiles;
    std::string formula;
    std::string ion_mode;       ///< "positive", "negative" or empty when unknown
    std::string adduct;
    double precursor_mz = 0.0;  ///< 0 when unknown
    int charge = 0;             ///< 0 when unknown

    /// Whether the precursor m/z is known: finite and positive.
    bool hasPrecursorMz() const { return std::isfinite(precursor_mz) && precursor_mz > 0.0; }

    /// Compound identity: the first (connectivity) block of the InChIKey, or empty.
    std::string compoundKey() const { return inchikey.size() >= 14 ? inchikey.substr(0, 14) : std::string(); }
  };

  struct Spectrum : SpectrumAnnotation
  {
    double retention_time = -1.0; ///< seconds; negative when unknown
    std::vector<double> mz;       ///< in ascending order
    std::vector<double> intensity;
  };
}
