#include "LibraryRecords.h"

#include "core/Errors.h"

#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>

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
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
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

    /// MoNA writes annotations into Comments as quoted "key=value" items ("SMILES=CCO" "InChIKey=...").
    void readCommentItems(MSSpectrum& spectrum, const String& comments)
    {
      for (size_t start = comments.find('"'); start != std::string::npos;)
      {
        const size_t end = comments.find('"', start + 1);
        if (end == std::string::npos) return;
        const String item = comments.substr(start + 1, end - start - 1);
        start = comments.find('"', end + 1);
        const size_t equals = item.find('=');
        if (equals == std::string::npos) continue;
        String key = item.prefix(equals);
        key.trim();
        if (key.hasPrefix("computed ")) key = key.substr(9);
        const auto field = Internal::libraryField(key);
        const char* meta_key = field == Internal::LibraryField::SMILES     ? SpectrumMetaKeys::SMILES
                               : field == Internal::LibraryField::InChIKey ? SpectrumMetaKeys::INCHIKEY
                                                                           : nullptr;
        if (meta_key && !spectrum.metaValueExists(meta_key)) spectrum.setMetaValue(meta_key, String(item.substr(equals + 1)).trim());
      }
    }
  }

  namespace Internal
  {
    LibraryField libraryField(const String& key)
    {
      String normalized;
      for (const char c : key)
      {
        if (c != ' ' && c != '_' && c != '-') normalized += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
      if (normalized == "name" || normalized == "compoundname") return LibraryField::Name;
      if (normalized == "inchikey") return LibraryField::InChIKey;
      if (normalized == "smiles") return LibraryField::SMILES;
      if (normalized == "formula" || normalized == "molecularformula") return LibraryField::Formula;
      if (normalized == "ionmode" || normalized == "ionization" || normalized == "polarity") return LibraryField::IonMode;
      if (normalized == "precursortype" || normalized == "adduct" || normalized == "ionmodeadduct") return LibraryField::Adduct;
      if (normalized == "precursormz" || normalized == "pepmass" || normalized == "precursorm/z") return LibraryField::PrecursorMZ;
      if (normalized == "charge" || normalized == "precursorcharge") return LibraryField::Charge;
      if (normalized == "retentiontime" || normalized == "rt") return LibraryField::RetentionTime;
      if (normalized == "rtinseconds") return LibraryField::RetentionTimeSeconds;
      if (normalized == "rtinminutes") return LibraryField::RetentionTimeMinutes;
      if (normalized == "db#" || normalized == "spectrumid") return LibraryField::Identifier;
      if (normalized == "numpeaks") return LibraryField::NumPeaks;
      if (normalized == "comments" || normalized == "comment") return LibraryField::Comments;
      return LibraryField::Other;
    }

    std::string normalizeIonMode(const String& value)
    {
      const String mode = String(value).trim().toLower();
      if (mode == "p" || mode == "pos" || mode == "positive" || mode == "+" || mode == "esi+") return "positive";
      if (mode == "n" || mode == "neg" || mode == "negative" || mode == "-" || mode == "esi-") return "negative";
      return {};
    }

    bool parseNumber(std::string_view text, double& value, std::string_view& rest)
    {
      while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
      // from_chars rejects the '+' that strtod accepts.
      if (!text.empty() && text[0] == '+') text.remove_prefix(1);
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (error != std::errc()) return false;
      rest = text.substr(static_cast<size_t>(end - text.data()));
      return true;
    }

    void forEachLine(const String& filename, const std::function<void(const String& line, Size number)>& on_line)
    {
      std::error_code error;
      if (!std::filesystem::is_regular_file(filename.c_str(), error))
      {
        throw SpecEmbedding::InputError("file '" + filename + "' does not exist or is not a regular file");
      }
      std::ifstream in(filename.c_str(), std::ios::binary);
      std::string line;
      Size number = 0;
      while (std::getline(in, line))
      {
        if (number == 0 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3); // UTF-8 byte order mark
        if (!line.empty() && line.back() == '\r') line.pop_back();
        on_line(String(line), ++number);
      }
      if (in.bad()) throw SpecEmbedding::InputError("file '" + filename + "' cannot be read");
    }

    LibraryRecordReader::LibraryRecordReader(const String& filename, const SpectrumConsumer& consume,
                                             SpecEmbedding::InvalidSpectrumPolicy policy, ReadReport& report)
      : filename_(filename), consume_(consume), policy_(policy), report_(report)
    {
    }

    void LibraryRecordReader::startRecord(Size)
    {
      spectrum_ = MSSpectrum();
      ++record_;
      broken_.clear();
      open_ = true;
    }

    void LibraryRecordReader::breakRecord(Size line, const std::string& reason, const std::string& what)
    {
      if (policy_ == SpecEmbedding::InvalidSpectrumPolicy::Error)
      {
        throw SpecEmbedding::InputError(context(line) + what + " (use -invalid_spectra skip to skip such records)");
      }
      if (broken_.empty()) broken_ = reason;
    }

    void LibraryRecordReader::storeField(const String& key, const String& value, Size line)
    {
      double number = 0.0;
      std::string_view rest;
      const auto optional = [&](bool parsed) {
        if (!parsed) ++report_.ignored_fields[key];
      };
      switch (libraryField(key))
      {
        case LibraryField::Name:
          spectrum_.setName(value);
          spectrum_.setMetaValue(SpectrumMetaKeys::NAME, value);
          return;
        case LibraryField::InChIKey:
          spectrum_.setMetaValue(SpectrumMetaKeys::INCHIKEY, value);
          return;
        case LibraryField::SMILES:
          spectrum_.setMetaValue(SpectrumMetaKeys::SMILES, value);
          return;
        case LibraryField::Formula:
          spectrum_.setMetaValue(SpectrumMetaKeys::FORMULA, value);
          return;
        case LibraryField::Adduct:
          spectrum_.setMetaValue(SpectrumMetaKeys::ADDUCT, value);
          return;
        case LibraryField::IonMode:
        {
          const std::string mode = normalizeIonMode(value);
          spectrum_.setMetaValue(SpectrumMetaKeys::ION_MODE, mode.empty() ? value : String(mode));
          if (!mode.empty()) spectrum_.getInstrumentSettings().setPolarity(mode == "positive" ? IonSource::POSITIVE : IonSource::NEGATIVE);
          return;
        }
        case LibraryField::PrecursorMZ:
          // Required. PEPMASS may be followed by the precursor intensity.
          if (parseNumber(value, number, rest)) firstPrecursor(spectrum_).setMZ(number);
          else breakRecord(line, "an unreadable precursor m/z", "'" + key + "' value '" + value + "' is not a number");
          return;
        case LibraryField::Charge:
        {
          int charge = 0;
          const bool parsed = parseCharge(value, charge);
          if (parsed) firstPrecursor(spectrum_).setCharge(charge);
          optional(parsed);
          return;
        }
        case LibraryField::RetentionTime:
        {
          // Seconds unless a unit says minutes ("12.5 min"); RETENTIONTIME conventions differ between tools.
          const bool parsed = parseNumber(value, number, rest) && std::isfinite(number);
          if (parsed) spectrum_.setRT(String(std::string(rest)).trim().toLower().hasPrefix("min") ? number * 60.0 : number);
          optional(parsed);
          return;
        }
        case LibraryField::RetentionTimeSeconds:
        case LibraryField::RetentionTimeMinutes:
        {
          const bool parsed = parseNumber(value, number, rest) && std::isfinite(number);
          if (parsed) spectrum_.setRT(libraryField(key) == LibraryField::RetentionTimeMinutes ? number * 60.0 : number);
          optional(parsed);
          return;
        }
        case LibraryField::Identifier:
          if (spectrum_.getNativeID().empty())
          {
            spectrum_.setNativeID(value);
            return;
          }
          break; // a second identifier (SPECTRUMID beside DB# or an MGF TITLE) is kept verbatim
        case LibraryField::Comments:
          readCommentItems(spectrum_, value);
          break;
        case LibraryField::NumPeaks:
        case LibraryField::Other:
          break;
      }
      spectrum_.setMetaValue(key, value);
    }

    void LibraryRecordReader::finishRecord()
    {
      if (!open_) return;
      open_ = false;
      if (!broken_.empty())
      {
        ++report_.skipped_records[broken_];
        return;
      }
      spectrum_.setMSLevel(2);
      if (!spectrum_.isSorted()) spectrum_.sortByPosition();
      if (spectrum_.getNativeID().empty()) spectrum_.setNativeID("index=" + std::to_string(finished_));
      spectrum_.setMetaValue(SpectrumMetaKeys::NATIVE_ID, spectrum_.getNativeID());
      ++finished_;
      consume_(std::move(spectrum_));
    }

    std::string LibraryRecordReader::context(Size line) const
    {
      std::string text = "file '" + filename_ + "', record " + std::to_string(record_) + " (line " + std::to_string(line);
      const String name = label();
      if (!name.empty()) text += ", '" + name + "'";
      return text + "): ";
    }

    void LibraryRecordReader::requireSpectra() const
    {
      if (finished_ > 0) return;
      if (record_ == 0) throw SpecEmbedding::InputError("file '" + filename_ + "' contains no spectra");
      throw SpecEmbedding::InputError("file '" + filename_ + "' contains no usable spectra (all " + std::to_string(record_) + " records are broken)");
    }
  }
}
