#pragma once
// Reading spectral-library records, shared by the MSP and MGF readers: header fields under their many
// spellings, peaks, required and optional values, and what happens to a broken record.
#include "SpectrumReading.h"
#include "core/SpectrumTokenization.h"

#include <OpenMS/KERNEL/MSSpectrum.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace OpenMS
{
  namespace Internal
  {
    /// Library header fields the readers interpret, under their many spellings (see libraryField()).
    enum class LibraryField { Other, Name, InChIKey, SMILES, Formula, IonMode, Adduct, PrecursorMZ, Charge,
                              RetentionTime, RetentionTimeSeconds, RetentionTimeMinutes, Identifier, NumPeaks, Comments };

    /// Classifies a header key, ignoring case, spaces, '_' and '-' ("Num Peaks", "NUM_PEAKS", "precursor_mz").
    LibraryField libraryField(const String& key);

    /// "positive"/"negative" for the usual spellings (P, N, pos, Positive, +, ...), else empty.
    std::string normalizeIonMode(const String& value);

    /// Parses a leading number with strtod semantics ("nan", "1e+06", a leading '+') after leading
    /// whitespace; rest gets what follows, untrimmed.
    bool parseNumber(std::string_view text, double& value, std::string_view& rest);

    /// Calls on_line(line, 1-based line number) for each line of the file, read as a stream, without its
    /// line end ('\n' or "\r\n") and, on the first line, without a UTF-8 byte order mark. Throws InputError
    /// naming the file when it does not exist or cannot be read.
    void forEachLine(const String& filename, const std::function<void(const String& line, Size number)>& on_line);

    /// The record-by-record part of reading a library file, which the MSP and MGF parsers build on.
    ///
    /// Required data: the peaks and the precursor m/z. A record whose peaks or precursor value cannot be
    /// read is broken: with InvalidSpectrumPolicy::Error that throws InputError naming the file, the
    /// record and the line; with Skip the record is dropped and counted in the report. Optional values
    /// (charge, retention time) that cannot be read are ignored and counted by field. Everything else is
    /// kept verbatim as meta values (SpectrumFiles.h describes the annotations).
    class LibraryRecordReader
    {
    public:
      LibraryRecordReader(const String& filename, const SpectrumConsumer& consume, SpecEmbedding::InvalidSpectrumPolicy policy,
                          ReadReport& report);
      virtual ~LibraryRecordReader() = default;

    protected:
      bool inRecord() const { return open_; }
      void startRecord(Size line);
      /// Stores a header field (see above).
      void storeField(const String& key, const String& value, Size line);
      void addPeak(double mz, double intensity) { spectrum_.push_back(Peak1D(mz, static_cast<Peak1D::IntensityType>(intensity))); }
      Size peakCount() const { return spectrum_.size(); }
      /// Marks the record broken: throws for policy Error (the message names the record and gives what),
      /// else the record is dropped at finishRecord() and counted under reason ("a malformed peak line").
      void breakRecord(Size line, const std::string& reason, const std::string& what);
      /// Hands the record on, or drops it when broken. Sets MS level 2, sorts the peaks and sets the
      /// native ID (also as meta value) to "index=N" (N: the 0-based position among the file's spectra)
      /// when the record had none.
      void finishRecord();
      /// The error message prefix "file 'x', record 3 (line 41, 'Mellein'): ".
      std::string context(Size line) const;
      /// Throws InputError when the file held no spectrum, or no usable one.
      void requireSpectra() const;

      const String& filename_;
      MSSpectrum spectrum_;

    private:
      /// The spectrum's label for messages: the name or, for MGF, the title.
      virtual String label() const = 0;

      const SpectrumConsumer& consume_;
      SpecEmbedding::InvalidSpectrumPolicy policy_;
      ReadReport& report_;
      bool open_ = false;
      Size record_ = 0;
      Size finished_ = 0;
      std::string broken_; ///< the reason the open record is broken; empty while it is fine
    };
  }
}
