#pragma once
// Loads MSP, MGF or mzML into OpenMS types and converts the spectra to the core's Spectrum.
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
#include "core/Spectrum.h"

#include <OpenMS/DATASTRUCTURES/String.h>
#include <OpenMS/KERNEL/StandardTypes.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace OpenMS
{
  class Peak1D;

  /// Meta value keys under which the readers store annotations.
  struct SpectrumMetaKeys
  {
    static constexpr const char* NAME = "Name";
    static constexpr const char* INCHIKEY = "InChIKey";
    static constexpr const char* SMILES = "SMILES";
    static constexpr const char* FORMULA = "Formula";
    static constexpr const char* ION_MODE = "Ion_mode";
    static constexpr const char* ADDUCT = "Precursor_type";
    static constexpr const char* NATIVE_ID = "Native_ID";
  };

  /// Loads the MS2 spectra of an MSP, MGF or mzML file, chosen by the (case-insensitive) extension.
  /// Throws SpecEmbedding::InputError naming the file (and the record) when it cannot be read.
  void loadSpectra(const String& filename, PeakMap& experiment);

  /// Converts one spectrum; index is its position in the experiment, used for "index=N" when it has no native ID.
  SpecEmbedding::Spectrum toCoreSpectrum(const MSSpectrum& spectrum, Size index);

  /// Converts every spectrum of the experiment, in order.
  std::vector<SpecEmbedding::Spectrum> toCoreSpectra(const PeakMap& experiment);

  /// Parsing shared by the MSP and MGF readers.
  namespace Internal
  {
    /// Library header fields the readers interpret, under their many spellings (see libraryField()).
    enum class LibraryField { Other, Name, InChIKey, SMILES, Formula, IonMode, Adduct, PrecursorMZ, Charge,
                              RetentionTime, RetentionTimeSeconds, RetentionTimeMinutes, Identifier, NumPeaks };

    /// Classifies a header key, ignoring case, spaces, '_' and '-' ("Num Peaks", "NUM_PEAKS", "precursor_mz").
    LibraryField libraryField(std::string_view key);

    /// Stores a header field on the spectrum as described at the top of this file. Fields the readers
    /// handle themselves (NumPeaks) are kept verbatim like Other. Returns false when a numeric value is not a number.
    bool storeLibraryField(MSSpectrum& spectrum, LibraryField field, const String& key, std::string_view value);

    /// "positive"/"negative" for the usual spellings (P, N, pos, Positive, +, ...), else empty.
    std::string normalizeIonMode(std::string_view value);

    /// Parses a leading number with strtod semantics ("nan", "1e+06", a leading '+'); rest gets what follows, untrimmed.
    bool parseNumber(std::string_view text, double& value, std::string_view& rest);

    /// Parses "m/z intensity" separated by whitespace, ':' or ','. What follows the two numbers is
    /// returned in rest, trimmed, for the reader to judge (annotations, peak charges).
    bool parsePeak(std::string_view text, Peak1D& peak, std::string_view& rest);

    /// Sets MS level 2, sorts the peaks, and sets the native ID (also as meta value) to "index=N" when the record had none.
    void finishLibrarySpectrum(MSSpectrum& spectrum, Size index);

    /// The whole file, or InputError naming it when it is missing or unreadable.
    std::string readTextFile(const String& filename);

    /// Calls on_line(line, 1-based line number) for each '\n'-separated line of text.
    void forEachLine(std::string_view text, const std::function<void(std::string_view line, Size number)>& on_line);

    /// Removes leading and trailing whitespace (including the '\r' of CRLF files).
    std::string_view trim(std::string_view text);

    /// "file 'x', record 3 (line 41, 'Mellein'): " for error messages; label may be empty.
    std::string recordContext(const String& filename, Size record, Size line, const std::string& label);
  }
}
