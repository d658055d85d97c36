#include "SpectrumTokenization.h"

#include "Errors.h"

namespace SpecEmbedding
{
  TokenizedSpectra tokenizeSpectra(const std::vector<Spectrum>& spectra, const Tokenizer& tokenizer,
                                   InvalidSpectrumPolicy policy, const std::string& file, size_t first_position)
  {
    TokenizedSpectra result;
    for (size_t i = 0; i < spectra.size(); ++i)
    {
      if (const auto why = tokenizer.problem(spectra[i]))
      {
        if (policy == InvalidSpectrumPolicy::Error)
        {
          throw InputError("file '" + file + "', spectrum " + std::to_string(first_position + i + 1) + " ('" + spectra[i].id + "'): " + *why +
                           " (use -invalid_spectra skip to skip such spectra)");
        }
        ++result.skipped[*why];
        continue;
      }
      result.indices.push_back(i);
      result.tokens.push_back(tokenizer.tokenize(spectra[i]));
    }
    return result;
  }
}
