#include "MGFLibraryFile.h"

#include "LibraryRecords.h"
#include "core/Errors.h"

#include <OpenMS/KERNEL/MSExperiment.h>

#include <cctype>
#include <charconv>
#include <strings.h>

namespace OpenMS
{
  namespace
  {
    using namespace Internal;

    bool equalsIgnoringCase(std::string_view a, const char* b)
    {
      return a.size() == std::char_traits<char>::length(b) && strncasecmp(a.data(), b, a.size()) == 0;
    }

    /// A peak's optional third column is its charge ("2", "2+").
    bool isPeakCharge(std::string_view text)
    {
      int charge = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), charge);
      const std::string_view rest = text.substr(static_cast<size_t>(end - text.data()));
      return error == std::errc() && (rest.empty() || rest == "+" || rest == "-");
    }

    class MGFParser
    {
    public:
      MGFParser(const String& filename, PeakMap& exp) : filename_(filename), exp_(exp) {}

      void parseLine(std::string_view line, Size line_number)
      {
        line = trim(line);
        if (line.empty() || line[0] == '#' || line[0] == ';' || line[0] == '!' || line[0] == '/') return;
        if (equalsIgnoringCase(line, "BEGIN IONS"))
        {
          if (open_) fail(line_number, "BEGIN IONS inside a spectrum (END IONS missing)");
          startRecord(line_number);
          return;
        }
        if (!open_)
        {
          // Global parameters (Mascot search defaults) are not spectrum annotations.
          if (line.find('=') != std::string_view::npos && std::isalpha(static_cast<unsigned char>(line[0]))) return;
          throw SpecEmbedding::InputError("file '" + filename_ + "', line " + std::to_string(line_number) + ": '" +
                                          std::string(line) + "' is outside BEGIN IONS ... END IONS");
        }
        if (equalsIgnoringCase(line, "END IONS"))
        {
          endRecord();
          return;
        }
        const size_t equals = line.find('=');
        if (std::isalpha(static_cast<unsigned char>(line[0])) && equals != std::string_view::npos)
        {
          parseField(trim(line.substr(0, equals)), trim(line.substr(equals + 1)), line_number);
          return;
        }
        Peak1D peak;
        std::string_view rest;
        if (!parsePeak(line, peak, rest) || (!rest.empty() && !isPeakCharge(rest)))
        {
          fail(line_number, "peak line '" + std::string(line) + "' is not 'm/z intensity'");
        }
        spectrum_.push_back(peak);
      }

      void endOfFile()
      {
        if (open_) fail(begin_line_, "END IONS missing (truncated file?)");
      }

    private:
      void startRecord(Size line_number)
      {
        spectrum_ = MSSpectrum();
        ++record_;
        begin_line_ = line_number;
        open_ = true;
      }

      void endRecord()
      {
        open_ = false;
        finishLibrarySpectrum(spectrum_, exp_.size());
        exp_.addSpectrum(std::move(spectrum_));
      }

      void parseField(std::string_view key, std::string_view value, Size line_number)
      {
        if (equalsIgnoringCase(key, "TITLE"))
        {
          spectrum_.setNativeID(String(std::string(value)));
          return;
        }
        if (!storeLibraryField(spectrum_, libraryField(key), String(std::string(key)), value))
        {
          fail(line_number, "'" + std::string(key) + "' value '" + std::string(value) + "' is not a number");
        }
      }

      [[noreturn]] void fail(Size line_number, const std::string& what) const
      {
        const String& label = spectrum_.getNativeID().empty() ? spectrum_.getName() : spectrum_.getNativeID();
        throw SpecEmbedding::InputError(recordContext(filename_, record_, line_number, label) + what);
      }

      const String& filename_;
      PeakMap& exp_;
      MSSpectrum spectrum_;
      bool open_ = false;
      Size record_ = 0;
      Size begin_line_ = 0;
    };
  }

  void MGFLibraryFile::load(const String& filename, PeakMap& exp) const
  {
    exp.reset();
    const std::string text = readTextFile(filename);
    MGFParser parser(filename, exp);
    forEachLine(text, [&](std::string_view line, Size number) { parser.parseLine(line, number); });
    parser.endOfFile();
    if (exp.empty()) throw SpecEmbedding::InputError("file '" + filename + "' contains no spectra");
  }
}
