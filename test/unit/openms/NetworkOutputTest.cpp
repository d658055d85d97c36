#include "openms/NetworkOutput.h"
#include "support/TestSupport.h"

#include "core/io/Files.h"

#include <gtest/gtest.h>

using namespace OpenMS;
using SpecEmbedding::TestSupport::makeSpectrum;

TEST(NetworkOutput, JoinsSimilarQueriesAndLabelsThemWithTheirBestHits)
{
  auto entry = makeSpectrum("ref", 200.0, {80.0}, {1.0}, "AAAAAAAAAAAAAA-X", "CCO");
  entry.name = "ethanol";
  const auto library = SpecEmbedding::EmbeddingLibrary::build({entry}, torch::ones({1, 2}), "model");
  const auto path = SpecEmbedding::TestSupport::temporaryPath("network.graphml");
  NetworkOutput output(path, 0.8, 10);
  const SearchRun run{{"run.mzML"}, "library.msp", &library, "model", 2, SpecEmbedding::SearchParameters()};
  output.begin(run);
  // Queries 0 and 1 point the same way (cosine 1), query 2 elsewhere (cosine 0 with both).
  SearchedBlock block;
  block.spectra = {makeSpectrum("a", 200.0), makeSpectrum("b", 201.0), makeSpectrum("c", 300.0)};
  block.input_index = {0, 1, 5};
  block.embeddings = torch::tensor({{1.0f, 0.0f}, {2.0f, 0.0f}, {0.0f, 1.0f}});
  block.hits = {{SpecEmbedding::Hit{0, 0, 1, 0.9, 0.9, NAN}}, {}, {}};
  output.add(block);
  output.finish();
  output.commit();
  const auto graphml = SpecEmbedding::readFile(path);
  EXPECT_NE(graphml.find("<node id=\"q0\">"), std::string::npos);
  EXPECT_NE(graphml.find("<node id=\"q5\">"), std::string::npos);
  EXPECT_NE(graphml.find("<edge source=\"q0\" target=\"q1\">"), std::string::npos);
  EXPECT_EQ(graphml.find("target=\"q5\""), std::string::npos);
  EXPECT_NE(graphml.find("<data key=\"hit_name\">ethanol</data>"), std::string::npos);
  EXPECT_NE(graphml.find("<data key=\"label\">b</data>"), std::string::npos); // no hit: labelled by its ID
}
