#pragma once
// Parsing shared by the MSP and MGF readers: header fields, numbers, peaks and record context.
#include "SpectrumFiles.h"

#include <OpenMS/KERNEL/MSSpectrum.h>

#include <functional>
#include <string>
#include <string_view>

namespace OpenMS
{
  class Peak1D;

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
