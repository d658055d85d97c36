#include "MGFLibraryFile.h"

#include "core/Errors.h"

#include <OpenMS/KERNEL/MSExperiment.h>

#include <cctype>
#include <charconv>

namespace OpenMS
{
  namespace
  {
    using namespace Internal;

    /// A peak's optional third column is its charge ("2", "2+").
    bool isPeakCharge(std::string_view text)
    {
      int charge = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), charge);
      const std::string_view rest = text.substr(static_cast<size_t>(end - text.data()));
      return error == std::errc() && (rest.empty() || rest == "+" || rest == "-");
    }

    /// "m/z intensity [charge]", separated by whitespace.
    bool parsePeak(const String& line, double& mz, double& intensity)
    {
      std::string_view rest;
      if (!parseNumber(line, mz, rest) || rest.empty() || !std::isspace(static_cast<unsigned char>(rest.front()))) return false;
      if (!parseNumber(rest, intensity, rest) || !(rest.empty() || std::isspace(static_cast<unsigned char>(rest.front())))) return false;
      const String charge = String(std::string(rest)).trim();
      return charge.empty() || isPeakCharge(charge);
    }

    class MGFParser : public LibraryRecordReader
    {
    public:
      using LibraryRecordReader::LibraryRecordReader;

      void parseLine(String line, Size line_number)
      {
        line.trim();
        if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '!' || line[0] == '/') return;
        String upper = line;
        upper.toUpper();
        if (upper == "BEGIN IONS")
        {
          if (inRecord())
          {
            breakRecord(begin_line_, "a block without END IONS", "BEGIN IONS inside a spectrum (END IONS missing)");
            finishRecord();
          }
          startRecord(line_number);
          begin_line_ = line_number;
          return;
        }
        if (!inRecord())
        {
          // Global parameters (Mascot search defaults) are not spectrum annotations.
          if (line.find('=') != std::string::npos && std::isalpha(static_cast<unsigned char>(line[0]))) return;
          throw SpecEmbedding::InputError("file '" + filename_ + "', line " + std::to_string(line_number) + ": '" + line +
                                          "' is outside BEGIN IONS ... END IONS");
        }
        if (upper == "END IONS")
        {
          finishRecord();
          return;
        }
        const size_t equals = line.find('=');
        if (std::isalpha(static_cast<unsigned char>(line[0])) && equals != std::string::npos)
        {
          const String key = String(line.prefix(equals)).trim(), value = String(line.substr(equals + 1)).trim();
          if (String(key).toUpper() == "TITLE") spectrum_.setNativeID(value);
          else storeField(key, value, line_number);
          return;
        }
        double mz = 0.0, intensity = 0.0;
        if (!parsePeak(line, mz, intensity))
        {
          breakRecord(line_number, "a malformed peak line", "peak line '" + line + "' is not 'm/z intensity'");
          return;
        }
        addPeak(mz, intensity);
      }

      void endOfFile()
      {
        if (inRecord())
        {
          breakRecord(begin_line_, "a block without END IONS", "END IONS missing (truncated file?)");
          finishRecord();
        }
        requireSpectra();
      }

    private:
      String label() const override { return spectrum_.getNativeID().empty() ? spectrum_.getName() : spectrum_.getNativeID(); }

      Size begin_line_ = 0;
    };
  }

  void MGFLibraryFile::read(const String& filename, const SpectrumConsumer& consume, SpecEmbedding::InvalidSpectrumPolicy policy,
                            ReadReport& report) const
  {
    MGFParser parser(filename, consume, policy, report);
    forEachLine(filename, [&](const String& line, Size number) { parser.parseLine(line, number); });
    parser.endOfFile();
  }

  void MGFLibraryFile::load(const String& filename, PeakMap& exp, SpecEmbedding::InvalidSpectrumPolicy policy, ReadReport& report) const
  {
    exp.reset();
    read(filename, [&](MSSpectrum&& spectrum) { exp.addSpectrum(std::move(spectrum)); }, policy, report);
  }
}
