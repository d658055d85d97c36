#include "openms/EmbeddingsTsvOutput.h"
#include "support/TestSupport.h"

#include "core/io/Files.h"

#include <gtest/gtest.h>

using namespace OpenMS;
using SpecEmbedding::TestSupport::makeSpectrum;

TEST(EmbeddingsTsvOutput, OneLinePerQueryAtFloat32Precision)
{
  const auto path = SpecEmbedding::TestSupport::temporaryPath("embeddings.tsv");
  EmbeddingsTsvOutput output(path);
  const SearchRun run{{"queries.mgf"}, "", nullptr, "abc", 2, SpecEmbedding::SearchParameters()};
  output.begin(run);
  for (const float value : {0.1f, -2.5f})
  {
    SearchedBlock block;
    block.spectra = {makeSpectrum("q" + std::to_string(value), 100.0)};
    block.input_index = {0};
    block.embeddings = torch::tensor({{value, 1.0f / 3.0f}});
    output.add(block);
  }
  output.finish();
  output.commit();
  EXPECT_EQ(SpecEmbedding::readFile(path), "# SpecEmbedding raw embeddings of 'queries.mgf' by the model with weights sha256 abc\n"
                                           "# columns: spectrum identifier, then 2 embedding values\n"
                                           "q0.100000\t0.100000001\t0.333333343\n"
                                           "q-2.500000\t-2.5\t0.333333343\n");
}
