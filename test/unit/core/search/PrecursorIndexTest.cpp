#include "core/search/PrecursorIndex.h"

#include <gtest/gtest.h>

using namespace SpecEmbedding;

TEST(PrecursorIndex, FindsTheEntriesInAWindowInEntryOrder)
{
  const PrecursorIndex index(torch::tensor({300.0, 100.0, 0.0, 200.0, 100.0, -1.0, 150.5}, torch::kFloat64));
  EXPECT_EQ(index.within(100.0, 200.0), (std::vector<int64_t>{1, 3, 4, 6}));
  EXPECT_EQ(index.within(99.0, 99.9), std::vector<int64_t>{});
  EXPECT_EQ(index.within(150.5, 150.5), std::vector<int64_t>{6});
  EXPECT_EQ(index.within(-10.0, 0.0), std::vector<int64_t>{}) << "entries without a precursor are in no window";
  EXPECT_EQ(index.within(0.0, 1000.0), (std::vector<int64_t>{0, 1, 3, 4, 6}));
}
