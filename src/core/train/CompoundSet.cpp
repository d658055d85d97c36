#include "CompoundSet.h"

#include "../Errors.h"
#include "Randomness.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

namespace SpecEmbedding
{
  namespace
  {
    class Fnv1a
    {
    public:
      void add(const void* data, size_t size)
      {
        const auto* bytes = static_cast<const unsigned char*>(data);
        for (size_t i = 0; i < size; ++i) hash_ = (hash_ ^ bytes[i]) * 0x100000001B3ULL;
      }
      void add(const std::string& text) { add(text.c_str(), text.size() + 1); }
      void add(const std::vector<float>& values) { add(values.data(), values.size() * sizeof(float)); }
      uint64_t value() const { return hash_; }

    private:
      uint64_t hash_ = 0xCBF29CE484222325ULL;
    };
  }

  size_t CompoundSet::spectrumCount() const
  {
    size_t count = 0;
    for (const auto& compound : compounds) count += compound.spectra.size();
    return count;
  }

  size_t CompoundSet::skippedCount() const
  {
    size_t count = 0;
    for (const auto& [reason, n] : skipped) count += n;
    return count;
  }

  std::string CompoundSet::skippedSummary() const
  {
    std::string summary;
    for (const auto& [reason, n] : skipped)
    {
      summary += (summary.empty() ? "" : ", ") + std::to_string(n) + " " + reason;
    }
    return summary.empty() ? "none" : summary;
  }

  uint64_t CompoundSet::digest() const
  {
    Fnv1a hash;
    for (const auto& compound : compounds)
    {
      hash.add(compound.key);
      hash.add(compound.ion_mode);
      hash.add(compound.smiles);
      for (const auto& tokens : compound.spectra)
      {
        hash.add(tokens.mz);
        hash.add(tokens.intensity);
      }
    }
    return hash.value();
  }

  std::map<std::string, size_t> CompoundSet::spectraByIonMode() const
  {
    std::map<std::string, size_t> counts;
    for (const auto& compound : compounds) counts[compound.ion_mode] += compound.spectra.size();
    return counts;
  }

  std::vector<int> CompoundSet::ionModeGroups() const
  {
    std::map<std::string, int> numbers;
    std::vector<int> groups;
    groups.reserve(compounds.size());
    for (const auto& compound : compounds) groups.push_back(numbers.emplace(compound.ion_mode, static_cast<int>(numbers.size())).first->second);
    return groups;
  }

  CompoundSet groupByCompound(const std::vector<Spectrum>& spectra, const Tokenizer& tokenizer)
  {
    CompoundSet set;
    std::map<std::pair<std::string, std::string>, Compound> by_key;
    for (const auto& spectrum : spectra)
    {
      const auto key = spectrum.compoundKey();
      if (key.empty())
      {
        ++set.skipped["without InChIKey"];
        continue;
      }
      if (const auto problem = tokenizer.problem(spectrum))
      {
        ++set.skipped[*problem];
        continue;
      }
      auto& compound = by_key[{key, spectrum.ion_mode}];
      compound.key = key;
      compound.ion_mode = spectrum.ion_mode;
      if (compound.smiles.empty()) compound.smiles = spectrum.smiles;
      compound.spectra.push_back(tokenizer.tokenize(spectrum));
    }
    for (auto& [key, compound] : by_key) set.compounds.push_back(std::move(compound));
    return set;
  }

  std::pair<CompoundSet, CompoundSet> splitByCompound(const CompoundSet& all, double validation_fraction, uint64_t seed)
  {
    // Compounds are ordered by key, so the ion modes of a molecule are neighbours.
    std::vector<std::string> keys;
    for (const auto& compound : all.compounds)
    {
      if (keys.empty() || keys.back() != compound.key) keys.push_back(compound.key);
    }
    const size_t n = keys.size();
    const auto wanted = static_cast<size_t>(std::llround(validation_fraction * static_cast<double>(n)));
    const size_t n_validation = std::max<size_t>(1, wanted);
    if (n < n_validation + 2)
    {
      throw ParameterError("cannot split " + std::to_string(n) + " compounds into validation and training compounds: "
                           "training needs at least two; give validation spectra or set the validation fraction to 0");
    }
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    auto random = derivedGenerator(seed, RandomPurpose::ValidationSplit);
    std::shuffle(order.begin(), order.end(), random);
    std::set<std::string> validation_keys;
    for (size_t i = 0; i < n_validation; ++i) validation_keys.insert(keys[order[i]]);

    CompoundSet training, validation;
    training.skipped = all.skipped;
    for (const auto& compound : all.compounds)
    {
      (validation_keys.count(compound.key) ? validation : training).compounds.push_back(compound);
    }
    return {std::move(training), std::move(validation)};
  }

  TrainingData prepareTrainingData(const std::vector<Spectrum>& training, const std::vector<Spectrum>* validation,
                                   double validation_fraction, uint64_t seed, const Tokenizer& tokenizer)
  {
    auto all_training = groupByCompound(training, tokenizer);
    if (all_training.size() == 0)
    {
      throw InputError("none of the " + std::to_string(training.size()) + " training spectra can be used (" +
                       all_training.skippedSummary() + "); training needs spectra annotated with an InChIKey");
    }
    if (all_training.size() == 1)
    {
      throw InputError("all usable training spectra belong to one compound (" + all_training.compounds[0].key +
                       "); contrastive training needs at least two compounds");
    }
    TrainingData data;
    data.skipped = all_training.skipped;
    if (validation)
    {
      data.training = std::move(all_training);
      data.validation = groupByCompound(*validation, tokenizer);
      if (data.validation.size() == 0)
      {
        throw InputError("none of the " + std::to_string(validation->size()) + " validation spectra can be used (" +
                         data.validation.skippedSummary() + ")");
      }
      for (const auto& [reason, count] : data.validation.skipped) data.skipped[reason] += count;
      for (const auto& compound : data.validation.compounds)
      {
        data.shared_compounds += std::binary_search(data.training.compounds.begin(), data.training.compounds.end(), compound,
                                                    [](const Compound& a, const Compound& b) { return a.key < b.key; });
      }
    }
    else if (validation_fraction > 0.0)
    {
      std::tie(data.training, data.validation) = splitByCompound(all_training, validation_fraction, seed);
    }
    else
    {
      data.training = std::move(all_training);
    }
    return data;
  }
}
