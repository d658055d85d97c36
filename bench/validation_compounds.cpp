// Prints the first InChIKey blocks of the compounds SpecEmbeddingTrainer holds out for validation
// (-validation_fraction, -seed) from its annotated training libraries, with the trainer's own grouping and
// split, so that settings can be tuned on compounds a model was not trained on.
// Usage: validation_compounds FRACTION SEED LIBRARY [LIBRARY...]
#include "core/train/CompoundSet.h"
#include "openms/SpectrumFiles.h"

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv)
{
  if (argc < 4)
  {
    std::cerr << "Usage: validation_compounds FRACTION SEED LIBRARY [LIBRARY...]\n";
    return 1;
  }
  std::vector<SpecEmbedding::Spectrum> spectra;
  for (int i = 3; i < argc; ++i)
  {
    const auto loaded = OpenMS::loadCoreSpectra(argv[i]);
    spectra.insert(spectra.end(), loaded.begin(), loaded.end());
  }
  const auto compounds = SpecEmbedding::groupByCompound(spectra, SpecEmbedding::Tokenizer());
  const auto split = SpecEmbedding::splitByCompound(compounds, std::atof(argv[1]), std::strtoull(argv[2], nullptr, 10));
  for (const auto& compound : split.second.compounds) std::cout << compound.key << "\n";
}
