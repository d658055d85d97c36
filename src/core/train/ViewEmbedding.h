#pragma once
// How training and validation push views through the encoder.
#include "../model/SpectrumEncoder.h"

#include <cstdint>
#include <vector>

namespace SpecEmbedding
{
  /// Views per forward pass: a batch's views are sorted by length and cut into sub-batches of at
  /// most this many views and kTokensPerForward padded positions, each padded only to its own longest
  /// view. At 128/8/4/256/128 and one thread, 64 views ran 2x faster than one pass over all 1024
  /// views of a batch (less padding, better cache use); the token budget keeps the few long views of
  /// a small batch from padding the short ones.
  constexpr int64_t kViewsPerForward = 64;
  constexpr int64_t kTokensPerForward = 2048;

  /// Embeddings [views, dim] with autograd, rows in the order of `views`.
  torch::Tensor embedViews(SpectrumEncoderImpl& encoder, const std::vector<TokenSequence>& views);
}
