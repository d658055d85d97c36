#pragma once
// The tokens of a file's usable spectra, and what happens to the others.
#include "Spectrum.h"
#include "Tokenizer.h"
#include "Words.h"

#include <map>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// What happens to a spectrum the tokenizer cannot use (no precursor, no peaks, NaN values).
  enum class InvalidSpectrumPolicy { Error, Skip };

  template <>
  struct EnumWords<InvalidSpectrumPolicy>
  {
    static constexpr const char* what = "invalid spectrum policy";
    static constexpr std::pair<InvalidSpectrumPolicy, const char*> words[] = {{InvalidSpectrumPolicy::Error, "error"}, {InvalidSpectrumPolicy::Skip, "skip"}};
  };

  struct TokenizedSpectra
  {
    std::vector<size_t> indices;           ///< positions of the usable spectra in the input
    std::vector<TokenSequence> tokens;     ///< their tokens, parallel to indices
    std::map<std::string, size_t> skipped; ///< skipped spectra counted by reason
  };

  /// Tokenises the usable spectra. With Error, the first unusable spectrum throws an InputError
  /// naming the file, its position (1-based) and identifier; spectra[0] is the file's spectrum
  /// first_position + 1 (a block of a file read in blocks).
  TokenizedSpectra tokenizeSpectra(const std::vector<Spectrum>& spectra, const Tokenizer& tokenizer,
                                   InvalidSpectrumPolicy policy, const std::string& file, size_t first_position = 0);
}
