#include "openms/MzTabOutput.h"
#include "support/TestSupport.h"

#include "core/io/Files.h"

#include <OpenMS/FORMAT/MzTabFile.h>

#include <gtest/gtest.h>

#include <sstream>

using namespace OpenMS;
using SpecEmbedding::Hit;
using SpecEmbedding::TestSupport::makeSpectrum;

namespace
{
  size_t linesStartingWith(const std::string& text, const std::string& prefix)
  {
    size_t count = 0;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) count += line.rfind(prefix, 0) == 0;
    return count;
  }

  SearchedBlock block(const std::string& id, size_t input_index, std::vector<Hit> hits)
  {
    SearchedBlock made;
    made.spectra = {makeSpectrum(id, 300.0, {80.0}, {1.0})};
    made.input_index = {input_index};
    made.hits = {std::move(hits)};
    return made;
  }
}

TEST(MzTabOutput, WritesTheRowsOfEveryBlockUnderOneHeaderAndReadsBack)
{
  auto entry = makeSpectrum("MSBNK-1", 300.001, {80.0}, {1.0}, "AAAAAAAAAAAAAA-BBBBBBBBBB-N", "CCO");
  entry.name = "ethanol";
  const auto library = SpecEmbedding::EmbeddingLibrary::build({entry, entry}, torch::ones({2, 2}), "0123456789abcdef");
  const auto path = SpecEmbedding::TestSupport::temporaryPath("hits.mzTab");
  MzTabOutput output(path);
  const SearchRun run{{"run.mzML"}, "library.msp", &library, "0123456789abcdef", 2, SpecEmbedding::SearchParameters()};
  output.begin(run);
  output.add(block("scan=1", 0, {Hit{0, 0, 1, 0.9, 0.9, NAN}, Hit{0, 1, 2, 0.8, 0.8, NAN}}));
  output.add(block("scan=2", 1, {}));
  output.add(block("", 2, {Hit{0, 1, 1, 0.7, 0.7, NAN}}));
  output.finish();
  output.commit();
  const auto text = SpecEmbedding::readFile(path);
  EXPECT_EQ(linesStartingWith(text, "SMH\t"), 1u);
  EXPECT_EQ(linesStartingWith(text, "SML\t"), 3u);
  EXPECT_NE(text.find("MTD\tdescription\tSpecEmbedding library search of run.mzML against library.msp"), std::string::npos);

  MzTab read;
  MzTabFile().load(path, read);
  const auto& rows = read.getSmallMoleculeSectionRows();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].inchi_key.toCellString(), "AAAAAAAAAAAAAA-BBBBBBBBBB-N");
  EXPECT_EQ(rows[0].description.toCellString(), "ethanol");
  EXPECT_EQ(rows[0].database_version.toCellString(), "model 0123456789ab");
  EXPECT_EQ(rows[2].spectra_ref.toCellString(), "ms_run[1]:index=2"); // a query without ID: its position
  const auto optional = [&](size_t row, const std::string& name) {
    for (const auto& [column, value] : rows[row].opt_)
    {
      if (column == name) return value.toCellString();
    }
    return String("missing");
  };
  EXPECT_EQ(optional(1, "opt_rank"), "2");
  EXPECT_EQ(optional(1, "opt_global_hit_kind"), "unfiltered");
  EXPECT_EQ(optional(0, "opt_global_confidence"), "null");
}

TEST(MzTabOutput, ARunWithoutHitsIsTheMetadataAlone)
{
  const auto library = SpecEmbedding::EmbeddingLibrary::build({makeSpectrum("ref", 300.0, {80.0}, {1.0})}, torch::ones({1, 2}), "model");
  const auto path = SpecEmbedding::TestSupport::temporaryPath("empty.mzTab");
  MzTabOutput output(path);
  const SearchRun run{{"run.mzML"}, "library.msp", &library, "model", 2, SpecEmbedding::SearchParameters()};
  output.begin(run);
  output.add(block("scan=1", 0, {}));
  output.finish();
  output.commit();
  const auto text = SpecEmbedding::readFile(path);
  EXPECT_GT(linesStartingWith(text, "MTD\t"), 0u);
  EXPECT_EQ(linesStartingWith(text, "SMH\t"), 0u);
  EXPECT_EQ(linesStartingWith(text, "SML\t"), 0u);
}
