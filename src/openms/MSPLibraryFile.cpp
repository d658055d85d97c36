#include "MSPLibraryFile.h"

#include "LibraryRecords.h"
#include "core/Errors.h"

#include <OpenMS/KERNEL/MSExperiment.h>

#include <cctype>
#include <charconv>
#include <optional>

namespace OpenMS
{
  namespace
  {
    using namespace Internal;

    /// The peaks of an MSP peak line: "m/z intensity" pairs separated by whitespace (or ','), several per
    /// line split by ';' (NIST), each optionally quoted or followed by a quoted annotation, or
    /// "m/z:intensity" pairs separated by whitespace (Golm). Nothing when the line is none of these.
    std::optional<std::vector<std::pair<double, double>>> peakPairs(const String& line)
    {
      std::vector<std::pair<double, double>> pairs;
      const auto number = [](std::string_view& text, double& value) {
        std::string_view rest;
        if (!parseNumber(text, value, rest)) return false;
        text = rest;
        return true;
      };
      for (const auto& part_text : ListUtils::create<String>(line, ';'))
      {
        String part = part_text;
        part.trim();
        if (part.empty()) continue;
        if (part.size() >= 2 && part.front() == '"' && part.back() == '"') part = String(part.substr(1, part.size() - 2)).trim();
        std::string_view text(part);
        // Golm: every whitespace-separated item is "m/z:intensity".
        if (part.find(':') != std::string::npos && part.find('"') == std::string::npos)
        {
          for (const auto& item : ListUtils::create<String>(String(part).substitute('\t', ' '), ' '))
          {
            if (item.empty()) continue;
            std::string_view view(item);
            double mz = 0.0, intensity = 0.0;
            if (!number(view, mz) || view.empty() || view.front() != ':') return std::nullopt;
            view.remove_prefix(1);
            if (!number(view, intensity) || !view.empty()) return std::nullopt;
            pairs.emplace_back(mz, intensity);
          }
          continue;
        }
        double mz = 0.0, intensity = 0.0;
        // A separator must follow each number: "12.3-4" or "100abc" are not peaks.
        if (!number(text, mz) || text.empty() || !(std::isspace(static_cast<unsigned char>(text.front())) || text.front() == ',')) return std::nullopt;
        text.remove_prefix(1);
        if (!number(text, intensity)) return std::nullopt;
        String rest = String(std::string(text)).trim();
        // What may follow the pair: a quoted annotation ("b2/0.1").
        if (!rest.empty() && rest.front() != '"') return std::nullopt;
        pairs.emplace_back(mz, intensity);
      }
      return pairs;
    }

    class MSPParser : public LibraryRecordReader
    {
    public:
      using LibraryRecordReader::LibraryRecordReader;

      void parseLine(String line, Size line_number)
      {
        line.trim();
        if (line.empty())
        {
          endRecord(line_number);
          return;
        }
        if (line.hasPrefix("#")) return; // comment
        const size_t colon = line.find(':');
        if (std::isalpha(static_cast<unsigned char>(line[0])) && colon != std::string::npos)
        {
          parseHeader(String(line.prefix(colon)).trim(), String(line.substr(colon + 1)).trim(), line_number);
        }
        else
        {
          parsePeaks(line, line_number);
        }
      }

      void endOfFile(Size line_number)
      {
        endRecord(line_number);
        requireSpectra();
      }

    private:
      String label() const override { return spectrum_.getName().empty() ? spectrum_.getNativeID() : spectrum_.getName(); }

      void endRecord(Size line_number)
      {
        if (!inRecord()) return;
        if (expected_peaks_ >= 0 && static_cast<Size>(expected_peaks_) != peakCount())
        {
          breakRecord(num_peaks_line_, "a wrong peak count",
                      "Num Peaks is " + std::to_string(expected_peaks_) + " but " + std::to_string(peakCount()) + " peaks follow");
        }
        (void)line_number;
        finishRecord();
      }

      void begin(Size line_number)
      {
        startRecord(line_number);
        expected_peaks_ = -1;
      }

      void parseHeader(const String& key, const String& value, Size line_number)
      {
        const LibraryField field = libraryField(key);
        // Records are separated by blank lines, but a Name after the peaks can only start the next one.
        if (inRecord() && field == LibraryField::Name && (expected_peaks_ >= 0 || peakCount() > 0)) endRecord(line_number);
        if (!inRecord()) begin(line_number);
        if (field == LibraryField::NumPeaks)
        {
          const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), expected_peaks_);
          num_peaks_line_ = line_number;
          if (error != std::errc() || end != value.data() + value.size() || expected_peaks_ < 0)
          {
            expected_peaks_ = -1;
            breakRecord(line_number, "a wrong peak count", "'" + key + "' value '" + value + "' is not a peak count");
          }
          return;
        }
        storeField(key, value, line_number);
      }

      void parsePeaks(const String& line, Size line_number)
      {
        if (!inRecord()) begin(line_number);
        const auto pairs = peakPairs(line);
        if (!pairs)
        {
          breakRecord(line_number, "a malformed peak line", "peak line '" + line + "' is not 'm/z intensity'");
          return;
        }
        for (const auto& [mz, intensity] : *pairs) addPeak(mz, intensity);
      }

      Size num_peaks_line_ = 0;
      long expected_peaks_ = -1;
    };
  }

  void MSPLibraryFile::read(const String& filename, const SpectrumConsumer& consume, SpecEmbedding::InvalidSpectrumPolicy policy,
                            ReadReport& report) const
  {
    MSPParser parser(filename, consume, policy, report);
    Size last_line = 0;
    forEachLine(filename, [&](const String& line, Size number) {
      parser.parseLine(line, number);
      last_line = number;
    });
    parser.endOfFile(last_line);
  }

  void MSPLibraryFile::load(const String& filename, PeakMap& exp, SpecEmbedding::InvalidSpectrumPolicy policy, ReadReport& report) const
  {
    exp.reset();
    read(filename, [&](MSSpectrum&& spectrum) { exp.addSpectrum(std::move(spectrum)); }, policy, report);
  }
}
