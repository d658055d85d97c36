#pragma once
#include <OpenMS/DATASTRUCTURES/String.h>
#include <OpenMS/KERNEL/StandardTypes.h>

namespace OpenMS
{
  /**
    @brief Reads NIST-style MSP spectral libraries (MassBank, MoNA, GNPS, MS-DIAL exports).

    OpenMS 2.6's MSPGenericFile is not used because it loses data on such libraries: tab-separated
    peaks throw, "2.2999e+06" reads as 2.2999, upper-case NAME is skipped, records whose Name was
    seen before are dropped, and no precursor is set.

    A record is a block of lines separated by blank lines (a "Name:" line after peaks also starts
    one): "key: value" header lines (keys ignore case, spaces and '_'), then peak lines
    "m/z intensity" separated by tabs, spaces, ':' or ','; several pairs may share a line separated
    by ';', a pair may be quoted, and a quoted annotation may follow it. CRLF line ends are accepted.
    Spectra get MS level 2 and the annotations described in SpectrumFiles.h; the native ID is
    DB# (or SPECTRUMID), else "index=N" (0-based).

    Records without peaks, precursor or with NaN values are loaded: whether they are usable is the
    caller's decision. Throws SpecEmbedding::InputError, naming the file and the record, for a missing
    or empty file, a malformed peak line, a bad numeric header value or a Num Peaks count that does
    not match the peaks.
  */
  class MSPLibraryFile
  {
  public:
    /// Replaces the content of exp with the file's spectra, in file order.
    void load(const String& filename, PeakMap& exp) const;
  };
}
