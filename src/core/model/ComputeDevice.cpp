#include "ComputeDevice.h"

#include "../Errors.h"

namespace SpecEmbedding
{
  torch::Device computeDevice(const std::string& name)
  {
    if (name == "cpu") return torch::kCPU;
    if (name != "cuda" && name.rfind("cuda:", 0) != 0) throw ParameterError("unknown device '" + name + "' (cpu, cuda or cuda:N)");
    if (!torch::cuda::is_available())
    {
      throw ParameterError("device '" + name + "': this LibTorch has no CUDA, or it sees no CUDA GPU; train on the cpu");
    }
    const auto device = [&] {
      try
      {
        return torch::Device(name);
      }
      catch (const c10::Error&)
      {
        throw ParameterError("unknown device '" + name + "' (cpu, cuda or cuda:N)");
      }
    }();
    const auto gpus = static_cast<int64_t>(torch::cuda::device_count());
    if (device.has_index() && device.index() >= gpus)
    {
      throw ParameterError("device '" + name + "': LibTorch sees " + std::to_string(gpus) + " CUDA GPU(s), numbered from 0");
    }
    return device;
  }

  torch::Device deviceOf(const torch::nn::Module& module)
  {
    const auto parameters = module.parameters();
    return parameters.empty() ? torch::Device(torch::kCPU) : parameters.front().device();
  }
}
