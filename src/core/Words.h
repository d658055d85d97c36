#pragma once
// The words of an enum, spelled once: an enum's specialisation of EnumWords lists them, and the settings'
// choices, toString() and fromWord() all read that list.
#include "Errors.h"

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace SpecEmbedding
{
  /// Specialised for each enum that has words: `static constexpr const char* what` (its name in messages)
  /// and `static constexpr std::pair<Enum, const char*> words[]`, every value once.
  template <class Enum>
  struct EnumWords;

  /// The word of value.
  template <class Enum, class = decltype(EnumWords<Enum>::words)>
  std::string toString(Enum value)
  {
    for (const auto& [candidate, word] : EnumWords<Enum>::words)
    {
      if (candidate == value) return word;
    }
    throw ParameterError(std::string("a ") + EnumWords<Enum>::what + " without a word");
  }

  /// Every word, in the order of the list.
  template <class Enum>
  std::vector<std::string> wordsOf()
  {
    std::vector<std::string> words;
    for (const auto& entry : EnumWords<Enum>::words) words.emplace_back(entry.second);
    return words;
  }

  /// The value of word. Throws ParameterError naming the words there are.
  template <class Enum>
  Enum fromWord(const std::string& word)
  {
    for (const auto& [value, candidate] : EnumWords<Enum>::words)
    {
      if (candidate == word) return value;
    }
    std::string choices;
    for (const auto& candidate : wordsOf<Enum>()) choices += (choices.empty() ? "" : ", ") + candidate;
    throw ParameterError(std::string("the ") + EnumWords<Enum>::what + " must be one of " + choices + ", got '" + word + "'");
  }
}
