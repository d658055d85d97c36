#pragma once
#include "../Tokenizer.h"

#include <torch/torch.h>

#include <vector>

namespace SpecEmbedding
{
  /// A batch of token sequences padded only to the longest one, plus one padding position.
  ///
  /// The reference pads every spectrum to max_len and mean-pools over all positions, padding
  /// included. Padding tokens are identical inputs, masked as keys, so every padding position of
  /// a spectrum carries the same vector through every layer. Computing one of them and weighting
  /// it by the number of padding positions therefore gives the reference's mean exactly, at the
  /// cost of the real tokens only.
  struct TokenBatch
  {
    torch::Tensor mz;               ///< [batch, length] float32
    torch::Tensor intensity;        ///< [batch, length] float32
    torch::Tensor key_padding_mask; ///< [batch, length] bool, true where padded
    torch::Tensor pool_weight;      ///< [batch, length] float32; rows sum to max_len

    /// Packs the sequences; with fragments_only, each without its first token (the precursor, Tokenizer),
    /// unless that is its only token.
    static TokenBatch pack(const std::vector<const TokenSequence*>& sequences, int64_t max_len, bool fragments_only = false);

    /// The batch on `device` (itself when it is there).
    TokenBatch to(const torch::Device& device) const;
  };
}
