#pragma once
// Reading spectra files: MSP, MGF or mzML into OpenMS types and into the core's spectra, and the
// spectra a model can use.
//
// How annotations live on an MSSpectrum (the same for all three formats, and kept as userParams
// when OpenMS writes mzML, so a written mzML loads back to the same core spectra):
// - compound name: setName() and the meta value "Name" (mzML does not store setName());
// - meta values "InChIKey", "SMILES", "Formula", "Ion_mode" ("positive"/"negative" when recognised),
//   "Precursor_type" (the adduct); other library header fields under their verbatim keys;
// - ion mode also as the instrument settings' polarity, which mzML from instruments carries;
// - precursor m/z and charge in the first Precursor, RT in seconds (-1 when unknown), MS level 2,
//   identifier (MSP DB#, MGF TITLE, else "index=N") as the native ID and as the meta value "Native_ID",
//   because OpenMS's mzML writer renumbers all native IDs ("spectrum=N") when one lacks a '='.
#include "SpectrumReading.h"
#include "core/Spectrum.h"
#include "core/SpectrumTokenization.h"

#include <OpenMS/DATASTRUCTURES/String.h>
#include <OpenMS/KERNEL/StandardTypes.h>

#include <functional>
#include <vector>

namespace OpenMS
{
  /// Reads the MS2 spectra of an MSP, MGF or mzML file, chosen by its extension (FileHandler's types),
  /// as a stream: each spectrum goes to consume as soon as it is read. Broken MSP and MGF records
  /// follow the policy (LibraryRecordReader) and are counted, with ignored optional values, in report.
  /// Throws SpecEmbedding::InputError naming the file (and the record) when it cannot be read.
  void readSpectra(const String& filename, const std::function<void(MSSpectrum&& spectrum)>& consume,
                   SpecEmbedding::InvalidSpectrumPolicy policy, ReadReport& report);

  /// readSpectra into an experiment, with broken records an error.
  void loadSpectra(const String& filename, PeakMap& experiment);

  /// Converts one spectrum; index is its position in the experiment, used for "index=N" when it has no native ID.
  SpecEmbedding::Spectrum toCoreSpectrum(const MSSpectrum& spectrum, Size index);

  /// Converts every spectrum of the experiment, in order.
  std::vector<SpecEmbedding::Spectrum> toCoreSpectra(const PeakMap& experiment);

  /// Reads the MS2 spectra of an MSP, MGF or mzML file as core spectra, in file order, and logs what the
  /// reading left out: skipped broken records by reason, ignored optional values by field (one warning each).
  std::vector<SpecEmbedding::Spectrum> loadCoreSpectra(const String& filename,
                                                       SpecEmbedding::InvalidSpectrumPolicy policy = SpecEmbedding::InvalidSpectrumPolicy::Error);

  /// The usable spectra of a block of a file read in blocks (readSpectrumBlocks).
  struct SpectrumBlock
  {
    std::vector<SpecEmbedding::Spectrum> spectra;       ///< the usable spectra, in file order
    std::vector<size_t> input_index;                    ///< their 0-based positions among the file's MS2 spectra
    std::vector<SpecEmbedding::TokenSequence> tokens;   ///< their tokens
  };

  /// Reads the MS2 spectra of an MSP, MGF or mzML file once, as a stream, and hands the usable ones to
  /// process in blocks of at most block_size spectra read, so that memory does not grow with the file.
  /// Unusable spectra follow the policy (tokenizeSpectra), broken records too (readSpectra); the counts
  /// are logged at the end. Returns the number of MS2 spectra read.
  size_t readSpectrumBlocks(const String& filename, const SpecEmbedding::Tokenizer& tokenizer, SpecEmbedding::InvalidSpectrumPolicy policy,
                            size_t block_size, const std::function<void(SpectrumBlock&& block)>& process);
}
