#include "openms/HitsTsvOutput.h"
#include "support/TestSupport.h"

#include "core/io/Files.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <sstream>

using namespace OpenMS;
using SpecEmbedding::Hit;
using SpecEmbedding::HitKind;
using SpecEmbedding::TestSupport::makeSpectrum;

namespace
{
  std::vector<std::vector<std::string>> rows(const std::string& text)
  {
    std::vector<std::vector<std::string>> table;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);)
    {
      std::vector<std::string> cells;
      std::istringstream fields(line);
      for (std::string cell; std::getline(fields, cell, '\t');) cells.push_back(cell);
      if (!line.empty() && line.back() == '\t') cells.push_back("");
      table.push_back(cells);
    }
    return table;
  }
}

TEST(HitsTsvOutput, OneRowPerHitWithItsQueryAndLibraryEntry)
{
  auto entry = makeSpectrum("MSBNK-1", 301.5, {80.0}, {1.0}, "AAAAAAAAAAAAAA-BBBBBBBBBB-N", "CCO");
  entry.name = "ethanol";
  const auto library = SpecEmbedding::EmbeddingLibrary::build({entry}, torch::ones({1, 2}), "model");
  const auto path = SpecEmbedding::TestSupport::temporaryPath("hits.tsv");
  HitsTsvOutput output(path, true);
  const SearchRun run{{"run.mzML"}, "library.msp", &library, "model", 2, SpecEmbedding::SearchParameters()};
  output.begin(run);
  SearchedBlock block;
  block.map_index = 1;
  block.spectra = {makeSpectrum("scan=7", 300.0, {80.0}, {1.0})};
  block.input_index = {4};
  block.feature_ids = {"123"};
  Hit analog{0, 0, 1, 0.75, 0.5, 0.75};
  analog.kind = HitKind::Analog;
  analog.mass_difference = 1.5;
  analog.predicted_similarity = 0.25;
  block.hits = {{analog}};
  output.add(block);
  output.finish();
  EXPECT_FALSE(std::filesystem::exists(path)); // in place only on commit
  output.commit();
  const auto table = rows(SpecEmbedding::readFile(path));
  ASSERT_EQ(table.size(), 2u);
  const auto& header = table[0];
  ASSERT_EQ(header.size(), 22u);
  const auto cell = [&](const std::string& column) {
    return table[1].at(static_cast<size_t>(std::find(header.begin(), header.end(), column) - header.begin()));
  };
  EXPECT_EQ(cell("query_index"), "4");
  EXPECT_EQ(cell("query_id"), "scan=7");
  EXPECT_EQ(cell("rank"), "1");
  EXPECT_EQ(cell("score"), "0.75");
  EXPECT_EQ(cell("embedding_score"), "0.5");
  EXPECT_EQ(cell("library_id"), "MSBNK-1");
  EXPECT_EQ(cell("name"), "ethanol");
  EXPECT_EQ(cell("smiles"), "CCO");
  EXPECT_EQ(cell("precursor_mz"), "300");
  EXPECT_EQ(cell("library_precursor_mz"), "301.5");
  EXPECT_EQ(cell("kind"), "analog");
  EXPECT_EQ(cell("mass_difference"), "1.5");
  EXPECT_EQ(cell("predicted_similarity"), "0.25");
  EXPECT_EQ(cell("confidence"), ""); // not measured
  EXPECT_EQ(cell("map_index"), "1");
  EXPECT_EQ(cell("feature_id"), "123");
}
