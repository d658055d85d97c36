#pragma once
#include "LibraryRecords.h"

#include <OpenMS/DATASTRUCTURES/String.h>
#include <OpenMS/KERNEL/StandardTypes.h>

namespace OpenMS
{
  /**
    @brief Reads NIST-style MSP spectral libraries (MassBank, MoNA, GNPS, MS-DIAL exports).

    OpenMS 2.6's MSPGenericFile is not used because it loses data on such libraries: tab-separated
    peaks throw, "2.2999e+06" reads as 2.2999, upper-case NAME is skipped, records whose Name was
    seen before are dropped, and no precursor is set.

    Dialects read: NIST (MS Search), MoNA, GNPS, MassBank, RIKEN/MS-DIAL and Golm exports.
    A record is a block of lines separated by blank lines (a "Name:" line after peaks also starts
    one): "key: value" header lines (keys ignore case, spaces and '_': PRECURSORMZ, PrecursorMZ,
    precursor_mz; Num Peaks, NumPeaks), lines starting with '#' (comments), then peak lines: "m/z
    intensity" separated by tabs, spaces or ','; several pairs may share a line separated by ';', a pair
    may be quoted, and a quoted annotation may follow it; or "m/z:intensity" pairs separated by spaces
    (Golm). MoNA's quoted "SMILES=..." and "InChIKey=..." items in Comments annotate a record that lacks
    those fields. CRLF line ends and a UTF-8 byte order mark are accepted.
    Spectra get MS level 2 and the annotations described in SpectrumFiles.h; the native ID is
    DB# (or SPECTRUMID), else "index=N" (0-based).

    Records without peaks, precursor or with NaN values are loaded: whether they are usable is the
    caller's decision. A record with a malformed peak line, an unreadable precursor m/z or a Num Peaks
    count that does not match its peaks is broken (LibraryRecordReader: an InputError naming the file,
    record and line, or skipped and counted); an unreadable charge or retention time is ignored and
    counted. A missing or empty file is an InputError.
  */
  class MSPLibraryFile
  {
  public:
    /// Hands each spectrum of the file to consume, in file order, reading the file as a stream.
    void read(const String& filename, const SpectrumConsumer& consume, SpecEmbedding::InvalidSpectrumPolicy policy,
              ReadReport& report) const;

    /// Replaces the content of exp with the file's spectra, in file order.
    void load(const String& filename, PeakMap& exp, SpecEmbedding::InvalidSpectrumPolicy policy, ReadReport& report) const;
  };
}
