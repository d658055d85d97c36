#include "SpectrumEncoder.h"

#include "../Errors.h"

#include <algorithm>
#include <numeric>

namespace SpecEmbedding
{
  SpectrumEncoderImpl::SpectrumEncoderImpl(const ModelConfig& config) : config_(config)
  {
    config_.validate();
    embedding_ = register_module("embedding", PeaksEmbedding(PeaksEmbeddingOptions(config_.embedding_dim)
                                                               .lambda_min(config_.lambda_min)
                                                               .lambda_max(config_.lambda_max)
                                                               .activation(config_.activation)
                                                               .dropout(config_.dropout)));
    const auto layer = EncoderLayerOptions(config_.embedding_dim, config_.n_head, config_.dim_feedforward)
                         .activation(config_.encoderActivation())
                         .dropout(config_.dropout);
    encoder_ = register_module("_encoder", TransformerEncoder(TransformerEncoderOptions(layer, config_.n_layer)));
    decoder_ = register_module("_decoder", FeedForward(FeedForwardOptions(config_.embedding_dim, config_.dim_feedforward, config_.dim_target)
                                                         .activation(config_.activation)
                                                         .dropout(config_.dropout)));
    final_activation_ = makeActivation(config_.activation);
  }

  torch::Tensor SpectrumEncoderImpl::forward(const TokenBatch& batch)
  {
    const auto x = encoder_->forward(embedding_->forward(batch.mz, batch.intensity), batch.key_padding_mask);
    const auto pooled = (x * batch.pool_weight.unsqueeze(-1)).sum(1) / static_cast<double>(config_.max_len);
    return final_activation_.forward(decoder_->forward(pooled));
  }

  std::vector<std::vector<size_t>> batchesByLength(const std::vector<TokenSequence>& sequences, int64_t batch_size,
                                                   int64_t max_tokens)
  {
    if (batch_size < 1) throw ParameterError("batch size must be positive");
    std::vector<size_t> order(sequences.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sequences[a].size() < sequences[b].size(); });
    std::vector<std::vector<size_t>> batches;
    for (size_t index : order)
    {
      // Ascending lengths: the newest member is the longest, and sets the padded length.
      const auto padded = static_cast<int64_t>(sequences[index].size()) + 1;
      const bool full = !batches.empty() &&
                        (static_cast<int64_t>(batches.back().size()) == batch_size ||
                         (max_tokens > 0 && static_cast<int64_t>(batches.back().size() + 1) * padded > max_tokens));
      if (batches.empty() || full) batches.emplace_back();
      batches.back().push_back(index);
    }
    return batches;
  }

  torch::Tensor SpectrumEncoderImpl::embed(const std::vector<TokenSequence>& sequences, int64_t batch_size,
                                           const std::function<void(size_t)>& progress)
  {
    const bool was_training = is_training();
    eval();
    torch::InferenceMode inference;
    auto result = torch::empty({static_cast<int64_t>(sequences.size()), config_.dim_target});
    size_t done = 0;
    for (const auto& batch_indices : batchesByLength(sequences, batch_size))
    {
      std::vector<const TokenSequence*> members;
      for (size_t i : batch_indices) members.push_back(&sequences[i]);
      const auto output = forward(TokenBatch::pack(members, config_.max_len));
      const auto rows = torch::tensor(std::vector<int64_t>(batch_indices.begin(), batch_indices.end()), torch::kLong);
      result.index_copy_(0, rows, output);
      done += batch_indices.size();
      if (progress) progress(done);
    }
    train(was_training);
    return result;
  }
}
