#include "TrainingGroup.h"

#include "../ErrorText.h"
#include "../Errors.h"

#ifdef SPECEMBEDDING_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#endif

#include <chrono>

namespace SpecEmbedding
{
  void TrainingGroupOptions::validate() const
  {
    if (world_size() < 1) throw ParameterError("world_size must be at least 1, not " + std::to_string(world_size()));
    if (rank() < 0 || rank() >= world_size())
    {
      throw ParameterError("rank " + std::to_string(rank()) + " is outside the group: ranks go from 0 to world_size - 1 (" +
                           std::to_string(world_size() - 1) + ")");
    }
    if (master_port() < 1 || master_port() > 65535) throw ParameterError("master_port must be a TCP port (1-65535), not " + std::to_string(master_port()));
    if (master_addr().empty()) throw ParameterError("master_addr is empty: give the host of rank 0");
    if (!(timeout_seconds() > 0.0)) throw ParameterError("the group's timeout must be positive");
  }

#ifdef SPECEMBEDDING_WITH_GLOO
  struct TrainingGroup::Connection
  {
    c10::intrusive_ptr<c10d::TCPStore> store;
    c10::intrusive_ptr<c10d::ProcessGroupGloo> group;
  };
#else
  struct TrainingGroup::Connection
  {
  };
#endif

  namespace
  {
#ifdef SPECEMBEDDING_WITH_GLOO
    /// Runs a collective and waits for it; a peer that died or timed out becomes a GroupError.
    void await(const TrainingGroup& group, const c10::intrusive_ptr<c10d::Work>& work, const char* what)
    {
      try
      {
        work->wait();
      }
      catch (const std::exception& error)
      {
        throw GroupError(group.describe() + ": lost the other training processes while " + what + " (" + errorText(error) +
                         "); a process of the group died, was killed or timed out, so this one stops too");
      }
    }
#endif
  }

  TrainingGroup::TrainingGroup(const TrainingGroupOptions& options) : options_(options)
  {
    options_.validate();
    if (size() == 1) return;
#ifdef SPECEMBEDDING_WITH_GLOO
    const auto timeout = std::chrono::milliseconds(static_cast<int64_t>(options_.timeout_seconds() * 1000.0));
    connection_ = std::make_unique<Connection>();
    try
    {
      c10d::TCPStoreOptions store_options;
      store_options.port = static_cast<uint16_t>(options_.master_port());
      store_options.isServer = leads();
      store_options.numWorkers = static_cast<size_t>(size());
      store_options.waitWorkers = true;
      store_options.timeout = timeout;
      connection_->store = c10::make_intrusive<c10d::TCPStore>(options_.master_addr(), store_options);
      auto group_options = c10d::ProcessGroupGloo::Options::create(timeout);
      // On one machine the loopback device; across machines the interface of this host's name.
      const bool local = options_.master_addr() == "127.0.0.1" || options_.master_addr() == "localhost";
      group_options->devices.push_back(local ? c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1")
                                             : c10d::ProcessGroupGloo::createDefaultDevice());
      connection_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(connection_->store, static_cast<int>(rank()),
                                                                       static_cast<int>(size()), group_options);
    }
    catch (const std::exception& error)
    {
      throw GroupError(describe() + ": could not join the training group at " + options_.master_addr() + ":" +
                       std::to_string(options_.master_port()) + " (" + errorText(error) + "); start all " + std::to_string(size()) +
                       " processes with the same -master_addr and -master_port, and rank 0 first");
    }
#else
    throw ParameterError("this build has no distributed training (it was built without Gloo; Debian: libgloo-dev)");
#endif
  }

  TrainingGroup::~TrainingGroup() = default;

  std::string TrainingGroup::describe() const
  {
    return "rank " + std::to_string(rank()) + " of " + std::to_string(size());
  }

  std::pair<int64_t, int64_t> TrainingGroup::shareOf(int64_t count, int64_t rank, int64_t size)
  {
    const int64_t base = count / size, extra = count % size;
    const int64_t begin = rank * base + std::min(rank, extra);
    return {begin, begin + base + (rank < extra ? 1 : 0)};
  }

  torch::Tensor TrainingGroup::gatherShares(const torch::Tensor& local, int64_t count) const
  {
    const auto [begin, end] = share(count);
    if (local.size(0) != end - begin) throw std::invalid_argument("gatherShares: the local rows are not this rank's share");
    if (size() == 1) return local;
#ifdef SPECEMBEDDING_WITH_GLOO
    // Each rank writes its rows into zeros; the sum over the group is every rank's rows. Exchanged
    // through the CPU, which Gloo serves whatever the device.
    auto sizes = local.sizes().vec();
    sizes[0] = count;
    auto all = torch::zeros(sizes, local.options().device(torch::kCPU).requires_grad(false));
    all.narrow(0, begin, end - begin).copy_(local.detach());
    std::vector<torch::Tensor> tensors{all};
    await(*this, connection_->group->allreduce(tensors), "exchanging embeddings");
    all = all.to(local.device());
    return torch::cat({all.narrow(0, 0, begin), local, all.narrow(0, end, count - end)});
#else
    return local;
#endif
  }

  void TrainingGroup::sumGradients(const std::vector<torch::Tensor>& parameters) const
  {
    if (size() == 1) return;
#ifdef SPECEMBEDDING_WITH_GLOO
    // One buffer: a has-gradient flag per parameter, then every gradient (zeros where there is none).
    const auto count = static_cast<int64_t>(parameters.size());
    int64_t total = count;
    for (const auto& parameter : parameters) total += parameter.numel();
    auto buffer = torch::zeros({total}, torch::kFloat32);
    int64_t offset = count;
    for (int64_t i = 0; i < count; ++i)
    {
      const auto& gradient = parameters[i].grad();
      const auto n = parameters[i].numel();
      if (gradient.defined())
      {
        buffer[i] = 1.0f;
        buffer.narrow(0, offset, n).copy_(gradient.reshape({-1}));
      }
      offset += n;
    }
    std::vector<torch::Tensor> tensors{buffer};
    await(*this, connection_->group->allreduce(tensors), "summing gradients");
    offset = count;
    for (int64_t i = 0; i < count; ++i)
    {
      auto parameter = parameters[i];
      const auto n = parameter.numel();
      if (buffer[i].item<float>() > 0.0f)
      {
        const auto summed = buffer.narrow(0, offset, n).view(parameter.sizes());
        if (parameter.grad().defined()) parameter.mutable_grad().copy_(summed);
        else parameter.mutable_grad() = summed.to(parameter.device(), false, true);
      }
      offset += n;
    }
#endif
  }

  std::vector<double> TrainingGroup::broadcast(const std::vector<double>& values) const
  {
    if (size() == 1) return values;
#ifdef SPECEMBEDDING_WITH_GLOO
    auto tensor = torch::tensor(values, torch::kFloat64);
    std::vector<torch::Tensor> tensors{tensor};
    c10d::BroadcastOptions options;
    options.rootRank = 0;
    await(*this, connection_->group->broadcast(tensors, options), "waiting for rank 0's validation");
    return std::vector<double>(tensor.data_ptr<double>(), tensor.data_ptr<double>() + tensor.numel());
#else
    return values;
#endif
  }
}
