#include "core/search/HitSelection.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

namespace
{
  Hit hit(size_t library_index, int rank, HitKind kind)
  {
    Hit made{0, library_index, rank, 1.0 / rank, 1.0 / rank, 0.0};
    made.kind = kind;
    return made;
  }
}

TEST(HitSelection, KeepsTheBestTopKIdentityHitsAndEveryAnalogHit)
{
  std::vector<std::vector<Hit>> hits = {
    {hit(4, 1, HitKind::Identity), hit(7, 2, HitKind::Identity), hit(2, 3, HitKind::Identity), hit(9, 1, HitKind::Analog), hit(3, 2, HitKind::Analog)},
    {hit(1, 1, HitKind::Unfiltered)},
    {}};
  keepBestHits(hits, 2);
  ASSERT_EQ(hits[0].size(), 4u);
  EXPECT_EQ(hits[0][0].library_index, 4u);
  EXPECT_EQ(hits[0][1].library_index, 7u);
  EXPECT_EQ(hits[0][2].library_index, 9u);
  EXPECT_EQ(hits[0][3].library_index, 3u);
  ASSERT_EQ(hits[1].size(), 1u);
  EXPECT_TRUE(hits[2].empty());
  keepBestHits(hits, 0);
  EXPECT_EQ(hits[0].size(), 2u); // analog hits only
  EXPECT_TRUE(hits[1].empty());
}
