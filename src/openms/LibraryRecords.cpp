#include "LibraryRecords.h"

#include "core/Errors.h"
#include "core/io/Files.h"

#include <cctype>
#include <charconv>

namespace OpenMS
{
  namespace
  {
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
          spectrum.setRT(String(std::string(rest)).trim().toLower().hasPrefix("min") ? number * 60.0 : number);
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
      const String mode = String(std::string(value)).trim().toLower();
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
