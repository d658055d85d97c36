#pragma once
// The processes of one data-parallel training run (LibTorch's c10d over Gloo): each embeds its share of
// every batch, all compute the loss of the whole batch, and the gradients are summed over the group, so
// that every process takes the same optimiser step as one process with the whole batch would.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace SpecEmbedding
{
  struct TrainingGroupOptions
  {
    TORCH_ARG(int64_t, world_size) = 1;
    TORCH_ARG(int64_t, rank) = 0;
    /// The host of rank 0, which serves the rendezvous.
    TORCH_ARG(std::string, master_addr) = "127.0.0.1";
    TORCH_ARG(int64_t, master_port) = 29500;
    /// How long a process waits for the others: to join, and in every collective (rank 0 validates while
    /// the others wait).
    TORCH_ARG(double, timeout_seconds) = 1800.0;

  public:
    /// Throws ParameterError naming the first unusable value.
    void validate() const;
  };

  /// A group with world_size 1 needs no network and no Gloo: shares are whole batches and collectives
  /// do nothing.
  class TrainingGroup
  {
  public:
    /// Joins the group: rank 0 serves the rendezvous at master_addr:master_port, and every process
    /// waits there for all world_size of them. Throws GroupError when they do not all come within the
    /// timeout, ParameterError for bad options or a build without Gloo.
    explicit TrainingGroup(const TrainingGroupOptions& options = TrainingGroupOptions());
    ~TrainingGroup();
    TrainingGroup(const TrainingGroup&) = delete;
    TrainingGroup& operator=(const TrainingGroup&) = delete;

    int64_t rank() const { return options_.rank(); }
    int64_t size() const { return options_.world_size(); }
    /// Rank 0 validates, writes checkpoints, the log and the model.
    bool leads() const { return rank() == 0; }
    /// "rank R of N" for messages.
    std::string describe() const;

    /// Rank `rank`'s share [begin, end) of `count` items among `size` ranks: contiguous, in rank order,
    /// sizes differing by at most one.
    static std::pair<int64_t, int64_t> shareOf(int64_t count, int64_t rank, int64_t size);
    std::pair<int64_t, int64_t> share(int64_t count) const { return shareOf(count, rank(), size()); }

    /// All ranks' shares [share rows, ...] stacked in rank order into [count, ...]. This rank's rows are
    /// `local` itself, so gradients flow back into them; the others' are constants.
    torch::Tensor gatherShares(const torch::Tensor& local, int64_t count) const;

    /// Replaces each parameter's gradient by its sum over the group. A parameter keeps no gradient only
    /// when it has none on every rank.
    void sumGradients(const std::vector<torch::Tensor>& parameters) const;

    /// Rank 0's values, on every rank.
    std::vector<double> broadcast(const std::vector<double>& values) const;

  private:
    struct Connection;
    TrainingGroupOptions options_;
    std::unique_ptr<Connection> connection_;
  };
}
