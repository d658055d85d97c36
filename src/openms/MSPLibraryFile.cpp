#include "MSPLibraryFile.h"

#include "LibraryRecords.h"
#include "core/Errors.h"

#include <OpenMS/KERNEL/MSExperiment.h>

#include <cctype>
#include <charconv>

namespace OpenMS
{
  namespace
  {
    using namespace Internal;

    class MSPParser
    {
    public:
      MSPParser(const String& filename, PeakMap& exp) : filename_(filename), exp_(exp) {}

      void parseLine(std::string_view line, Size line_number)
      {
        line = trim(line);
        if (line.empty())
        {
          endRecord();
          return;
        }
        const size_t colon = line.find(':');
        if (std::isalpha(static_cast<unsigned char>(line[0])) && colon != std::string_view::npos)
        {
          parseHeader(trim(line.substr(0, colon)), trim(line.substr(colon + 1)), line_number);
        }
        else
        {
          parsePeaks(line, line_number);
        }
      }

      void endRecord()
      {
        if (!open_) return;
        open_ = false;
        if (expected_peaks_ >= 0 && static_cast<Size>(expected_peaks_) != spectrum_.size())
        {
          fail(num_peaks_line_, "Num Peaks is " + std::to_string(expected_peaks_) + " but " +
                                std::to_string(spectrum_.size()) + " peaks follow");
        }
        finishLibrarySpectrum(spectrum_, exp_.size());
        exp_.addSpectrum(std::move(spectrum_));
      }

    private:
      void startRecord()
      {
        spectrum_ = MSSpectrum();
        ++record_;
        expected_peaks_ = -1;
        open_ = true;
      }

      void parseHeader(std::string_view key, std::string_view value, Size line_number)
      {
        const LibraryField field = libraryField(key);
        // Records are separated by blank lines, but a Name after the peaks can only start the next one.
        if (open_ && field == LibraryField::Name && (expected_peaks_ >= 0 || !spectrum_.empty())) endRecord();
        if (!open_) startRecord();
        if (field == LibraryField::NumPeaks)
        {
          const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), expected_peaks_);
          if (error != std::errc() || end != value.data() + value.size() || expected_peaks_ < 0)
          {
            fail(line_number, "'" + std::string(key) + "' value '" + std::string(value) + "' is not a peak count");
          }
          num_peaks_line_ = line_number;
          return;
        }
        if (!storeLibraryField(spectrum_, field, String(std::string(key)), value))
        {
          fail(line_number, "'" + std::string(key) + "' value '" + std::string(value) + "' is not a number");
        }
      }

      void parsePeaks(std::string_view line, Size line_number)
      {
        if (!open_) startRecord();
        // NIST libraries put several "m/z intensity" pairs on one line, separated by ';'.
        for (size_t start = 0; start <= line.size();)
        {
          size_t end = line.find(';', start);
          if (end == std::string_view::npos) end = line.size();
          std::string_view pair = trim(line.substr(start, end - start));
          start = end + 1;
          if (pair.empty()) continue;
          if (pair.size() >= 2 && pair.front() == '"' && pair.back() == '"') pair = trim(pair.substr(1, pair.size() - 2));
          Peak1D peak;
          std::string_view rest;
          // Anything after the pair must be a quoted annotation ("b2/0.1").
          if (!parsePeak(pair, peak, rest) || (!rest.empty() && rest[0] != '"'))
          {
            fail(line_number, "peak line '" + std::string(line) + "' is not 'm/z intensity'");
          }
          spectrum_.push_back(peak);
        }
      }

      [[noreturn]] void fail(Size line_number, const std::string& what) const
      {
        const String& label = spectrum_.getName().empty() ? spectrum_.getNativeID() : spectrum_.getName();
        throw SpecEmbedding::InputError(recordContext(filename_, record_, line_number, label) + what);
      }

      const String& filename_;
      PeakMap& exp_;
      MSSpectrum spectrum_;
      bool open_ = false;
      Size record_ = 0;
      Size num_peaks_line_ = 0;
      long expected_peaks_ = -1;
    };
  }

  void MSPLibraryFile::load(const String& filename, PeakMap& exp) const
  {
    exp.reset();
    const std::string text = readTextFile(filename);
    MSPParser parser(filename, exp);
    forEachLine(text, [&](std::string_view line, Size number) { parser.parseLine(line, number); });
    parser.endRecord();
    if (exp.empty()) throw SpecEmbedding::InputError("file '" + filename + "' contains no spectra");
  }
}
