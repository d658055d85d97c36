#include "core/Errors.h"
#include "core/search/HitRatio.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace SpecEmbedding;

namespace
{
  std::vector<Hit> hitsAt(size_t query_index, const std::vector<size_t>& library_indices)
  {
    std::vector<Hit> hits;
    for (size_t i = 0; i < library_indices.size(); ++i)
    {
      hits.push_back({query_index, library_indices[i], static_cast<int>(i) + 1, 1.0 - 0.01 * i, 1.0 - 0.01 * i, NAN});
    }
    return hits;
  }

  const std::string A = "AAAAAAAAAAAAAA", B = "BBBBBBBBBBBBBB", C = "CCCCCCCCCCCCCC", Z = "ZZZZZZZZZZZZZZ";
}

TEST(SearchHitRatio, TopOneFiveAndTenOnAHandMadeCase)
{
  // Library entry 3 has no key; B is at entry 6, C at entry 5.
  const std::vector<std::string> library_keys = {A, "", A, "", "", C, B, "", "", "", "", ""};
  const std::vector<std::string> query_keys = {A, B, "", Z, C};
  const std::vector<std::vector<Hit>> hits = {
    hitsAt(0, {0, 6, 5}),                       // A first: top-1
    hitsAt(1, {0, 1, 2, 3, 4, 5, 7, 6, 8, 9}),  // B eighth: top-10 only
    hitsAt(2, {0}),                             // no key: skipped
    hitsAt(3, {0, 1}),                          // Z is not in the library: a miss
    hitsAt(4, {1, 2, 3, 4, 5, 6}),              // C fifth: top-5
  };
  const auto ratios = computeHitRatios(hits, query_keys, library_keys, "lib");
  EXPECT_EQ(ratios.evaluated, 4u);
  EXPECT_EQ(ratios.skipped, 1u);
  EXPECT_EQ(ratios.in_library, 3u);
  EXPECT_DOUBLE_EQ(ratios.top1, 0.25);
  EXPECT_DOUBLE_EQ(ratios.top5, 0.5);
  EXPECT_DOUBLE_EQ(ratios.top10, 0.75);
}

TEST(SearchHitRatio, NoEvaluatedQueryGivesNaN)
{
  const auto ratios = computeHitRatios({hitsAt(0, {0})}, {""}, {A}, "lib");
  EXPECT_EQ(ratios.evaluated, 0u);
  EXPECT_EQ(ratios.skipped, 1u);
  EXPECT_TRUE(std::isnan(ratios.top1));
}

TEST(SearchHitRatio, LibraryWithoutInChIKeysCannotBeEvaluated)
{
  try
  {
    computeHitRatios({hitsAt(0, {0})}, {A}, {"", ""}, "refs.selib");
    FAIL() << "no error for a library without InChIKeys";
  }
  catch (const InputError& error)
  {
    EXPECT_STREQ(error.what(), "library 'refs.selib' has no InChIKeys: cannot evaluate");
  }
}

TEST(SearchHitRatio, KeysAreTakenFromSpectraAndLibraryEntries)
{
  Spectrum reference;
  reference.id = "ref";
  reference.inchikey = A + "-UHFFFAOYSA-N";
  const auto library = EmbeddingLibrary::build({reference, Spectrum{}}, torch::eye(2), "model");
  Spectrum query;
  query.inchikey = A + "-XXXXXXXXXX-N"; // another stereo block: the same compound
  const auto ratios = computeHitRatios({hitsAt(0, {1, 0})}, std::vector<Spectrum>{query}, library, "lib");
  EXPECT_DOUBLE_EQ(ratios.top1, 0.0);
  EXPECT_DOUBLE_EQ(ratios.top5, 1.0);
}
