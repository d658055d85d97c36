#include "core/Errors.h"
#include "openms/MGFLibraryFile.h"
#include "openms/MSPLibraryFile.h"
#include "openms/LibraryRecords.h"
#include "openms/SpectrumFiles.h"

#include <OpenMS/FORMAT/MzMLFile.h>
#include <OpenMS/KERNEL/MSExperiment.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace OpenMS;
using SpecEmbedding::InputError;
using SpecEmbedding::Spectrum;

namespace
{
  const std::string kMassBank = std::string(SHARED_DIR) + "/data/massbank/";
  const std::string kReaders = std::string(TEST_DATA_DIR) + "/readers/";

  std::vector<Spectrum> load(const std::string& path)
  {
    PeakMap experiment;
    loadSpectra(path, experiment);
    return toCoreSpectra(experiment);
  }

  /// A fresh directory per test (tests may run in parallel under ctest), removed afterwards.
  class ScratchDir
  {
  public:
    ScratchDir()
    {
      const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
      path_ = std::filesystem::temp_directory_path() /
              ("SpectrumReadersTest_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
      std::filesystem::remove_all(path_);
      std::filesystem::create_directories(path_);
    }
    ~ScratchDir() { std::filesystem::remove_all(path_); }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
  };

  std::string readText(const std::string& path)
  {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  void writeText(const std::filesystem::path& path, const std::string& text)
  {
    std::ofstream(path, std::ios::binary) << text;
  }

  /// The InputError's message, or a note that none was thrown.
  std::string loadError(const std::string& path)
  {
    try
    {
      load(path);
    }
    catch (const InputError& error)
    {
      return error.what();
    }
    return "(no InputError thrown)";
  }

  void expectContains(const std::string& text, const std::string& part)
  {
    EXPECT_NE(text.find(part), std::string::npos) << "'" << part << "' not in: " << text;
  }

  /// NaN-aware equality of everything a core spectrum carries.
  void expectSameSpectrum(const Spectrum& a, const Spectrum& b)
  {
    SCOPED_TRACE(a.id);
    EXPECT_EQ(a.id, b.id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.inchikey, b.inchikey);
    EXPECT_EQ(a.smiles, b.smiles);
    EXPECT_EQ(a.formula, b.formula);
    EXPECT_EQ(a.ion_mode, b.ion_mode);
    EXPECT_EQ(a.adduct, b.adduct);
    EXPECT_EQ(a.precursor_mz, b.precursor_mz);
    EXPECT_EQ(a.charge, b.charge);
    EXPECT_EQ(a.retention_time, b.retention_time);
    EXPECT_EQ(a.mz, b.mz);
    ASSERT_EQ(a.intensity.size(), b.intensity.size());
    for (size_t i = 0; i < a.intensity.size(); ++i)
    {
      if (std::isnan(a.intensity[i])) EXPECT_TRUE(std::isnan(b.intensity[i])) << i;
      else EXPECT_EQ(a.intensity[i], b.intensity[i]) << i;
    }
  }

  /// Peaks are stored as OpenMS Peak1D, whose intensity is a float.
  double asStored(double intensity) { return static_cast<float>(intensity); }

  struct TextCounts
  {
    size_t records = 0, peak_lines = 0, declared_peaks = 0;
  };

  /// Counts the MSP text directly: "Name:" lines, lines that start with a digit, and the Num Peaks sum.
  TextCounts countMspText(const std::string& path)
  {
    TextCounts counts;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line))
    {
      if (line.rfind("Name: ", 0) == 0) ++counts.records;
      else if (line.rfind("Num Peaks: ", 0) == 0) counts.declared_peaks += std::stoul(line.substr(11));
      else if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0]))) ++counts.peak_lines;
    }
    return counts;
  }

  const std::vector<Spectrum>& trainSpectra()
  {
    static const std::vector<Spectrum> spectra = load(kMassBank + "train.msp");
    return spectra;
  }
}

TEST(SpectrumReaders, EverySharedMassBankFileLoadsCompletely)
{
  for (const std::string name : {"train.msp", "dev_query.msp", "dev_ref.msp", "dev_xlab_query.msp", "dev_xlab_ref.msp"})
  {
    SCOPED_TRACE(name);
    const TextCounts expected = countMspText(kMassBank + name);
    ASSERT_GT(expected.records, 0u);
    EXPECT_EQ(expected.peak_lines, expected.declared_peaks);

    const auto start = std::chrono::steady_clock::now();
    PeakMap experiment;
    loadSpectra(kMassBank + name, experiment);
    const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
    if (name == std::string("train.msp"))
    {
      EXPECT_EQ(experiment.size(), 41289u);
      std::cout << "train.msp: " << experiment.size() << " spectra in " << seconds.count() << " s" << std::endl;
      EXPECT_LT(seconds.count(), 15.0) << "loading train.msp is too slow";
    }
    ASSERT_EQ(experiment.size(), expected.records);

    size_t peaks = 0;
    for (const Spectrum& spectrum : toCoreSpectra(experiment))
    {
      peaks += spectrum.mz.size();
      EXPECT_EQ(spectrum.inchikey.size(), 27u) << spectrum.id;
      EXPECT_FALSE(spectrum.smiles.empty()) << spectrum.id;
      EXPECT_EQ(spectrum.ion_mode, "positive") << spectrum.id;
      EXPECT_GT(spectrum.precursor_mz, 10.0) << spectrum.id;
      EXPECT_EQ(spectrum.id.rfind("MSBNK-", 0), 0u) << spectrum.id;
      EXPECT_TRUE(std::is_sorted(spectrum.mz.begin(), spectrum.mz.end())) << spectrum.id;
    }
    EXPECT_EQ(peaks, expected.peak_lines);
    for (const auto& spectrum : experiment) EXPECT_EQ(spectrum.getMSLevel(), 2u);
  }
}

TEST(SpectrumReaders, TrainFirstAndLastRecordsExact)
{
  const auto& spectra = trainSpectra();
  ASSERT_EQ(spectra.size(), 41289u);

  const Spectrum& first = spectra.front();
  EXPECT_EQ(first.id, "MSBNK-AAFC-AC000001");
  EXPECT_EQ(first.name, "Mellein");
  EXPECT_EQ(first.inchikey, "KWILGNNWGSNMPA-UHFFFAOYSA-N");
  EXPECT_EQ(first.smiles, "CC1Cc2cccc(O)c2C(=O)O1");
  EXPECT_EQ(first.formula, "C10H10O3");
  EXPECT_EQ(first.adduct, "[M+H]+");
  EXPECT_EQ(first.ion_mode, "positive");
  EXPECT_EQ(first.precursor_mz, 179.0697);
  EXPECT_EQ(first.charge, 0);
  EXPECT_LT(first.retention_time, 0.0);
  EXPECT_EQ(first.mz, (std::vector<double>{133.0648, 151.0754, 155.9743, 161.0597, 179.0703}));
  EXPECT_EQ(first.intensity, (std::vector<double>{asStored(21905.3), asStored(9239.9), asStored(10980.9),
                                                  asStored(96508.4), asStored(72563.9)}));

  const Spectrum& last = spectra.back();
  EXPECT_EQ(last.id, "MSBNK-Waters-WA000268");
  EXPECT_EQ(last.name, "Forchlorfenuron");
  EXPECT_EQ(last.inchikey, "GPXLRLUVLMHHIK-UHFFFAOYSA-N");
  EXPECT_EQ(last.smiles, "O=C(Nc1ccccc1)Nc1ccnc(Cl)c1");
  EXPECT_EQ(last.precursor_mz, 247.9);
  EXPECT_EQ(last.mz, (std::vector<double>{66.0, 76.0, 90.0, 93.0, 94.0, 119.0, 129.0, 155.0}));
  EXPECT_EQ(last.intensity, (std::vector<double>{306, 39, 31, 999, 16, 86, 184, 20}));

  // A %g intensity: train.msp line 668046 is "263.1430\t2.50948e+06".
  bool found = false;
  for (const Spectrum& spectrum : spectra)
  {
    for (size_t i = 0; i < spectrum.mz.size(); ++i)
    {
      if (spectrum.mz[i] == 263.1430 && spectrum.intensity[i] == 2.50948e+06) found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(SpectrumReaders, MspTabsSpacesScientificUpperCaseKeys)
{
  PeakMap experiment;
  loadSpectra(kReaders + "formats.msp", experiment);
  const auto spectra = toCoreSpectra(experiment);
  ASSERT_EQ(spectra.size(), 6u);

  // Upper-case keys, tab-separated scientific notation.
  const Spectrum& caffeine = spectra[0];
  EXPECT_EQ(caffeine.id, "CAF-001");
  EXPECT_EQ(caffeine.name, "Caffeine");
  EXPECT_EQ(caffeine.precursor_mz, 195.0877);
  EXPECT_EQ(caffeine.adduct, "[M+H]+");
  EXPECT_EQ(caffeine.inchikey, "RYYVLZVUVIJVGH-UHFFFAOYSA-N");
  EXPECT_EQ(caffeine.smiles, "Cn1c(=O)c2c(ncn2C)n(C)c1=O");
  EXPECT_EQ(caffeine.formula, "C8H10N4O2");
  EXPECT_EQ(caffeine.ion_mode, "positive");
  EXPECT_EQ(caffeine.retention_time, 312.5);
  EXPECT_EQ(caffeine.charge, 1);
  EXPECT_EQ(caffeine.mz, (std::vector<double>{42.0338, 110.0713, 138.0662, 195.0877}));
  EXPECT_EQ(caffeine.intensity, (std::vector<double>{1500, 2299900, 810000, 1000}));
  // Fields without a core counterpart stay as verbatim meta values; setName() is set too.
  EXPECT_EQ(experiment[0].getMetaValue("COLLISIONENERGY").toString(), "35");
  EXPECT_EQ(experiment[0].getName(), "Caffeine");
  EXPECT_EQ(experiment[0].getMSLevel(), 2u);

  // Lower-case and underscored keys, space separators, unsorted peaks, negative mode, RT in minutes.
  const Spectrum& ibuprofen = spectra[1];
  EXPECT_EQ(ibuprofen.id, "IBU-002");
  EXPECT_EQ(ibuprofen.precursor_mz, 205.1234);
  EXPECT_EQ(ibuprofen.adduct, "[M-H]-");
  EXPECT_EQ(ibuprofen.ion_mode, "negative");
  EXPECT_EQ(ibuprofen.charge, -1);
  EXPECT_EQ(ibuprofen.retention_time, 450.0);
  EXPECT_EQ(ibuprofen.mz, (std::vector<double>{59.0139, 161.1336, 205.1234}));
  EXPECT_EQ(ibuprofen.intensity, (std::vector<double>{25.5, 100, 3}));

  // A repeated name is a new spectrum; ';'-separated, quoted and annotated pairs.
  const Spectrum& again = spectra[2];
  EXPECT_EQ(again.id, "index=2");
  EXPECT_EQ(again.name, "Caffeine");
  EXPECT_EQ(again.mz, (std::vector<double>{42.0338, 69.0447, 110.0713, 138.0662, 195.0877}));
  EXPECT_EQ(again.intensity, (std::vector<double>{15, 30, 999, 500, 120}));
  EXPECT_EQ(again.ion_mode, "");
  EXPECT_EQ(again.charge, 0);
  EXPECT_LT(again.retention_time, 0.0);

  // Loaded although unusable: the tools decide what to do with such spectra.
  EXPECT_EQ(spectra[3].name, "Empty record");
  EXPECT_TRUE(spectra[3].mz.empty());
  EXPECT_EQ(spectra[3].precursor_mz, 0.0);
  EXPECT_EQ(spectra[4].name, "With NaN");
  ASSERT_EQ(spectra[4].intensity.size(), 2u);
  EXPECT_TRUE(std::isnan(spectra[4].intensity[0]));

  // A Name right after the peaks starts the next record even without a blank line.
  EXPECT_EQ(spectra[5].name, "No blank line before");
  EXPECT_EQ(spectra[5].precursor_mz, 250.0);
  EXPECT_EQ(spectra[5].mz, std::vector<double>{80.0});
}

TEST(SpectrumReaders, MspWithCrlfLineEndsReadsTheSame)
{
  std::string crlf;
  for (const char c : readText(kReaders + "formats.msp"))
  {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  const ScratchDir dir;
  const auto path = dir / "formats_crlf.MSP";
  writeText(path, crlf);
  const auto expected = load(kReaders + "formats.msp");
  const auto actual = load(path.string());
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) expectSameSpectrum(expected[i], actual[i]);
}

TEST(SpectrumReaders, MgfKeepsAnnotationsAndCarriesNothingOver)
{
  PeakMap experiment;
  ReadReport report;
  MGFLibraryFile().load(kReaders + "gnps.mgf", experiment, SpecEmbedding::InvalidSpectrumPolicy::Error, report);
  ASSERT_EQ(experiment.size(), 3u);
  EXPECT_EQ(experiment[0].getMetaValue("SCANS").toString(), "17");
  const auto spectra = toCoreSpectra(experiment);

  const Spectrum& first = spectra[0];
  EXPECT_EQ(first.id, "first spectrum");
  EXPECT_EQ(first.name, "Caffeine M-H");
  EXPECT_EQ(first.precursor_mz, 195.0877);
  EXPECT_EQ(first.charge, -1);
  EXPECT_EQ(first.retention_time, 65.25);
  EXPECT_EQ(first.smiles, "Cn1c(=O)c2c(ncn2C)n(C)c1=O");
  EXPECT_EQ(first.inchikey, "RYYVLZVUVIJVGH-UHFFFAOYSA-N");
  EXPECT_EQ(first.ion_mode, "negative");
  EXPECT_EQ(first.formula, "C8H10N4O2");
  EXPECT_EQ(first.adduct, "[M-H]-");
  EXPECT_EQ(first.mz, (std::vector<double>{42.0338, 110.0713, 138.0662}));
  EXPECT_EQ(first.intensity, (std::vector<double>{1500, 2299900, 800}));

  // No CHARGE, RTINSECONDS or TITLE: nothing from the previous spectrum or the global CHARGE.
  const Spectrum& second = spectra[1];
  EXPECT_EQ(second.id, "index=1");
  EXPECT_EQ(second.charge, 0);
  EXPECT_LT(second.retention_time, 0.0);
  EXPECT_EQ(second.name, "");
  EXPECT_EQ(second.smiles, "");
  EXPECT_EQ(second.ion_mode, "");
  EXPECT_EQ(second.mz, (std::vector<double>{90, 100}));
  EXPECT_EQ(second.intensity, (std::vector<double>{5, 10}));

  // Without peaks, still loaded.
  EXPECT_EQ(spectra[2].id, "third");
  EXPECT_EQ(spectra[2].charge, 2);
  EXPECT_EQ(spectra[2].retention_time, 120.0);
  EXPECT_TRUE(spectra[2].mz.empty());
}

TEST(SpectrumReaders, MzMLWrittenByOpenMSRoundTripsAndIgnoresMS1)
{
  PeakMap experiment;
  loadSpectra(kReaders + "formats.msp", experiment);
  PeakMap massbank;
  loadSpectra(kMassBank + "dev_xlab_query.msp", massbank);
  for (const auto& spectrum : massbank) experiment.addSpectrum(spectrum);
  // Without the Ion_mode meta value the polarity (a cvParam in mzML) still gives the ion mode.
  experiment[1].removeMetaValue(SpectrumMetaKeys::ION_MODE);
  const auto expected = toCoreSpectra(experiment);
  ASSERT_EQ(expected[1].ion_mode, "negative");

  MSSpectrum ms1;
  ms1.setMSLevel(1);
  ms1.setRT(5.0);
  ms1.setNativeID("scan=1");
  ms1.push_back(Peak1D(100.0, 1.0f));
  experiment.getSpectra().insert(experiment.getSpectra().begin(), ms1);
  experiment.addSpectrum(ms1);

  const ScratchDir dir;
  const auto path = (dir / "roundtrip.mzML").string();
  MzMLFile().store(path, experiment);
  const auto actual = load(path);
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) expectSameSpectrum(expected[i], actual[i]);
}

TEST(SpectrumReaders, ErrorsNameTheFileAndTheRecord)
{
  {
    const std::string message = loadError(kReaders + "bad_peak_line.msp");
    expectContains(message, "bad_peak_line.msp");
    expectContains(message, "record 3 (line 19, 'Mellein')");
    expectContains(message, "peak line '12.3 abc' is not 'm/z intensity'");
  }
  {
    const std::string message = loadError(kReaders + "num_peaks_mismatch.msp");
    expectContains(message, "num_peaks_mismatch.msp");
    expectContains(message, "record 2 (line 11, 'Forchlorfenuron')");
    expectContains(message, "Num Peaks is 3 but 2 peaks follow");
  }
  {
    const std::string message = loadError(kReaders + "bad_precursor.msp");
    expectContains(message, "bad_precursor.msp', record 2 (line 7, 'Broken')");
    expectContains(message, "'abc' is not a number");
  }
  {
    const std::string message = loadError(kReaders + "bad_peak_line.mgf");
    expectContains(message, "bad_peak_line.mgf', record 2 (line 11, 'broken')");
    expectContains(message, "peak line '60;2'");
  }
  {
    const std::string message = loadError(kReaders + "missing_end.mgf");
    expectContains(message, "missing_end.mgf', record 2 (line 7, 'truncated')");
    expectContains(message, "END IONS missing");
  }
  for (const std::string name : {"empty.msp", "blank.mgf"})
  {
    const std::string message = loadError(kReaders + name);
    expectContains(message, name);
    expectContains(message, "contains no spectra");
  }
  for (const std::string name : {"does_not_exist.msp", "does_not_exist.mgf", "does_not_exist.mzML"})
  {
    const std::string message = loadError(kReaders + name);
    expectContains(message, name);
    expectContains(message, "does not exist");
  }
  {
    const std::string message = loadError(kReaders + "formats.txt");
    expectContains(message, "formats.txt");
    expectContains(message, "unknown extension");
  }
}

TEST(SpectrumReaders, BrokenOrMS1OnlyMzMLIsAnInputError)
{
  PeakMap experiment;
  loadSpectra(kReaders + "formats.msp", experiment);
  const ScratchDir dir;
  const auto complete = (dir / "complete.mzML").string();
  MzMLFile().store(complete, experiment);
  const std::string text = readText(complete);

  const auto truncated = dir / "truncated.mzML";
  writeText(truncated, text.substr(0, text.size() / 2));
  std::string message = loadError(truncated.string());
  expectContains(message, "truncated.mzML");
  expectContains(message, "not valid mzML");

  for (auto& spectrum : experiment) spectrum.setMSLevel(1);
  const auto ms1_only = (dir / "ms1_only.mzML").string();
  MzMLFile().store(ms1_only, experiment);
  message = loadError(ms1_only);
  expectContains(message, "ms1_only.mzML");
  expectContains(message, "contains no spectra of MS level 2");
}

namespace
{
  const std::string kDialects = std::string(TEST_DATA_DIR) + "/readers/dialects/";

  struct DialectRead
  {
    std::vector<Spectrum> spectra;
    ReadReport report;
  };

  DialectRead readDialect(const std::string& name, SpecEmbedding::InvalidSpectrumPolicy policy = SpecEmbedding::InvalidSpectrumPolicy::Error)
  {
    DialectRead read;
    readSpectra(kDialects + name, [&](MSSpectrum&& spectrum) { read.spectra.push_back(toCoreSpectrum(spectrum, read.spectra.size())); }, policy,
                read.report);
    return read;
  }
}

TEST(SpectrumReaders, NistMspWithAnnotationsAndSemicolonPeakLines)
{
  const auto read = readDialect("nist.msp");
  ASSERT_EQ(read.spectra.size(), 2u);
  EXPECT_EQ(read.spectra[0].mz.size(), 5u);
  EXPECT_EQ(read.spectra[0].id, "12345");
  EXPECT_EQ(read.spectra[0].adduct, "[M+H]+");
  EXPECT_DOUBLE_EQ(read.spectra[0].intensity[3], 100.0);
  EXPECT_EQ(read.spectra[1].mz.size(), 4u);
  EXPECT_DOUBLE_EQ(read.spectra[1].mz[3], 163.0614);
  EXPECT_DOUBLE_EQ(read.spectra[1].precursor_mz, 181.0720);
  EXPECT_TRUE(read.report.ignored_fields.empty());
}

TEST(SpectrumReaders, MonaMspTakesSmilesFromTheComments)
{
  const auto read = readDialect("mona.msp");
  ASSERT_EQ(read.spectra.size(), 1u);
  EXPECT_EQ(read.spectra[0].smiles, "CN1C=NC2=C1C(=O)N(C(=O)N2C)C"); // the first one, not the computed one
  EXPECT_EQ(read.spectra[0].inchikey, "RYYVLZVUVIJVGH-UHFFFAOYSA-N");
  EXPECT_EQ(read.spectra[0].mz.size(), 3u);
}

TEST(SpectrumReaders, GnpsMspIgnoresAndCountsTheJunkRetentionTime)
{
  const auto read = readDialect("gnps.msp");
  ASSERT_EQ(read.spectra.size(), 2u);
  EXPECT_EQ(read.spectra[0].name, "Hexadecanoic acid");
  EXPECT_EQ(read.spectra[0].ion_mode, "negative");
  EXPECT_EQ(read.spectra[0].mz.size(), 2u);
  EXPECT_EQ(read.spectra[0].retention_time, -1.0);
  EXPECT_EQ(read.spectra[1].smiles, "CCCCCCCCCCCCCCCCCC(=O)O");
  EXPECT_EQ(read.report.ignored_fields, (std::map<std::string, size_t>{{"RETENTIONTIME", 2}}));
}

TEST(SpectrumReaders, MsDialMspReadsMinutesAndKeepsCcs)
{
  PeakMap experiment;
  ReadReport report;
  MSPLibraryFile().load(kDialects + "msdial.msp", experiment, SpecEmbedding::InvalidSpectrumPolicy::Error, report);
  ASSERT_EQ(experiment.size(), 1u);
  EXPECT_DOUBLE_EQ(experiment[0].getRT(), 3.45 * 60.0);
  EXPECT_EQ(experiment[0].getMetaValue("CCS").toString(), "144.2");
  const auto spectrum = toCoreSpectrum(experiment[0], 0);
  EXPECT_DOUBLE_EQ(spectrum.precursor_mz, 195.08765);
  EXPECT_EQ(spectrum.ion_mode, "positive");
  EXPECT_EQ(spectrum.mz.size(), 3u);
}

TEST(SpectrumReaders, GolmMspPeakPairsSeveralPerLine)
{
  const auto read = readDialect("golm.msp");
  ASSERT_EQ(read.spectra.size(), 2u);
  EXPECT_EQ(read.spectra[0].mz, (std::vector<double>{70, 73, 100, 116, 133, 147}));
  EXPECT_EQ(read.spectra[0].intensity, (std::vector<double>{6, 999, 12, 1000, 48, 101}));
  EXPECT_EQ(read.spectra[1].mz.size(), 3u);
  EXPECT_EQ(read.spectra[1].precursor_mz, 0.0); // electron ionisation: none
}

TEST(SpectrumReaders, MonaAndMsDialMgf)
{
  const auto mona = readDialect("mona.mgf");
  ASSERT_EQ(mona.spectra.size(), 1u);
  EXPECT_EQ(mona.spectra[0].id, "Caffeine");
  EXPECT_EQ(mona.spectra[0].charge, 1);
  EXPECT_EQ(mona.spectra[0].smiles, "CN1C=NC2=C1C(=O)N(C(=O)N2C)C");
  EXPECT_EQ(mona.spectra[0].mz.size(), 3u);

  const auto msdial = readDialect("msdial.mgf");
  ASSERT_EQ(msdial.spectra.size(), 2u);
  EXPECT_DOUBLE_EQ(msdial.spectra[0].precursor_mz, 195.0877); // PEPMASS's intensity ignored
  EXPECT_DOUBLE_EQ(msdial.spectra[0].retention_time, 3.45 * 60.0);
  EXPECT_EQ(msdial.spectra[0].mz.size(), 2u);
  EXPECT_EQ(msdial.spectra[1].retention_time, -1.0);
  EXPECT_EQ(msdial.spectra[1].charge, 0);
  EXPECT_EQ(msdial.report.ignored_fields, (std::map<std::string, size_t>{{"CHARGE", 1}, {"RTINMINUTES", 1}}));
}

TEST(SpectrumReaders, BrokenRecordsAreAnErrorOrSkippedAndCounted)
{
  const std::string path = kDialects + "broken_records.msp";
  try
  {
    readDialect("broken_records.msp");
    FAIL() << "a broken record must be an error by default";
  }
  catch (const InputError& error)
  {
    expectContains(error.what(), "broken_records.msp', record 2 (line 11, 'Bad peaks')");
    expectContains(error.what(), "peak line '138.0407\tlots'");
  }
  const auto read = readDialect("broken_records.msp", SpecEmbedding::InvalidSpectrumPolicy::Skip);
  ASSERT_EQ(read.spectra.size(), 1u);
  EXPECT_EQ(read.spectra[0].name, "Good");
  EXPECT_EQ(read.report.skipped_records, (std::map<std::string, size_t>{
                                             {"a malformed peak line", 1}, {"an unreadable precursor m/z", 1}, {"a wrong peak count", 1}}));
}
