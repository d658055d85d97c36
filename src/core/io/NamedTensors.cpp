#include "NamedTensors.h"

#include "../Errors.h"

#include <sstream>
#include <unordered_map>

namespace SpecEmbedding
{
  namespace
  {
    std::string shapeText(c10::IntArrayRef sizes)
    {
      std::ostringstream text;
      text << sizes;
      return text.str();
    }
  }

  NamedTensors namedTensors(const c10::Dict<std::string, torch::Tensor>& dict)
  {
    NamedTensors tensors;
    tensors.reserve(dict.size());
    for (const auto& entry : dict) tensors.emplace_back(entry.key(), entry.value());
    return tensors;
  }

  void loadNamedTensors(torch::nn::Module& module, const NamedTensors& tensors, const std::string& source,
                        const std::string& container)
  {
    const auto misfit = [&](const std::string& detail) { return ModelError(source + " does not fit the architecture: " + detail); };
    std::unordered_map<std::string, const torch::Tensor*> by_name;
    for (const auto& [name, tensor] : tensors)
    {
      if (!by_name.emplace(name, &tensor).second) throw misfit("tensor '" + name + "' appears twice");
    }

    // Everything is checked before anything is copied, so a misfit leaves the module as it was.
    std::vector<std::pair<torch::Tensor, const torch::Tensor*>> copies;
    auto targets = module.named_parameters();
    for (const auto& buffer : module.named_buffers()) targets.insert(buffer.key(), buffer.value());
    for (const auto& target : targets)
    {
      const auto found = by_name.find(target.key());
      if (found == by_name.end()) throw misfit("'" + target.key() + "' is missing from " + container);
      if (found->second->sizes() != target.value().sizes())
      {
        throw misfit("'" + target.key() + "' has shape " + shapeText(found->second->sizes()) + " in " + container + " but " +
                     shapeText(target.value().sizes()) + " in the model");
      }
      copies.emplace_back(target.value(), found->second);
      by_name.erase(found);
    }
    for (const auto& [name, tensor] : tensors)
    {
      if (by_name.count(name)) throw misfit("unexpected tensor '" + name + "'");
    }

    torch::NoGradGuard no_grad;
    for (auto& [target, source_tensor] : copies) target.copy_(*source_tensor);
  }
}
