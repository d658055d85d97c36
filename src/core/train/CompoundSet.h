#pragma once
#include "../Spectrum.h"
#include "../Tokenizer.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace SpecEmbedding
{
  /// The tokenised spectra of one compound in one ion mode (spectra sharing the first InChIKey block
  /// and the ion mode): the spectra of one molecule in the two modes have little in common, so they
  /// are two classes of the contrastive loss, never batched together (PairSampler).
  struct Compound
  {
    std::string key;      ///< first InChIKey block
    std::string ion_mode; ///< "positive", "negative" or empty when unknown
    std::string smiles;   ///< the first non-empty SMILES among its spectra; empty when none
    std::vector<TokenSequence> spectra;
  };

  /// Compounds ordered by key, then ion mode, so that everything derived from them is independent of
  /// input order.
  struct CompoundSet
  {
    std::vector<Compound> compounds;
    std::map<std::string, size_t> skipped; ///< spectra left out, counted by reason

    size_t size() const { return compounds.size(); }
    size_t spectrumCount() const;
    size_t skippedCount() const;
    /// "3 without InChIKey, 1 no peaks": the skipped counts for messages.
    std::string skippedSummary() const;
    /// A 64-bit digest of keys, ion modes, SMILES and tokens: tells whether a checkpoint belongs to this data.
    uint64_t digest() const;
    /// Spectra per ion mode ("" for unknown).
    std::map<std::string, size_t> spectraByIonMode() const;
    /// Per compound, a number for its ion mode: compounds share it when they share the mode.
    std::vector<int> ionModeGroups() const;
  };

  /// Tokenises the spectra that carry a compound identity and groups them by compound and ion mode.
  /// Spectra without an InChIKey, and those the tokenizer cannot use, are skipped and counted.
  CompoundSet groupByCompound(const std::vector<Spectrum>& spectra, const Tokenizer& tokenizer);

  /// Splits off round(validation_fraction x molecules), at least one, as validation compounds, chosen
  /// at random from the seed; a molecule (first InChIKey block) goes to one side in all its ion modes.
  /// Returns {training, validation}. Throws ParameterError when fewer than two training molecules would
  /// remain.
  std::pair<CompoundSet, CompoundSet> splitByCompound(const CompoundSet& all, double validation_fraction, uint64_t seed);

  /// The compounds a run trains and validates on.
  struct TrainingData
  {
    CompoundSet training;
    CompoundSet validation;                ///< empty without validation
    std::map<std::string, size_t> skipped; ///< spectra left out of both, by reason
    size_t shared_compounds = 0;           ///< validation compounds that are training compounds too
  };

  /// Groups the training spectra by compound and takes the validation compounds from `validation`
  /// or, when null, splits validation_fraction of the training compounds off (none at 0). Throws
  /// InputError when fewer than two training compounds or no validation compound can be used.
  TrainingData prepareTrainingData(const std::vector<Spectrum>& training, const std::vector<Spectrum>* validation,
                                   double validation_fraction, uint64_t seed, const Tokenizer& tokenizer);
}
