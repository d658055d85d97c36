// Prints the first InChIKey blocks of the compounds SpecEmbeddingTrainer holds out for validation
// (-validation_fraction, -seed) from an annotated library, with the trainer's own grouping and split,
// so that settings can be tuned on compounds a model was not trained on.
// Usage: validation_compounds LIBRARY FRACTION SEED
#include "core/train/CompoundSet.h"
#include "openms/SpectrumInput.h"

#include <cstdlib>
#include <iostream>

int main(int argc, char** argv)
{
  if (argc != 4)
  {
    std::cerr << "Usage: validation_compounds LIBRARY FRACTION SEED\n";
    return 1;
  }
  const auto spectra = OpenMS::loadCoreSpectra(argv[1]);
  const auto compounds = SpecEmbedding::groupByCompound(spectra, SpecEmbedding::Tokenizer());
  const auto split = SpecEmbedding::splitByCompound(compounds, std::atof(argv[2]), std::strtoull(argv[3], nullptr, 10));
  for (const auto& compound : split.second.compounds) std::cout << compound.key << "\n";
}
