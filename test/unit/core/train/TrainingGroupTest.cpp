#include "core/Errors.h"
#include "core/train/TrainingGroup.h"

#include <gtest/gtest.h>

#include <thread>
#include <unistd.h>

using namespace SpecEmbedding;

TEST(TrainingGroup, SharesAreContiguousInRankOrderAndDifferByAtMostOne)
{
  for (int64_t size = 1; size <= 4; ++size)
  {
    for (int64_t count = 0; count <= 9; ++count)
    {
      int64_t next = 0;
      for (int64_t rank = 0; rank < size; ++rank)
      {
        const auto [begin, end] = TrainingGroup::shareOf(count, rank, size);
        EXPECT_EQ(begin, next);
        EXPECT_TRUE(end - begin == count / size || end - begin == count / size + 1);
        next = end;
      }
      EXPECT_EQ(next, count);
    }
  }
  using Share = std::pair<int64_t, int64_t>;
  EXPECT_EQ(TrainingGroup::shareOf(5, 0, 2), Share(0, 3));
  EXPECT_EQ(TrainingGroup::shareOf(5, 1, 2), Share(3, 5));
}

TEST(TrainingGroup, AloneItNeedsNoNetworkAndChangesNothing)
{
  const TrainingGroup group;
  EXPECT_TRUE(group.leads());
  EXPECT_EQ(group.share(7), (std::pair<int64_t, int64_t>(0, 7)));
  const auto local = torch::ones({3, 2});
  EXPECT_TRUE(group.gatherShares(local, 3).equal(local));
  EXPECT_EQ(group.broadcast({1.5, 2.5}), std::vector<double>({1.5, 2.5}));
}

TEST(TrainingGroup, RefusesARankOutsideTheGroup)
{
  EXPECT_THROW(TrainingGroup(TrainingGroupOptions().world_size(2).rank(2)), ParameterError);
  EXPECT_THROW(TrainingGroup(TrainingGroupOptions().world_size(0)), ParameterError);
  EXPECT_THROW(TrainingGroup(TrainingGroupOptions().master_port(70000)), ParameterError);
}

#ifdef SPECEMBEDDING_WITH_GLOO
// Two ranks in two threads of this process, over loopback: the collectives the trainer relies on.
TEST(TrainingGroup, TwoRanksGatherSharesSumGradientsAndBroadcast)
{
  const int64_t port = 20000 + getpid() % 20000;
  std::vector<torch::Tensor> gathered(2), gradients(2), untouched(2);
  std::vector<std::vector<double>> broadcasts(2);
  std::vector<std::string> errors(2);
  const auto rank_main = [&](int64_t rank) {
    try
    {
      const TrainingGroup group(TrainingGroupOptions().world_size(2).rank(rank).master_port(port).timeout_seconds(60));
      const auto [begin, end] = group.share(5); // rank 0: rows 0-2, rank 1: rows 3-4
      auto weight = torch::full({2}, 1.0, torch::requires_grad());
      auto unused = torch::zeros({2}, torch::requires_grad());
      const auto local = (torch::arange(begin, end, torch::kFloat32).unsqueeze(1) * weight);
      gathered[rank] = group.gatherShares(local, 5);
      // Each rank's gradient of the whole batch's sum is its own rows' sum: 0+1+2 and 3+4.
      gathered[rank].sum().backward();
      group.sumGradients({weight, unused});
      gradients[rank] = weight.grad().clone();
      untouched[rank] = unused.grad();
      broadcasts[rank] = group.broadcast({static_cast<double>(rank) + 0.5});
    }
    catch (const std::exception& error)
    {
      errors[rank] = error.what();
    }
  };
  std::thread first(rank_main, 0), second(rank_main, 1);
  first.join();
  second.join();
  ASSERT_EQ(errors[0], "");
  ASSERT_EQ(errors[1], "");
  const auto expected = torch::arange(0, 5, torch::kFloat32).unsqueeze(1).expand({5, 2});
  for (int rank = 0; rank < 2; ++rank)
  {
    EXPECT_TRUE(gathered[rank].detach().equal(expected)) << "rank " << rank;
    EXPECT_TRUE(gradients[rank].equal(torch::full({2}, 10.0))) << "rank " << rank;
    EXPECT_FALSE(untouched[rank].defined()) << "a parameter without gradient on every rank keeps none";
    EXPECT_EQ(broadcasts[rank], std::vector<double>({0.5}));
  }
}
#endif
