#pragma once
// What reading a spectra file hands on and leaves out, shared by the readers and their callers: the meta
// values annotations are kept under, the spectra, and what was skipped.
#include <OpenMS/KERNEL/MSSpectrum.h>

#include <functional>
#include <map>
#include <string>

namespace OpenMS
{
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

  /// What reading a library file left out: records skipped as broken (with -invalid_spectra skip), by
  /// reason, and optional fields whose value could not be read, by field name (the values are ignored).
  struct ReadReport
  {
    std::map<std::string, size_t> skipped_records;
    std::map<std::string, size_t> ignored_fields;
  };

  /// Receives each finished spectrum of a file, in file order.
  using SpectrumConsumer = std::function<void(MSSpectrum&& spectrum)>;
}
