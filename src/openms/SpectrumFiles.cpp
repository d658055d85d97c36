#include "SpectrumFiles.h"

#include "LibraryRecords.h"
#include "MGFLibraryFile.h"
#include "MSPLibraryFile.h"
#include "core/Errors.h"

#include <OpenMS/CONCEPT/LogStream.h>
#include <OpenMS/FORMAT/FileHandler.h>
#include <OpenMS/FORMAT/MzMLFile.h>
#include <OpenMS/INTERFACES/IMSDataConsumer.h>
#include <OpenMS/KERNEL/MSExperiment.h>

#include <algorithm>
#include <map>
#include <filesystem>
#include <numeric>

namespace OpenMS
{
  namespace
  {
    std::string metaString(const MSSpectrum& spectrum, const char* key)
    {
      return spectrum.metaValueExists(key) ? std::string(spectrum.getMetaValue(key).toString()) : std::string();
    }
  }

  namespace
  {
    /// Hands the MS2 spectra of an mzML file, streamed by MzMLFile::transform, to a consumer.
    class SpectrumForwarder : public Interfaces::IMSDataConsumer
    {
    public:
      explicit SpectrumForwarder(const std::function<void(MSSpectrum&&)>& consume) : consume_(consume) {}
      void consumeSpectrum(SpectrumType& spectrum) override
      {
        if (spectrum.getMSLevel() != 2) return;
        ++count_;
        consume_(std::move(spectrum));
      }
      void consumeChromatogram(ChromatogramType&) override {}
      void setExpectedSize(Size, Size) override {}
      void setExperimentalSettings(const ExperimentalSettings&) override {}
      Size count() const { return count_; }

    private:
      const std::function<void(MSSpectrum&&)>& consume_;
      Size count_ = 0;
    };
  }

  void readSpectra(const String& filename, const std::function<void(MSSpectrum&&)>& consume, SpecEmbedding::InvalidSpectrumPolicy policy,
                   ReadReport& report)
  {
    switch (FileHandler::getTypeByFileName(filename))
    {
      case FileTypes::MSP:
        MSPLibraryFile().read(filename, consume, policy, report);
        return;
      case FileTypes::MGF:
        MGFLibraryFile().read(filename, consume, policy, report);
        return;
      case FileTypes::MZML:
      {
        if (!std::filesystem::is_regular_file(filename.c_str()))
        {
          throw SpecEmbedding::InputError("file '" + filename + "' does not exist or is not a regular file");
        }
        MzMLFile file;
        file.setLogType(ProgressLogger::NONE);
        file.getOptions().setMSLevels({2});
        SpectrumForwarder forwarder(consume);
        try
        {
          file.transform(filename, &forwarder);
        }
        catch (const Exception::BaseException& error)
        {
          throw SpecEmbedding::InputError("file '" + filename + "' is not valid mzML: " + error.getMessage());
        }
        if (forwarder.count() == 0) throw SpecEmbedding::InputError("file '" + filename + "' contains no spectra of MS level 2");
        return;
      }
      default:
        throw SpecEmbedding::InputError("file '" + filename + "' has an unknown extension (expected .msp, .mgf or .mzML)");
    }
  }

  void loadSpectra(const String& filename, PeakMap& experiment)
  {
    experiment.reset();
    ReadReport report;
    readSpectra(filename, [&](MSSpectrum&& spectrum) { experiment.addSpectrum(std::move(spectrum)); },
                SpecEmbedding::InvalidSpectrumPolicy::Error, report);
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

  namespace
  {
    /// What reading left out: skipped broken records by reason, ignored optional values by field.
    void logReadReport(const String& filename, const ReadReport& report)
    {
      for (const auto& [reason, count] : report.skipped_records)
      {
        OPENMS_LOG_WARN << "Skipped " << count << " records of '" << filename << "' with " << reason << "." << std::endl;
      }
      for (const auto& [field, count] : report.ignored_fields)
      {
        OPENMS_LOG_WARN << "Warning: ignored " << count << " unreadable '" << field << "' values in '" << filename << "'." << std::endl;
      }
    }

    /// How many spectra were read and usable, and the unusable ones by reason.
    void logTokenized(const String& filename, size_t read, size_t usable, const std::map<std::string, size_t>& skipped)
    {
      OPENMS_LOG_INFO << "Read " << read << " MS2 spectra from '" << filename << "', " << usable << " usable." << std::endl;
      for (const auto& [reason, count] : skipped)
      {
        OPENMS_LOG_WARN << "Skipped " << count << " spectra of '" << filename << "': " << reason << std::endl;
      }
    }
  }

  std::vector<SpecEmbedding::Spectrum> loadCoreSpectra(const String& filename, SpecEmbedding::InvalidSpectrumPolicy policy)
  {
    std::vector<SpecEmbedding::Spectrum> spectra;
    ReadReport report;
    readSpectra(filename, [&](MSSpectrum&& spectrum) { spectra.push_back(toCoreSpectrum(spectrum, spectra.size())); }, policy, report);
    logReadReport(filename, report);
    return spectra;
  }

  size_t readSpectrumBlocks(const String& filename, const SpecEmbedding::Tokenizer& tokenizer, SpecEmbedding::InvalidSpectrumPolicy policy,
                            size_t block_size, const std::function<void(SpectrumBlock&&)>& process)
  {
    ReadReport report;
    std::vector<SpecEmbedding::Spectrum> pending;
    size_t read = 0, usable = 0;
    std::map<std::string, size_t> skipped;
    const auto flush = [&] {
      const size_t first = read - pending.size();
      auto tokenized = SpecEmbedding::tokenizeSpectra(pending, tokenizer, policy, filename, first);
      for (const auto& [reason, count] : tokenized.skipped) skipped[reason] += count;
      SpectrumBlock block;
      for (const size_t i : tokenized.indices)
      {
        block.spectra.push_back(std::move(pending[i]));
        block.input_index.push_back(first + i);
      }
      block.tokens = std::move(tokenized.tokens);
      pending.clear();
      usable += block.spectra.size();
      if (!block.spectra.empty()) process(std::move(block));
    };
    readSpectra(
      filename,
      [&](MSSpectrum&& spectrum) {
        pending.push_back(toCoreSpectrum(spectrum, read++));
        if (pending.size() >= block_size) flush();
      },
      policy, report);
    flush();
    logReadReport(filename, report);
    logTokenized(filename, read, usable, skipped);
    return read;
  }
}
