#include "TokenBatch.h"

#include "../Errors.h"

#include <algorithm>

namespace SpecEmbedding
{
  TokenBatch TokenBatch::pack(const std::vector<const TokenSequence*>& sequences, int64_t max_len, bool fragments_only)
  {
    const auto batch = static_cast<int64_t>(sequences.size());
    const auto skipped = [&](const TokenSequence& sequence) -> int64_t { return fragments_only && sequence.size() > 1 ? 1 : 0; };
    int64_t longest = 0;
    for (const auto* sequence : sequences)
    {
      const auto n = static_cast<int64_t>(sequence->size());
      if (n < 1 || n > max_len) throw ParameterError("token sequence of length " + std::to_string(n) + " does not fit max_len " + std::to_string(max_len));
      longest = std::max(longest, n - skipped(*sequence));
    }
    const int64_t length = std::min(max_len, longest + 1);

    TokenBatch packed;
    packed.mz = torch::zeros({batch, length});
    packed.intensity = torch::zeros({batch, length});
    packed.key_padding_mask = torch::ones({batch, length}, torch::kBool);
    packed.pool_weight = torch::zeros({batch, length});
    auto mz = packed.mz.accessor<float, 2>();
    auto intensity = packed.intensity.accessor<float, 2>();
    auto mask = packed.key_padding_mask.accessor<bool, 2>();
    auto weight = packed.pool_weight.accessor<float, 2>();
    for (int64_t b = 0; b < batch; ++b)
    {
      const auto& sequence = *sequences[b];
      const auto first = skipped(sequence);
      const auto n = static_cast<int64_t>(sequence.size()) - first;
      for (int64_t i = 0; i < n; ++i)
      {
        mz[b][i] = sequence.mz[first + i];
        intensity[b][i] = sequence.intensity[first + i];
        mask[b][i] = false;
        weight[b][i] = 1.0f;
      }
      if (n < max_len) weight[b][n] = static_cast<float>(max_len - n);
    }
    return packed;
  }

  TokenBatch TokenBatch::to(const torch::Device& device) const
  {
    return {mz.to(device), intensity.to(device), key_padding_mask.to(device), pool_weight.to(device)};
  }
}
