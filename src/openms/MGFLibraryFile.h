#pragma once
#include "LibraryRecords.h"

#include <OpenMS/DATASTRUCTURES/String.h>
#include <OpenMS/KERNEL/StandardTypes.h>

namespace OpenMS
{
  /**
    @brief Reads MGF files, including GNPS/MoNA-style spectral libraries with compound annotations.

    OpenMS 2.6's MascotGenericFile is not used because it drops SMILES, INCHIKEY, NAME and IONMODE,
    carries CHARGE and RTINSECONDS over from the previous spectrum when a spectrum lacks them,
    throws on "CHARGE=1-" and appends "_index=N" to TITLE.

    Each BEGIN IONS ... END IONS block is one spectrum: "KEY=value" lines (keys ignore case, spaces
    and '_'; PEPMASS's first number is the precursor m/z; CHARGE as "1+", "1-" or "2"; RTINSECONDS;
    NAME, SMILES, INCHIKEY, FORMULA, IONMODE, ADDUCT; everything else, e.g. SCANS, kept verbatim), and
    peak lines "m/z intensity [charge]" separated by tabs or spaces. Nothing carries over between
    spectra; global parameters before the first block are ignored. Spectra get MS level 2 and the
    annotations described in SpectrumFiles.h; the native ID is TITLE (else SPECTRUMID, else
    "index=N", 0-based).

    Spectra without peaks, precursor or with NaN values are loaded: whether they are usable is the
    caller's decision. A block with a malformed peak line, an unreadable PEPMASS or without END IONS
    is broken (LibraryRecordReader: an InputError naming the file, record and line, or skipped and
    counted); an unreadable CHARGE or retention time is ignored and counted. A missing or empty file and
    stray lines outside blocks are InputErrors.
  */
  class MGFLibraryFile
  {
  public:
    /// Hands each spectrum of the file to consume, in file order, reading the file as a stream.
    void read(const String& filename, const SpectrumConsumer& consume, SpecEmbedding::InvalidSpectrumPolicy policy,
              ReadReport& report) const;

    /// Replaces the content of exp with the file's spectra, in file order.
    void load(const String& filename, PeakMap& exp, SpecEmbedding::InvalidSpectrumPolicy policy, ReadReport& report) const;
  };
}
