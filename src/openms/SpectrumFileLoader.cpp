#include "SpectrumFileLoader.h"

#include "MGFLibraryFile.h"
#include "MSPLibraryFile.h"
#include "core/Errors.h"
#include "core/io/Files.h"

#include <OpenMS/FORMAT/MzMLFile.h>
#include <OpenMS/KERNEL/MSExperiment.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <numeric>

namespace OpenMS
{
  namespace
  {
    std::string lowerCase(std::string_view text)
    {
      std::string lower(text);
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      return lower;
    }

    std::string metaString(const MSSpectrum& spectrum, const char* key)
    {
      return spectrum.metaValueExists(key) ? std::string(spectrum.getMetaValue(key).toString()) : std::string();
    }

    Precursor& firstPrecursor(MSSpectrum& spectrum)
    {
      if (spectrum.getPrecursors().empty()) spectrum.getPrecursors().resize(1);
      return spectrum.getPrecursors()[0];
    }

    /// "1+", "1-", "+1", "-2", "2", "2+ and 3+" (the first one counts).
    bool parseCharge(std::string_view text, int& charge)
    {
      int sign = 1;
      if (!text.empty() && (text[0] == '+' || text[0] == '-'))
      {
        sign = text[0] == '-' ? -1 : 1;
        text.remove_prefix(1);
      }
      int value = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc()) return false;
      text.remove_prefix(static_cast<size_t>(end - text.data()));
      if (!text.empty() && (text[0] == '+' || text[0] == '-'))
      {
        sign = text[0] == '-' ? -1 : 1;
        text.remove_prefix(1);
      }
      if (!text.empty() && !std::isspace(static_cast<unsigned char>(text[0])) && text[0] != ',') return false;
      charge = sign * value;
      return true;
    }
  }

  void loadSpectra(const String& filename, PeakMap& experiment)
  {
    const std::string extension = lowerCase(std::filesystem::path(filename.c_str()).extension().string());
    if (extension == ".msp")
    {
      MSPLibraryFile().load(filename, experiment);
    }
    else if (extension == ".mgf")
    {
      MGFLibraryFile().load(filename, experiment);
    }
    else if (extension == ".mzml")
    {
      if (!std::filesystem::is_regular_file(filename.c_str()))
      {
        throw SpecEmbedding::InputError("file '" + filename + "' does not exist or is not a regular file");
      }
      MzMLFile file;
      file.getOptions().setMSLevels({2});
      try
      {
        file.load(filename, experiment);
      }
      catch (const Exception::BaseException& error)
      {
        throw SpecEmbedding::InputError("file '" + filename + "' is not valid mzML: " + error.getMessage());
      }
      if (experiment.empty())
      {
        throw SpecEmbedding::InputError("file '" + filename + "' contains no spectra of MS level 2");
      }
    }
    else
    {
      throw SpecEmbedding::InputError("file '" + filename + "' has an unknown extension '" + extension +
                                      "' (expected .msp, .mgf or .mzML)");
    }
  }

  SpecEmbedding::Spectrum toCoreSpectrum(const MSSpectrum& spectrum, Size index)
  {
    SpecEmbedding::Spectrum core;
    if (spectrum.metaValueExists(SpectrumMetaKeys::NATIVE_ID)) core.id = metaString(spectrum, SpectrumMetaKeys::NATIVE_ID);
    else if (!spectrum.getNativeID().empty()) core.id = spectrum.getNativeID();
    else core.id = "index=" + std::to_string(index);
    core.name = spectrum.metaValueExists(SpectrumMetaKeys::NAME) ? metaString(spectrum, SpectrumMetaKeys::NAME)
                                                                 : std::string(spectrum.getName());
    core.inchikey = metaString(spectrum, SpectrumMetaKeys::INCHIKEY);
    core.smiles = metaString(spectrum, SpectrumMetaKeys::SMILES);
    core.formula = metaString(spectrum, SpectrumMetaKeys::FORMULA);
    core.adduct = metaString(spectrum, SpectrumMetaKeys::ADDUCT);
    core.ion_mode = Internal::normalizeIonMode(metaString(spectrum, SpectrumMetaKeys::ION_MODE));
    if (core.ion_mode.empty())
    {
      // mzML from instruments carries the polarity only as a scan cvParam.
      const auto polarity = spectrum.getInstrumentSettings().getPolarity();
      if (polarity == IonSource::POSITIVE) core.ion_mode = "positive";
      if (polarity == IonSource::NEGATIVE) core.ion_mode = "negative";
    }
    if (!spectrum.getPrecursors().empty())
    {
      core.precursor_mz = spectrum.getPrecursors()[0].getMZ();
      core.charge = spectrum.getPrecursors()[0].getCharge();
    }
    core.retention_time = spectrum.getRT();

    std::vector<size_t> order(spectrum.size());
    std::iota(order.begin(), order.end(), 0);
    if (!spectrum.isSorted())
    {
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return spectrum[a].getMZ() < spectrum[b].getMZ(); });
    }
    core.mz.reserve(order.size());
    core.intensity.reserve(order.size());
    for (const size_t i : order)
    {
      core.mz.push_back(spectrum[i].getMZ());
      core.intensity.push_back(spectrum[i].getIntensity());
    }
    return core;
  }

  std::vector<SpecEmbedding::Spectrum> toCoreSpectra(const PeakMap& experiment)
  {
    std::vector<SpecEmbedding::Spectrum> spectra;
    spectra.reserve(experiment.size());
    for (Size i = 0; i < experiment.size(); ++i) spectra.push_back(toCoreSpectrum(experiment[i], i));
    return spectra;
  }

  namespace Internal
  {
    LibraryField libraryField(std::string_view key)
    {
      std::string normalized;
      for (const char c : key)
      {
        if (c != ' ' && c != '_' && c != '-') normalized += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      if (normalized == "name" || normalized == "compoundname") return LibraryField::Name;
      if (normalized == "inchikey") return LibraryField::InChIKey;
      if (normalized == "smiles") return LibraryField::SMILES;
      if (normalized == "formula" || normalized == "molecularformula") return LibraryField::Formula;
      if (normalized == "ionmode") return LibraryField::IonMode;
      if (normalized == "precursortype" || normalized == "adduct") return LibraryField::Adduct;
      if (normalized == "precursormz" || normalized == "pepmass") return LibraryField::PrecursorMZ;
      if (normalized == "charge" || normalized == "precursorcharge") return LibraryField::Charge;
      if (normalized == "retentiontime" || normalized == "rt") return LibraryField::RetentionTime;
      if (normalized == "rtinseconds") return LibraryField::RetentionTimeSeconds;
      if (normalized == "rtinminutes") return LibraryField::RetentionTimeMinutes;
      if (normalized == "db#" || normalized == "spectrumid") return LibraryField::Identifier;
      if (normalized == "numpeaks") return LibraryField::NumPeaks;
      return LibraryField::Other;
    }

    bool storeLibraryField(MSSpectrum& spectrum, LibraryField field, const String& key, std::string_view value)
    {
      double number = 0.0;
      std::string_view rest;
      switch (field)
      {
        case LibraryField::Name:
          spectrum.setName(String(std::string(value)));
          spectrum.setMetaValue(SpectrumMetaKeys::NAME, String(std::string(value)));
          return true;
        case LibraryField::InChIKey:
          spectrum.setMetaValue(SpectrumMetaKeys::INCHIKEY, String(std::string(value)));
          return true;
        case LibraryField::SMILES:
          spectrum.setMetaValue(SpectrumMetaKeys::SMILES, String(std::string(value)));
          return true;
        case LibraryField::Formula:
          spectrum.setMetaValue(SpectrumMetaKeys::FORMULA, String(std::string(value)));
          return true;
        case LibraryField::Adduct:
          spectrum.setMetaValue(SpectrumMetaKeys::ADDUCT, String(std::string(value)));
          return true;
        case LibraryField::IonMode:
        {
          const std::string mode = normalizeIonMode(value);
          spectrum.setMetaValue(SpectrumMetaKeys::ION_MODE, mode.empty() ? String(std::string(value)) : String(mode));
          if (!mode.empty()) spectrum.getInstrumentSettings().setPolarity(mode == "positive" ? IonSource::POSITIVE : IonSource::NEGATIVE);
          return true;
        }
        case LibraryField::PrecursorMZ:
          // PEPMASS may be followed by the precursor intensity.
          if (!parseNumber(value, number, rest)) return false;
          firstPrecursor(spectrum).setMZ(number);
          return true;
        case LibraryField::Charge:
        {
          int charge = 0;
          if (!parseCharge(value, charge)) return false;
          firstPrecursor(spectrum).setCharge(charge);
          return true;
        }
        case LibraryField::RetentionTime:
          // Seconds unless a unit says minutes ("12.5 min"); RETENTIONTIME conventions differ between tools.
          if (!parseNumber(value, number, rest)) return false;
          spectrum.setRT(lowerCase(trim(rest)).rfind("min", 0) == 0 ? number * 60.0 : number);
          return true;
        case LibraryField::RetentionTimeSeconds:
          if (!parseNumber(value, number, rest)) return false;
          spectrum.setRT(number);
          return true;
        case LibraryField::RetentionTimeMinutes:
          if (!parseNumber(value, number, rest)) return false;
          spectrum.setRT(number * 60.0);
          return true;
        case LibraryField::Identifier:
          if (spectrum.getNativeID().empty())
          {
            spectrum.setNativeID(String(std::string(value)));
            return true;
          }
          break; // a second identifier (SPECTRUMID beside DB# or an MGF TITLE) is kept verbatim
        case LibraryField::NumPeaks:
        case LibraryField::Other:
          break;
      }
      spectrum.setMetaValue(key, String(std::string(value)));
      return true;
    }

    std::string normalizeIonMode(std::string_view value)
    {
      const std::string mode = lowerCase(trim(value));
      if (mode == "p" || mode == "pos" || mode == "positive" || mode == "+") return "positive";
      if (mode == "n" || mode == "neg" || mode == "negative" || mode == "-") return "negative";
      return {};
    }

    bool parseNumber(std::string_view text, double& value, std::string_view& rest)
    {
      text = trim(text);
      // from_chars rejects the '+' that strtod accepts.
      if (!text.empty() && text[0] == '+') text.remove_prefix(1);
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc()) return false;
      rest = text.substr(static_cast<size_t>(end - text.data()));
      return true;
    }

    bool parsePeak(std::string_view text, Peak1D& peak, std::string_view& rest)
    {
      const auto separator = [](std::string_view s, bool allow_punctuation) {
        return s.empty() || std::isspace(static_cast<unsigned char>(s[0])) || (allow_punctuation && (s[0] == ':' || s[0] == ','));
      };
      double mz = 0.0, intensity = 0.0;
      // A separator must follow each number: "12.3-4" or "100abc" are not peaks.
      if (!parseNumber(text, mz, rest) || rest.empty() || !separator(rest, true)) return false;
      if (!parseNumber(rest.substr(1), intensity, rest) || !separator(rest, false)) return false;
      rest = trim(rest);
      peak.setMZ(mz);
      peak.setIntensity(static_cast<Peak1D::IntensityType>(intensity));
      return true;
    }

    std::string readTextFile(const String& filename)
    {
      std::string text = SpecEmbedding::readFile(filename);
      if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3); // UTF-8 byte order mark
      return text;
    }

    void forEachLine(std::string_view text, const std::function<void(std::string_view line, Size number)>& on_line)
    {
      Size number = 0;
      for (size_t start = 0; start < text.size();)
      {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        on_line(text.substr(start, end - start), ++number);
        start = end + 1;
      }
    }

    void finishLibrarySpectrum(MSSpectrum& spectrum, Size index)
    {
      spectrum.setMSLevel(2);
      if (!spectrum.isSorted()) spectrum.sortByPosition();
      if (spectrum.getNativeID().empty()) spectrum.setNativeID("index=" + std::to_string(index));
      spectrum.setMetaValue(SpectrumMetaKeys::NATIVE_ID, spectrum.getNativeID());
    }

    std::string_view trim(std::string_view text)
    {
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
      return text;
    }

    std::string recordContext(const String& filename, Size record, Size line, const std::string& label)
    {
      std::string context = "file '" + filename + "', record " + std::to_string(record) + " (line " + std::to_string(line);
      if (!label.empty()) context += ", '" + label + "'";
      return context + "): ";
    }
  }
}
