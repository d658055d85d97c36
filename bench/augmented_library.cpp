// Writes the library of bench/million_library.sh: every spectrum of the given MSP files, then augmented
// copies of them, made by the trainer's Augmenter (seeded), until ENTRIES spectra; as MGF with the
// annotations. Usage: augmented_library OUT.mgf ENTRIES SEED IN.msp...
#include "core/train/Augmenter.h"
#include "openms/SpectrumFiles.h"

#include <fstream>
#include <iomanip>
#include <iostream>

int main(int argc, char** argv)
{
  if (argc < 5)
  {
    std::cerr << "usage: augmented_library OUT.mgf ENTRIES SEED IN.msp...\n";
    return 2;
  }
  const size_t entries = std::stoul(argv[2]);
  std::mt19937_64 random(std::stoull(argv[3]));
  std::vector<SpecEmbedding::Spectrum> spectra;
  for (int i = 4; i < argc; ++i)
  {
    const auto loaded = OpenMS::loadCoreSpectra(argv[i], SpecEmbedding::InvalidSpectrumPolicy::Skip);
    spectra.insert(spectra.end(), loaded.begin(), loaded.end());
  }
  std::ofstream out(argv[1]);
  out << std::setprecision(10);
  const SpecEmbedding::Augmenter augment;
  for (size_t n = 0; n < entries; ++n)
  {
    const auto& spectrum = spectra[n % spectra.size()];
    // The Augmenter keeps the first token (the precursor) and perturbs the peaks after it.
    SpecEmbedding::TokenSequence tokens{{static_cast<float>(spectrum.precursor_mz)}, {2.0f}};
    double highest = 0.0;
    for (const auto intensity : spectrum.intensity) highest = std::max(highest, intensity);
    for (size_t p = 0; p < spectrum.mz.size(); ++p)
    {
      tokens.mz.push_back(static_cast<float>(spectrum.mz[p]));
      tokens.intensity.push_back(static_cast<float>(spectrum.intensity[p] / highest));
    }
    if (n >= spectra.size()) tokens = augment(tokens, random);
    out << "BEGIN IONS\nTITLE=" << (n < spectra.size() ? spectrum.id : spectrum.id + "_copy" + std::to_string(n / spectra.size()))
        << "\nNAME=" << spectrum.name << "\nINCHIKEY=" << spectrum.inchikey << "\nSMILES=" << spectrum.smiles
        << "\nIONMODE=" << spectrum.ion_mode << "\nPEPMASS=" << spectrum.precursor_mz << "\nCHARGE=" << std::abs(spectrum.charge)
        << (spectrum.ion_mode == "negative" ? "-" : "+") << "\n";
    for (size_t p = 1; p < tokens.size(); ++p) out << tokens.mz[p] << ' ' << tokens.intensity[p] << '\n';
    out << "END IONS\n\n";
  }
  std::cerr << "Wrote " << entries << " spectra (" << spectra.size() << " real, the rest augmented copies) to " << argv[1] << "\n";
  return out ? 0 : 1;
}
